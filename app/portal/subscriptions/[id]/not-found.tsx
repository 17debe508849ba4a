import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';

export default function SubscriptionNotFound() {
  return (
    <PortalPage>
      <PageHeading title="Subscription not found" />
      <Card>
        <p className="text-sm text-slate-600" data-testid="subscription-not-found">
          We could not find this subscription on your account. Check the link, or choose it from your list of
          subscriptions.
        </p>
        <ButtonLink href="/portal/subscriptions" variant="secondary" className="mt-4">
          Your subscriptions
        </ButtonLink>
      </Card>
    </PortalPage>
  );
}
