import type { CardView, SubscriptionView } from './billing';
import { cardLabel, formatDate, formatMoney, perPeriod } from './billing-format';

/** "$9.00 per month". */
export function priceText(view: SubscriptionView): string {
  return `${formatMoney(view.amount, view.currencyCode)} ${perPeriod(view.billingPeriod, view.billingPeriodUnit)}`;
}

/** "$9.00", or "$0.00 (paid from your credit)" when credit covers some or all of it. */
function nextPaymentText(view: SubscriptionView): string {
  const money = formatMoney(view.nextAmount, view.currencyCode);
  if (view.credit <= 0) return money;
  return view.nextAmount === 0 ? `${money} (covered by your credit)` : `${money} (after your credit)`;
}

/**
 * What the end of a trial does, as the provider will do it: charges the card it would pick, or, with
 * no usable card, follows the trial end action (cancel unless it is `activate_subscription`).
 * `card` is the card the charge would go to (null: none usable; undefined: not known here).
 */
export function trialEndText(view: SubscriptionView, card: CardView | null | undefined): string {
  if (!view.trialEnd) return 'Free trial.';
  const end = formatDate(view.trialEnd);
  const first = formatMoney(view.nextAmount, view.currencyCode);
  const then = `${formatMoney(view.amount, view.currencyCode)} ${perPeriod(view.billingPeriod, view.billingPeriodUnit)}`;
  if (card)
    return `Free trial until ${end}. On ${end} we charge ${first} to ${cardLabel(card)}, then ${then}.`;
  if (card === undefined)
    return `Free trial until ${end}, then ${first} ${perPeriod(view.billingPeriod, view.billingPeriodUnit)}.`;
  if (view.trialEndAction === 'activate_subscription')
    return `Free trial until ${end}. Then ${first} is due; add a card before ${end} so it can be paid.`;
  return `Free trial until ${end}. Add a card before then: without one, the subscription is cancelled on ${end}.`;
}

/** "Cancelled on 3 June 2026 because payments failed." and the like, from `cancel_reason`. */
function endedText(view: SubscriptionView): string {
  const on = view.cancelledAt ? ` on ${formatDate(view.cancelledAt)}` : '';
  if (view.cancelReason === 'not_paid') return `Cancelled${on} because payments failed.`;
  if (view.cancelReason === 'no_card') return `Cancelled${on}: the trial ended with no card to charge.`;
  return view.cancelledAt ? `Ended on ${formatDate(view.cancelledAt)}.` : 'Ended.';
}

/** One sentence on where the subscription's billing stands (`card`: as for `trialEndText`). */
export function billingSummary(view: SubscriptionView, card?: CardView | null): string {
  const money = (amount: number) => formatMoney(amount, view.currencyCode);
  switch (view.status) {
    case 'future':
      return view.startDate
        ? `Starts on ${formatDate(view.startDate)}. First payment: ${money(view.amount)}.`
        : 'Starts later.';
    case 'in_trial':
      if (view.cancelledAt) return `Free trial until ${formatDate(view.cancelledAt)}, then it ends.`;
      return trialEndText(view, card);
    case 'active': {
      const next = view.nextBillingAt
        ? `Next payment: ${nextPaymentText(view)} on ${formatDate(view.nextBillingAt)}.`
        : 'Active.';
      return view.pauseDate ? `${next} Pauses on ${formatDate(view.pauseDate)}.` : next;
    }
    case 'non_renewing':
      return view.cancelledAt
        ? `Ends on ${formatDate(view.cancelledAt)}. No further payments.`
        : 'Ends at the end of this term. No further payments.';
    case 'paused': {
      const since = view.pauseDate ? `Paused since ${formatDate(view.pauseDate)}.` : 'Paused.';
      return view.resumeDate
        ? `${since} Resumes on ${formatDate(view.resumeDate)}.`
        : `${since} No payments while paused.`;
    }
    case 'cancelled':
      return endedText(view);
    default:
      return '';
  }
}

export type KeyDate = { label: string; value: string; testId?: string };

/** The dates worth showing on the details page, in the order a customer asks about them. */
export function keyDates(view: SubscriptionView, card?: CardView | null): KeyDate[] {
  const dates: KeyDate[] = [];
  if (view.status === 'future' && view.startDate)
    dates.push({ label: 'Starts on', value: formatDate(view.startDate) });
  if (view.startedAt) dates.push({ label: 'Started on', value: formatDate(view.startedAt) });
  const inTerm = ['in_trial', 'active', 'non_renewing'].includes(view.status);
  if (inTerm && view.currentTermStart && view.currentTermEnd)
    dates.push({
      label: view.status === 'in_trial' ? 'Trial period' : 'Current term',
      value: `${formatDate(view.currentTermStart)} to ${formatDate(view.currentTermEnd)}`,
    });
  const trialEndsUnpaid =
    view.status === 'in_trial' && card === null && view.trialEndAction !== 'activate_subscription';
  if (
    (view.status === 'active' || view.status === 'in_trial' || view.status === 'future') &&
    view.nextBillingAt &&
    !trialEndsUnpaid
  )
    dates.push({
      label: 'Next payment',
      value: `${nextPaymentText(view)} on ${formatDate(view.nextBillingAt)}`,
      testId: 'next-payment',
    });
  if (view.status === 'non_renewing' && view.cancelledAt)
    dates.push({ label: 'Ends on', value: formatDate(view.cancelledAt), testId: 'ends-on' });
  if (view.status === 'paused' && view.pauseDate)
    dates.push({ label: 'Paused since', value: formatDate(view.pauseDate) });
  if (view.pauseDate && view.status !== 'paused')
    dates.push({ label: 'Pauses on', value: formatDate(view.pauseDate) });
  if (view.resumeDate) dates.push({ label: 'Resumes on', value: formatDate(view.resumeDate) });
  if (view.status === 'cancelled' && view.cancelledAt)
    dates.push({ label: 'Ended on', value: formatDate(view.cancelledAt), testId: 'ended-on' });
  if (view.status === 'cancelled' && view.cancelReason === 'not_paid')
    dates.push({ label: 'Why it ended', value: 'Payments failed', testId: 'cancel-reason' });
  return dates;
}
