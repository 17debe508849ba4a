import type { SubscriptionView } from './billing';
import { formatDate, formatMoney, perPeriod } from './billing-format';

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

/** One sentence on where the subscription's billing stands. */
export function billingSummary(view: SubscriptionView): string {
  const money = (amount: number) => formatMoney(amount, view.currencyCode);
  switch (view.status) {
    case 'future':
      return view.startDate
        ? `Starts on ${formatDate(view.startDate)}. First payment: ${money(view.amount)}.`
        : 'Starts later.';
    case 'in_trial':
      if (view.cancelledAt) return `Free trial until ${formatDate(view.cancelledAt)}, then it ends.`;
      return view.trialEnd
        ? `Free trial until ${formatDate(view.trialEnd)}, then ${money(view.nextAmount)} ${perPeriod(view.billingPeriod, view.billingPeriodUnit)}.`
        : 'Free trial.';
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
      return view.cancelledAt ? `Ended on ${formatDate(view.cancelledAt)}.` : 'Ended.';
    default:
      return '';
  }
}

export type KeyDate = { label: string; value: string; testId?: string };

/** The dates worth showing on the details page, in the order a customer asks about them. */
export function keyDates(view: SubscriptionView): KeyDate[] {
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
  if (
    (view.status === 'active' || view.status === 'in_trial' || view.status === 'future') &&
    view.nextBillingAt
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
  return dates;
}
