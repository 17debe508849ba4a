import type { ReactNode } from 'react';
import { formatDate, formatMoney } from '@/lib/portal/billing-format';
import { type Dues, type DunningSchedule, dueInvoiceSentences, duesAmount } from '@/lib/portal/dues';

/**
 * What the customer owes, at the top of a page: the total, each unpaid invoice with what happens to it
 * next (retry dates, then the site's final action), and a way to pay (`children`).
 */
export function DuesPanel({
  dues,
  schedule,
  children,
}: {
  dues: Dues;
  schedule: DunningSchedule;
  children?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="dues-heading"
      className="rounded-xl border border-amber-300 bg-amber-50 px-5 py-5 shadow-xs sm:px-6"
      data-testid="dues"
    >
      <h2 id="dues-heading" className="text-base font-semibold text-amber-950">
        Payment due: <span data-testid="dues-total">{duesAmount(dues)}</span>
      </h2>
      <ul className="mt-3 flex flex-col gap-3">
        {dues.invoices.map((invoice) => (
          <li key={invoice.id} className="text-sm leading-6 text-amber-950" data-testid="due-invoice">
            <p className="font-medium">
              Invoice #{invoice.id} of {formatDate(invoice.date)}:{' '}
              {formatMoney(invoice.amountDue, invoice.currencyCode)}
            </p>
            {dueInvoiceSentences(invoice, schedule).map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
          </li>
        ))}
      </ul>
      {children ? <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap">{children}</div> : null}
    </section>
  );
}
