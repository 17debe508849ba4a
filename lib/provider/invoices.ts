import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { invoices, subscriptions, type transactions } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, pageOf } from './api/pagination';
import { requireCustomer } from './customers';
import { testGateway } from './gateway';
import { compact } from './serialize';

type InvoiceRow = typeof invoices.$inferSelect;
type TransactionRow = typeof transactions.$inferSelect;

export const invoiceStatuses = ['paid', 'posted', 'payment_due', 'not_paid', 'voided', 'pending'] as const;

function billingAddressToWire(address: InvoiceRow['billingAddress']) {
  if (!address || Object.keys(address).length === 0) return undefined;
  return {
    ...address,
    validation_status: address.validation_status ?? 'not_validated',
    object: 'billing_address',
  };
}

export function invoiceToWire(row: InvoiceRow) {
  return compact({
    id: row.id,
    customer_id: row.customerId,
    subscription_id: row.subscriptionId,
    recurring: row.recurring,
    status: row.status,
    price_type: 'tax_exclusive',
    date: row.date,
    due_date: row.dueDate,
    net_term_days: 0,
    exchange_rate: 1,
    currency_code: row.currencyCode,
    total: row.total,
    amount_paid: row.amountPaid,
    amount_adjusted: 0,
    write_off_amount: 0,
    credits_applied: row.creditsApplied,
    amount_due: row.amountDue,
    amount_to_collect: row.amountDue,
    round_off_amount: 0,
    paid_at: row.paidAt,
    dunning_status: row.dunningStatus,
    next_retry_at: row.nextRetryAt,
    first_invoice: row.firstInvoice,
    has_advance_charges: false,
    term_finalized: true,
    is_gifted: false,
    generated_at: row.date,
    sub_total: row.subTotal,
    tax: row.tax,
    resource_version: row.resourceVersion,
    updated_at: row.updatedAt,
    deleted: row.deleted,
    object: 'invoice',
    line_items: row.lineItems.map((line) => compact({ ...line, object: 'line_item' })),
    linked_payments: row.linkedPayments,
    dunning_attempts: row.dunningAttempts.length > 0 ? row.dunningAttempts : undefined,
    billing_address: billingAddressToWire(row.billingAddress),
  });
}

/** A transaction with the invoices it was applied to (each paid in full when it succeeded). */
export function transactionToWire(row: TransactionRow, linked: InvoiceRow[] = []) {
  return compact({
    id: row.id,
    customer_id: row.customerId,
    subscription_id: row.subscriptionId,
    payment_source_id: row.paymentSourceId,
    payment_method: 'card',
    gateway: testGateway.gateway,
    gateway_account_id: testGateway.gatewayAccountId,
    type: row.type,
    date: row.date,
    amount: row.amount,
    currency_code: row.currencyCode,
    status: row.status,
    error_code: row.errorCode,
    error_text: row.errorText,
    masked_card_number: row.maskedCardNumber,
    linked_invoices: linked.map((invoice) => ({
      invoice_id: invoice.id,
      applied_amount:
        row.status === 'success'
          ? (invoice.linkedPayments.find((payment) => payment.txn_id === row.id)?.applied_amount ??
            row.amount)
          : 0,
      applied_at: row.date,
      invoice_date: invoice.date,
      invoice_total: invoice.total,
      invoice_status: invoice.status,
    })),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    deleted: false,
    object: 'transaction',
  });
}

export async function requireInvoice(db: Database, id: string, param = 'invoice_id'): Promise<InvoiceRow> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, id), eq(invoices.deleted, false)));
  if (!row) throw errors.notFound(`${param} : invoice ${id} not found`, param);
  return row;
}

export async function retrieveInvoice(db: Database, id: string) {
  return { invoice: invoiceToWire(await requireInvoice(db, id)) };
}

/** Invoice ids are numbers from one sequence; sorting them as text would put 10000 before 9999. */
const invoiceNumber = sql<number>`(${invoices.id})::bigint`;

function invoiceCursorNumber(cursor: Cursor): number {
  if (!/^\d{1,15}$/.test(cursor.id))
    throw errors.paramWrongValue(
      'offset',
      'is not an offset returned by this API (use next_offset as given)',
    );
  return Number(cursor.id);
}

export type InvoiceFilters = {
  customerId?: string;
  subscriptionId?: string;
  status?: string[];
  limit: number;
  cursor?: Cursor;
};

/** Newest first (by date, then invoice number), with a keyset offset. */
export async function listInvoices(db: Database, filters: InvoiceFilters) {
  const { limit, cursor } = filters;
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.deleted, false),
        filters.customerId === undefined ? undefined : eq(invoices.customerId, filters.customerId),
        filters.subscriptionId === undefined
          ? undefined
          : eq(invoices.subscriptionId, filters.subscriptionId),
        filters.status ? inArray(invoices.status, filters.status) : undefined,
        cursor
          ? or(
              lt(invoices.date, cursor.after),
              and(eq(invoices.date, cursor.after), lt(invoiceNumber, invoiceCursorNumber(cursor))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(invoices.date), desc(invoiceNumber))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, (row) => ({ after: row.date, id: row.id }));
  return {
    list: page.map((row) => ({ invoice: invoiceToWire(row) })),
    ...(nextOffset ? { next_offset: nextOffset } : {}),
  };
}

/** A customer's invoices, newest first, for the portal's billing history; 404 for an unknown customer. */
export async function listCustomerInvoices(
  db: Database,
  customerId: string,
  options: Omit<InvoiceFilters, 'customerId' | 'limit'> & { limit?: number } = {},
) {
  await requireCustomer(db, customerId);
  return listInvoices(db, { ...options, limit: options.limit ?? 100, customerId });
}

export async function listSubscriptionInvoices(
  db: Database,
  subscriptionId: string,
  options: Omit<InvoiceFilters, 'subscriptionId'>,
) {
  const [row] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.deleted, false)));
  if (!row)
    throw errors.notFound(`subscription_id : subscription ${subscriptionId} not found`, 'subscription_id');
  return listInvoices(db, { ...options, subscriptionId });
}
