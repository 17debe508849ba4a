import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '@/lib/db/client';
import {
  type customers,
  invoices,
  type LineItem,
  type LinkedPayment,
  type paymentSources,
  transactions,
} from '@/lib/db/schema';
import { nextResourceVersion } from './clock';
import { dunningStart } from './dunning';
import { type EventSource, recordEvent } from './events';
import { chargeCard } from './gateway';
import { newId } from './ids';
import { invoiceToWire, transactionToWire } from './invoices';
import type { ItemPriceRow } from './item-prices';

type CustomerRow = typeof customers.$inferSelect;
type PaymentSourceRow = typeof paymentSources.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type TransactionRow = typeof transactions.$inferSelect;

export type ChargeLine = {
  price: Pick<ItemPriceRow, 'id' | 'name' | 'pricingModel'>;
  unitAmount: number;
  quantity: number;
  amount: number;
  dateFrom: number;
  dateTo: number;
  description?: string;
};

export type IssueInput = {
  customer: CustomerRow;
  subscriptionId: string;
  currencyCode: string;
  lines: ChargeLine[];
  date: number;
  /** Credit the subscription holds; as much as the invoice needs is applied. */
  creditAvailable: number;
  recurring: boolean;
  firstInvoice: boolean;
  paymentSource: PaymentSourceRow | undefined;
};

export type IssuedInvoice = { invoice: InvoiceRow; transaction?: TransactionRow; creditUsed: number };

async function nextInvoiceNumber(db: Database): Promise<string> {
  const [row] = await queryRows<{ n: string }>(db, sql`select nextval('invoice_numbers')::text as n`);
  return (row as { n: string }).n;
}

/**
 * Creates an invoice for the lines, applies credit, and charges the rest to the payment source. A decline
 * leaves the invoice `payment_due` with dunning in progress; no payment source leaves it due unpaid.
 */
export async function issueInvoice(db: Database, input: IssueInput): Promise<IssuedInvoice> {
  const { customer, date } = input;
  const total = input.lines.reduce((sum, line) => sum + line.amount, 0);
  const creditUsed = Math.min(total, Math.max(0, input.creditAvailable));
  const toCollect = total - creditUsed;
  const id = await nextInvoiceNumber(db);
  const lineItems: LineItem[] = input.lines.map((line) => ({
    id: newId('li_'),
    subscription_id: input.subscriptionId,
    customer_id: customer.id,
    date_from: line.dateFrom,
    date_to: line.dateTo,
    unit_amount: line.unitAmount,
    quantity: line.quantity,
    amount: line.amount,
    pricing_model: line.price.pricingModel,
    is_taxed: false,
    tax_amount: 0,
    discount_amount: 0,
    description: line.description ?? line.price.name,
    entity_type: 'plan_item_price',
    entity_id: line.price.id,
  }));

  let transaction: TransactionRow | undefined;
  if (toCollect > 0 && input.paymentSource) {
    const result = chargeCard(input.paymentSource);
    const [row] = await db
      .insert(transactions)
      .values({
        id: newId('txn_'),
        customerId: customer.id,
        subscriptionId: input.subscriptionId,
        paymentSourceId: input.paymentSource.id,
        invoiceId: id,
        type: 'payment',
        status: result.ok ? 'success' : 'failure',
        amount: toCollect,
        currencyCode: input.currencyCode,
        date,
        errorCode: result.ok ? undefined : result.errorCode,
        errorText: result.ok ? undefined : result.errorText,
        maskedCardNumber: input.paymentSource.card.masked_number,
        createdAt: date,
        updatedAt: date,
        resourceVersion: nextResourceVersion(),
      })
      .returning();
    transaction = row;
  }
  const paid = toCollect === 0 || transaction?.status === 'success';
  const linkedPayments: LinkedPayment[] = transaction
    ? [
        {
          txn_id: transaction.id,
          applied_amount: paid ? toCollect : 0,
          applied_at: date,
          txn_status: transaction.status,
          txn_date: date,
          txn_amount: toCollect,
        },
      ]
    : [];
  const [invoice] = await db
    .insert(invoices)
    .values({
      id,
      customerId: customer.id,
      subscriptionId: input.subscriptionId,
      recurring: input.recurring,
      status: paid ? 'paid' : 'payment_due',
      date,
      dueDate: date,
      paidAt: paid ? date : undefined,
      currencyCode: input.currencyCode,
      subTotal: total,
      total,
      amountPaid: paid ? toCollect : 0,
      amountDue: paid ? 0 : toCollect,
      creditsApplied: creditUsed,
      firstInvoice: input.firstInvoice,
      lineItems,
      linkedPayments,
      billingAddress: customer.billingAddress,
      ...(paid ? {} : dunningStart(date)),
      createdAt: date,
      updatedAt: date,
      resourceVersion: nextResourceVersion(),
    })
    .returning();
  return { invoice: invoice as InvoiceRow, transaction, creditUsed };
}

/** The subscription's dues after an invoice: counts and sums what is still unpaid. */
export function duesAfter(
  current: { dueInvoicesCount: number; dueSince: number | null; totalDues: number },
  issued: IssuedInvoice | undefined,
) {
  if (issued?.invoice.status !== 'payment_due') return {};
  return {
    dueInvoicesCount: current.dueInvoicesCount + 1,
    dueSince: current.dueSince ?? issued.invoice.date,
    totalDues: current.totalDues + issued.invoice.amountDue,
  };
}

/** invoice_generated, then payment_succeeded or payment_failed when a charge was attempted. */
export async function recordInvoiceEvents(
  db: Database,
  issued: IssuedInvoice | undefined,
  context: { subscription: Record<string, unknown>; customer: Record<string, unknown>; card?: unknown },
  source: EventSource,
): Promise<void> {
  if (!issued) return;
  const invoice = invoiceToWire(issued.invoice);
  await recordEvent(db, { eventType: 'invoice_generated', content: { invoice }, source });
  const { transaction } = issued;
  if (!transaction) return;
  await recordEvent(db, {
    eventType: transaction.status === 'success' ? 'payment_succeeded' : 'payment_failed',
    content: {
      transaction: transactionToWire(transaction, [issued.invoice]),
      invoice,
      customer: context.customer,
      subscription: context.subscription,
      ...(context.card ? { card: context.card } : {}),
    },
    source,
  });
}
