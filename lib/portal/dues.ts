import type { InvoiceView } from './billing';
import { formatDate, formatMoney } from './billing-format';

/** The provider's dunning settings (lib/provider/dunning.ts `dunningSchedule`), passed in by the page. */
export type DunningSchedule = { retryDays: readonly number[]; finalAction: 'cancel' | 'keep' };

/** What a customer owes: the invoices with money due, oldest first, and their total. */
export type Dues = { invoices: InvoiceView[]; total: number; currencyCode: string };

const day = 86_400;

/** The invoices that still owe money (`payment_due`, or `not_paid` after dunning), oldest first; undefined when none. */
export function duesOf(invoices: readonly InvoiceView[]): Dues | undefined {
  const due = invoices
    .filter((invoice) => ['payment_due', 'not_paid'].includes(invoice.status) && invoice.amountDue > 0)
    .sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
  const [first] = due;
  if (!first) return undefined;
  return {
    invoices: due,
    total: due.reduce((sum, invoice) => sum + invoice.amountDue, 0),
    currencyCode: first.currencyCode,
  };
}

/** "$9.00": the total as the portal writes money. */
export function duesAmount(dues: Dues): string {
  return formatMoney(dues.total, dues.currencyCode);
}

/**
 * When the last retry of an invoice in dunning will happen if every retry declines: its next retry,
 * then the remaining gaps of the schedule (the provider's retry n+1 comes `retryDays[n]` days after
 * retry n). Undefined when no retry is scheduled.
 */
export function lastRetryAt(
  invoice: Pick<InvoiceView, 'dunningStatus' | 'nextRetryAt' | 'retriesMade'>,
  schedule: DunningSchedule,
): number | undefined {
  if (invoice.dunningStatus !== 'in_progress' || invoice.nextRetryAt === undefined) return undefined;
  const later = schedule.retryDays.slice(invoice.retriesMade + 1);
  return invoice.nextRetryAt + later.reduce((sum, days) => sum + days, 0) * day;
}

/** How many retries are still to come for an invoice in dunning (the next one included). */
function retriesLeft(invoice: Pick<InvoiceView, 'retriesMade'>, schedule: DunningSchedule): number {
  return Math.max(0, schedule.retryDays.length - invoice.retriesMade);
}

/**
 * What happens to one unpaid invoice from here, in sentences that are true of what the provider does:
 * the failed payment and the next retry, then what the last retry failing leads to under the site's
 * final action; an invoice whose retries are used up, or that nothing retries, says so.
 */
export function dueInvoiceSentences(invoice: InvoiceView, schedule: DunningSchedule): string[] {
  const failedOn = formatDate(invoice.lastAttemptAt ?? invoice.date);
  if (invoice.dunningStatus === 'in_progress' && invoice.nextRetryAt !== undefined) {
    const left = retriesLeft(invoice, schedule);
    const last = lastRetryAt(invoice, schedule) ?? invoice.nextRetryAt;
    const retry = `Payment failed on ${failedOn}; we will try again on ${formatDate(invoice.nextRetryAt)}.`;
    const more =
      left > 1
        ? ` If that fails, we try ${left - 1} more time${left > 2 ? 's' : ''}, the last on ${formatDate(last)}.`
        : '';
    const outcome =
      schedule.finalAction === 'cancel'
        ? `If the last try on ${formatDate(last)} fails too, your subscription is cancelled that day.`
        : `If the last try on ${formatDate(last)} fails too, we stop trying; your subscription carries on and the invoice stays unpaid until you pay it here.`;
    return [`${retry}${more}`, outcome];
  }
  if (invoice.dunningStatus === 'exhausted' || invoice.status === 'not_paid')
    return [
      `Payment failed on ${failedOn}. We have stopped trying to collect it; you can still pay it here.`,
    ];
  return [`Payment failed on ${failedOn}. Nothing will retry it automatically; you can pay it here.`];
}

/**
 * After a charge for the dues was declined: what is still owed and when the provider next tries
 * (the oldest invoice still in dunning), or that nothing will retry it.
 */
export function stillDueText(dues: Dues, schedule: DunningSchedule): string {
  const retry = dues.invoices.find((invoice) => lastRetryAt(invoice, schedule) !== undefined)?.nextRetryAt;
  return retry === undefined
    ? `${duesAmount(dues)} is still due.`
    : `${duesAmount(dues)} is still due; we will try again on ${formatDate(retry)}.`;
}
