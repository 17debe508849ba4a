import type { EntitlementSnapshot } from '@/lib/auth/entitlement-rules';
import type { ItemPrice } from '@/lib/chargebee/schemas';
import { formatDate, formatPeriod, formatPrice } from './format';

/** Where a subscription stands, in words a reader understands, for the account page. */
export type Standing = {
  tone: 'good' | 'neutral' | 'warning' | 'ended';
  /** One sentence: "Free trial until 12 January 2027; then $9 a month." */
  summary: string;
  /** What to do about it, when there is something to do. */
  advice?: string;
};

type Plan = Pick<ItemPrice, 'price' | 'currency_code' | 'period' | 'period_unit'>;

/** "$9 a month", "$90 a year", "$20 every 3 months". */
export function priceEvery(plan: Plan): string {
  return `${formatPrice(plan)} ${formatPeriod(plan, 'a')}`;
}

/** What a payment in dunning owes, formatted, e.g. "$9"; null when nothing is owed. */
export function amountOwed(
  entitlement: Pick<EntitlementSnapshot, 'totalDues' | 'currencyCode'>,
): string | null {
  if (entitlement.totalDues <= 0) return null;
  return formatPrice({ price: entitlement.totalDues, currency_code: entitlement.currencyCode ?? 'USD' });
}

/** The dunning sentence: "Payment of $9 failed on 3 March 2027; we will try your card again on 6 March 2027." */
export function paymentFailedSentence(
  entitlement: Pick<EntitlementSnapshot, 'totalDues' | 'currencyCode' | 'dueSince' | 'nextRetryAt'>,
): string {
  const owed = amountOwed(entitlement) ?? '';
  const failed = entitlement.dueSince ? ` failed on ${formatDate(entitlement.dueSince)}` : ' failed';
  const retry = entitlement.nextRetryAt
    ? `; we will try your card again on ${formatDate(entitlement.nextRetryAt)}`
    : '; no further retry is planned';
  return `Payment of ${owed}${failed}${retry}.`;
}

/**
 * The account page's sentence for a subscription record. Every date comes from the billing system (so
 * it is the provider's own clock, time machine included), and nothing is promised that it will not do.
 */
export function describeStanding(entitlement: EntitlementSnapshot, plan: Plan | null): Standing | null {
  const { status } = entitlement;
  const then = plan ? `; then ${priceEvery(plan)}` : '';
  const renewal = entitlement.nextBillingAt ?? entitlement.currentTermEnd;
  if (!status) return null;
  if (entitlement.totalDues > 0 && (status === 'active' || status === 'non_renewing')) {
    return {
      tone: 'warning',
      summary: paymentFailedSentence(entitlement),
      advice: 'Update your card to pay now and keep your membership.',
    };
  }
  switch (status) {
    case 'in_trial': {
      const until = entitlement.trialEnd ?? entitlement.currentTermEnd;
      if (!until) return { tone: 'good', summary: 'Free trial.' };
      if (entitlement.cancelledAt) {
        return {
          tone: 'neutral',
          summary: `Free trial until ${formatDate(until)}; it ends then and nothing is charged.`,
        };
      }
      return { tone: 'good', summary: `Free trial until ${formatDate(until)}${then}.` };
    }
    case 'active':
      return {
        tone: 'good',
        summary: renewal
          ? `Renews on ${formatDate(renewal)}${plan ? ` for ${formatPrice(plan)}` : ''}.`
          : 'Active.',
      };
    case 'non_renewing': {
      const end = entitlement.cancelledAt ?? entitlement.currentTermEnd;
      return {
        tone: 'neutral',
        summary: end ? `Ends on ${formatDate(end)}. It will not renew.` : 'Will not renew.',
      };
    }
    case 'paused':
      return { tone: 'neutral', summary: 'Paused.', advice: 'Resume it in billing to read again.' };
    case 'future':
      return { tone: 'neutral', summary: 'Not started yet.' };
    case 'cancelled': {
      const on = entitlement.cancelledAt ? ` on ${formatDate(entitlement.cancelledAt)}` : '';
      if (entitlement.cancelReason === 'not_paid') {
        return {
          tone: 'ended',
          summary: `Cancelled${on} because payments failed.`,
          advice: 'Choose a plan to subscribe again.',
        };
      }
      return { tone: 'ended', summary: `Cancelled${on}.` };
    }
    default:
      return { tone: 'ended', summary: 'Ended.' };
  }
}
