import { type EntitlementSnapshot, grantsAccess } from '@/lib/auth/entitlement-rules';
import { amountOwed, paymentFailedSentence } from '@/lib/site/standing';
import { primaryButton } from './styles';

/** Where the button goes: the portal's payment methods, through SSO, so no second sign-in. */
export const updateCardHref = '/portal_link?section=payment_sources';

/**
 * Shown on every members page and on the account page while a renewal is in dunning: what is owed, when
 * the card is tried again, and one button to the portal's payment methods, where a card pays it at once.
 * Reads only the entitlement record the gate already loaded: no extra query, no billing call.
 */
export function PaymentDueNotice({
  entitlement,
}: {
  entitlement: Pick<
    EntitlementSnapshot,
    'status' | 'totalDues' | 'currencyCode' | 'dueSince' | 'nextRetryAt' | 'currentTermEnd'
  >;
}) {
  const owed = amountOwed(entitlement);
  if (!owed || !grantsAccess(entitlement.status)) return null;
  return (
    <section
      aria-labelledby="payment-due-title"
      data-testid="payment-due-notice"
      className="rounded-xl border border-amber-300 bg-amber-50 px-5 py-4 text-amber-950"
    >
      <h2 id="payment-due-title" className="font-semibold">
        {`Your payment of ${owed} did not go through`}
      </h2>
      <p className="mt-1 text-sm leading-6">
        {paymentFailedSentence(entitlement)}
        {entitlement.nextRetryAt ? ' Your membership carries on meanwhile.' : ''} Paying with a card that
        works settles it at once.
      </p>
      <a href={updateCardHref} className={`${primaryButton} mt-3`} data-testid="payment-due-action">
        {`Update card and pay ${owed}`}
      </a>
    </section>
  );
}
