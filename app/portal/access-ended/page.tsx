import type { Metadata } from 'next';
import { AuthPanel } from '@/components/portal/auth-panel';
import { AlertIcon } from '@/components/portal/icons';
import { ButtonLink, ExternalButtonLink } from '@/components/ui/button';
import { db } from '@/lib/db/client';
import type { AccessEndReason } from '@/lib/portal/access';
import { allowedMerchantUrl } from '@/lib/portal/checkout';
import { idPattern } from '@/lib/provider/ids';
import { findPortalSession } from '@/lib/provider/portal-sessions';

export const metadata: Metadata = { title: 'Link not usable' };

const explanations: Record<AccessEndReason, { title: string; body: string }> = {
  used: {
    title: 'This link has already been used',
    body: 'Links into the billing portal work only once, so a link that was opened before cannot open it again. Go back to the website and open the billing portal from there to get a fresh link.',
  },
  expired: {
    title: 'This link has expired',
    body: 'Links into the billing portal work for one hour after they are made. Go back to the website and open the billing portal from there to get a fresh link.',
  },
  logged_out: {
    title: 'This portal session has ended',
    body: 'You logged out, or the website ended this session for you. To see your billing details again, open the portal from the website or sign in here.',
  },
  unknown: {
    title: "This link isn't valid",
    body: 'We could not find the portal session this link belongs to. Check that you copied the whole link, or open the portal again from the website.',
  },
};

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AccessEndedPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const reason =
    typeof params.reason === 'string' && params.reason in explanations
      ? (params.reason as AccessEndReason)
      : 'unknown';
  const sessionId =
    typeof params.session === 'string' && idPattern.test(params.session) ? params.session : '';
  const session = sessionId ? await findPortalSession(await db(), sessionId) : undefined;
  const back = allowedMerchantUrl(session?.redirectUrl ?? undefined);
  const { title, body } = explanations[reason];
  return (
    <AuthPanel
      tone="warning"
      icon={<AlertIcon />}
      title={title}
      intro={<p data-testid="access-ended">{body}</p>}
    >
      <div className="flex flex-col gap-3 sm:flex-row">
        {back ? (
          <ExternalButtonLink href={back} variant="primary" className="w-full sm:w-auto">
            Back to {new URL(back).host}
          </ExternalButtonLink>
        ) : null}
        <ButtonLink
          href="/portal/login"
          variant={back ? 'secondary' : 'primary'}
          className="w-full sm:w-auto"
        >
          Sign in to the portal
        </ButtonLink>
      </div>
    </AuthPanel>
  );
}
