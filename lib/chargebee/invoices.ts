import { z } from 'zod';
import { type ChargebeeHttp, chargebee } from './http';
import { type Invoice, invoiceSchema, listOf } from './schemas';

const invoiceList = listOf(z.object({ invoice: invoiceSchema }));

/** The customer's invoices with money due (`payment_due`, the ones dunning may still retry), newest 100. */
export async function listDueInvoices(
  customerId: string,
  http: ChargebeeHttp = chargebee(),
): Promise<Invoice[]> {
  const answer = await http.get('invoices', invoiceList, {
    customer_id: { is: customerId },
    status: { is: 'payment_due' },
    limit: 100,
  });
  return answer.list.map((entry) => entry.invoice);
}
