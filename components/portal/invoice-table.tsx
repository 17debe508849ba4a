import type { InvoiceView } from '@/lib/portal/billing';
import { formatDate, formatMoney, invoiceStatus } from '@/lib/portal/billing-format';
import { StatusBadge } from './status-badge';

const cell =
  'flex items-center justify-between gap-4 py-1 sm:table-cell sm:px-3 sm:py-3 sm:first:pl-0 sm:last:pr-0';
const label = 'text-sm font-normal text-slate-500 sm:hidden';

/** Invoices as a table from small screens up; on phones each invoice is a block of label/value lines. */
export function InvoiceTable({ invoices }: { invoices: readonly InvoiceView[] }) {
  return (
    <table className="w-full text-sm">
      <thead className="sr-only sm:not-sr-only">
        <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <th scope="col" className="font-medium pb-2 sm:pr-3">
            Invoice
          </th>
          <th scope="col" className="font-medium px-3 pb-2">
            Date
          </th>
          <th scope="col" className="font-medium px-3 pb-2">
            Status
          </th>
          <th scope="col" className="font-medium px-3 pb-2 text-right">
            Amount
          </th>
          <th scope="col" className="font-medium pb-2 pl-3 text-right">
            <span className="sr-only">Download</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {invoices.map((invoice) => {
          const status = invoiceStatus(invoice.status);
          return (
            <tr key={invoice.id} className="block py-3 sm:table-row sm:py-0" data-testid="invoice-row">
              <th scope="row" className={`${cell} text-left font-semibold text-slate-900`}>
                <span className={label}>Invoice</span>
                <span>#{invoice.id}</span>
              </th>
              <td className={`${cell} text-slate-700`}>
                <span className={label}>Date</span>
                {formatDate(invoice.date)}
              </td>
              <td className={cell}>
                <span className={label}>Status</span>
                <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
              </td>
              <td className={`${cell} text-slate-900 tabular-nums sm:text-right`}>
                <span className={label}>Amount</span>
                <span>
                  {formatMoney(invoice.total, invoice.currencyCode)}
                  {invoice.amountDue > 0 && invoice.status !== 'voided' ? (
                    <span className="block text-xs text-slate-500">
                      {formatMoney(invoice.amountDue, invoice.currencyCode)} due
                    </span>
                  ) : null}
                </span>
              </td>
              <td className={`${cell} sm:text-right`}>
                <a
                  href={`/portal/invoices/${encodeURIComponent(invoice.id)}/pdf`}
                  className="inline-flex min-h-9 items-center font-semibold text-teal-800 underline-offset-4 hover:underline"
                >
                  Download PDF<span className="sr-only">&nbsp;of invoice {invoice.id}</span>
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
