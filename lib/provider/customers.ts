import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { type BillingAddress, customers, paymentSources } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, olderThan, pageOf } from './api/pagination';
import { nextResourceVersion, nowSeconds } from './clock';
import { type EventSource, recordEvent } from './events';
import { newId } from './ids';
import { cardToWire, paymentSourceStatus } from './payment-source-wire';
import { compact } from './serialize';

export type CustomerRow = typeof customers.$inferSelect;
type PaymentSourceRow = typeof paymentSources.$inferSelect;

export type CustomerInput = {
  id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  company?: string;
  auto_collection?: 'on' | 'off';
  preferred_currency_code?: string;
  billing_address?: BillingAddress;
};

function billingAddressToWire(address: BillingAddress | null) {
  if (!address || Object.keys(address).length === 0) return undefined;
  return {
    ...address,
    validation_status: address.validation_status ?? 'not_validated',
    object: 'billing_address',
  };
}

/** The customer as Chargebee sends it, with the legacy `card` companion when the primary source is a card. */
export function customerToWire(row: CustomerRow, primary?: PaymentSourceRow) {
  const customer = compact({
    id: row.id,
    first_name: row.firstName,
    last_name: row.lastName,
    email: row.email,
    phone: row.phone,
    company: row.company,
    auto_collection: row.autoCollection,
    net_term_days: 0,
    allow_direct_debit: false,
    taxability: 'taxable',
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    deleted: row.deleted,
    object: 'customer',
    card_status: primary ? paymentSourceStatus(primary) : 'no_card',
    primary_payment_source_id: row.primaryPaymentSourceId,
    backup_payment_source_id: row.backupPaymentSourceId,
    payment_method: primary
      ? {
          object: 'payment_method',
          type: primary.type,
          reference_id: primary.referenceId,
          gateway: primary.gateway,
          gateway_account_id: primary.gatewayAccountId,
          status: paymentSourceStatus(primary),
        }
      : undefined,
    billing_address: billingAddressToWire(row.billingAddress),
    preferred_currency_code: row.preferredCurrencyCode ?? 'USD',
    promotional_credits: 0,
    refundable_credits: 0,
    excess_payments: 0,
    unbilled_charges: 0,
  });
  return { customer, ...(primary ? { card: cardToWire(primary) } : {}) };
}

export async function findCustomer(db: Database, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.deleted, false)));
  return row;
}

export async function requireCustomer(db: Database, id: string, param = 'customer_id'): Promise<CustomerRow> {
  const row = await findCustomer(db, id);
  if (!row) throw errors.notFound(`${param} : customer ${id} not found`, param);
  return row;
}

async function primarySource(db: Database, row: CustomerRow): Promise<PaymentSourceRow | undefined> {
  if (!row.primaryPaymentSourceId) return undefined;
  const [source] = await db
    .select()
    .from(paymentSources)
    .where(and(eq(paymentSources.id, row.primaryPaymentSourceId), eq(paymentSources.deleted, false)));
  return source;
}

/** The wire form of a customer, loading its primary payment source for `payment_method` and `card`. */
export async function customerResource(db: Database, row: CustomerRow) {
  return customerToWire(row, await primarySource(db, row));
}

export async function retrieveCustomer(db: Database, id: string) {
  return customerResource(db, await requireCustomer(db, id));
}

export async function findCustomerByEmail(db: Database, email: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(sql`lower(${customers.email}) = ${email.toLowerCase()}`, eq(customers.deleted, false)))
    .orderBy(customers.createdAt)
    .limit(1);
  return row;
}

export async function createCustomer(db: Database, input: CustomerInput, source: EventSource) {
  const now = nowSeconds();
  const id = input.id ?? newId();
  const inserted = await db
    .insert(customers)
    .values({
      id,
      firstName: input.first_name,
      lastName: input.last_name,
      email: input.email,
      phone: input.phone,
      company: input.company,
      autoCollection: input.auto_collection ?? 'on',
      preferredCurrencyCode: input.preferred_currency_code,
      billingAddress: input.billing_address,
      createdAt: now,
      updatedAt: now,
      resourceVersion: nextResourceVersion(),
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0];
  if (!row) throw errors.duplicateEntry('id', `The value ${id} is already present.`);
  const resource = customerToWire(row);
  await recordEvent(db, { eventType: 'customer_created', content: resource, source });
  return resource;
}

export async function updateCustomer(
  db: Database,
  id: string,
  input: Omit<CustomerInput, 'id' | 'billing_address'>,
  source: EventSource,
) {
  const current = await requireCustomer(db, id);
  const [row] = await db
    .update(customers)
    .set({
      firstName: input.first_name ?? current.firstName,
      lastName: input.last_name ?? current.lastName,
      email: input.email ?? current.email,
      phone: input.phone ?? current.phone,
      company: input.company ?? current.company,
      autoCollection: input.auto_collection ?? current.autoCollection,
      preferredCurrencyCode: input.preferred_currency_code ?? current.preferredCurrencyCode,
      updatedAt: nowSeconds(),
      resourceVersion: nextResourceVersion(current.resourceVersion),
    })
    .where(eq(customers.id, id))
    .returning();
  return emitChanged(db, row as CustomerRow, source);
}

export async function updateBillingInfo(
  db: Database,
  id: string,
  address: BillingAddress,
  source: EventSource,
) {
  const current = await requireCustomer(db, id);
  const [row] = await db
    .update(customers)
    .set({
      billingAddress: { ...(current.billingAddress ?? {}), ...address },
      updatedAt: nowSeconds(),
      resourceVersion: nextResourceVersion(current.resourceVersion),
    })
    .where(eq(customers.id, id))
    .returning();
  return emitChanged(db, row as CustomerRow, source);
}

async function emitChanged(db: Database, row: CustomerRow, source: EventSource) {
  const resource = await customerResource(db, row);
  await recordEvent(db, { eventType: 'customer_changed', content: resource, source });
  return resource;
}

export async function listCustomers(
  db: Database,
  options: { email?: string; limit: number; cursor?: Cursor },
) {
  const { email, limit, cursor } = options;
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.deleted, false),
        email === undefined ? undefined : sql`lower(${customers.email}) = ${email.toLowerCase()}`,
        olderThan(cursor, customers.createdAt, customers.id),
      ),
    )
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, (row) => ({ after: row.createdAt, id: row.id }));
  const list = await Promise.all(page.map((row) => customerResource(db, row)));
  return { list, ...(nextOffset ? { next_offset: nextOffset } : {}) };
}
