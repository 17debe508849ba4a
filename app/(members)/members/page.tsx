import type { Metadata } from 'next';
import { MembersLibrary } from '@/components/site/members-library';
import { PaymentDueNotice } from '@/components/site/payment-due-notice';
import { requireSubscriber } from '@/lib/auth/access';

export const metadata: Metadata = { title: 'Members’ library' };

export default async function MembersIndexPage({
  searchParams,
}: {
  searchParams: Promise<{ welcome?: string }>;
}) {
  const subscriber = await requireSubscriber('/members');
  const { welcome } = await searchParams;
  return (
    <MembersLibrary
      name={subscriber.name}
      welcome={Boolean(welcome)}
      notice={
        subscriber.entitlement.totalDues > 0 ? (
          <PaymentDueNotice entitlement={subscriber.entitlement} />
        ) : null
      }
    />
  );
}
