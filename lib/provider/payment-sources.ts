import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { customers, paymentSources, subscriptions } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, olderThan, pageOf } from './api/pagination';
import { nextResourceVersion, nowSeconds } from './clock';
import { type CustomerRow, customerResource } from './customers';
import { type EventSource, recordEvent } from './events';
import { type CardInput, checkExpiry, testGateway, vaultCard } from './gateway';
import { newId } from './ids';
import { expiringWindowSeconds, type PaymentSourceStatus, paymentSourceToWire } from './payment-source-wire';

export type PaymentSourceRow = typeof paymentSources.$inferSelect;
export type PaymentRole = 'primary' | 'backup' | 'none';
type Roles = { primary: string | null; backup: string | null; autoCollection: string };

/** `pm_` + the creation version (base 36, fixed width) + randomness: ids sort in the order cards were added. */
function newPaymentSourceId(version: number): string {
  return `pm_${version.toString(36).padStart(9, '0')}${newId('', 10)}`;
}

async function lockCustomer(db: Database, id: string, param = 'customer_id'): Promise<CustomerRow> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.deleted, false)))
    .for('update');
  if (!row) throw errors.notFound(`${param} : customer ${id} not found`, param);
  return row;
}

async function findSource(db: Database, id: string): Promise<PaymentSourceRow | undefined> {
  const [row] = await db.select().from(paymentSources).where(eq(paymentSources.id, id));
  return row;
}

function sourceNotFound(id: string, param: string) {
  return errors.notFound(`${param} : payment source ${id} not found`, param);
}

/** Locks the owner first and then the source (always in that order), and refuses deleted sources. */
async function lockLiveSource(db: Database, id: string, param: string) {
  const found = await findSource(db, id);
  if (!found || found.deleted) throw sourceNotFound(id, param);
  const [customer] = await db
    .select()
    .from(customers)
    .where(eq(customers.id, found.customerId))
    .for('update');
  const [row] = await db.select().from(paymentSources).where(eq(paymentSources.id, id)).for('update');
  if (!customer || !row || row.deleted) throw sourceNotFound(id, param);
  return { customer, row };
}

async function answer(db: Database, customer: CustomerRow, row: PaymentSourceRow) {
  const { customer: wire } = await customerResource(db, customer);
  return { customer: wire, payment_source: paymentSourceToWire(row) };
}

/** Saves the customer's payment roles when they changed, and says so with `customer_changed`. */
async function saveRoles(db: Database, customer: CustomerRow, roles: Roles) {
  if (
    roles.primary === customer.primaryPaymentSourceId &&
    roles.backup === customer.backupPaymentSourceId &&
    roles.autoCollection === customer.autoCollection
  ) {
    return { customer, changed: false };
  }
  const [row] = await db
    .update(customers)
    .set({
      primaryPaymentSourceId: roles.primary,
      backupPaymentSourceId: roles.backup,
      autoCollection: roles.autoCollection,
      updatedAt: nowSeconds(),
      resourceVersion: nextResourceVersion(customer.resourceVersion),
    })
    .where(eq(customers.id, customer.id))
    .returning();
  return { customer: row as CustomerRow, changed: true };
}

async function recordChanges(
  db: Database,
  eventType: string,
  result: Awaited<ReturnType<typeof answer>>,
  customer: { customer: CustomerRow; changed: boolean },
  source: EventSource,
) {
  await recordEvent(db, { eventType, content: result, source });
  if (customer.changed) {
    const content = await customerResource(db, customer.customer);
    await recordEvent(db, { eventType: 'customer_changed', content, source });
  }
  return result;
}

/**
 * Vaults a card on the test gateway and stores it for the customer. The customer's first card becomes
 * primary, and so does any card added with `makePrimary`.
 */
export async function addCard(
  db: Database,
  customerId: string,
  input: CardInput,
  options: { makePrimary?: boolean },
  source: EventSource,
) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const vaulted = vaultCard(input);
    const now = nowSeconds();
    const version = nextResourceVersion();
    const [row] = await tx
      .insert(paymentSources)
      .values({
        id: newPaymentSourceId(version),
        customerId,
        type: 'card',
        referenceId: newId('tok_'),
        status: 'valid',
        gateway: testGateway.gateway,
        gatewayAccountId: testGateway.gatewayAccountId,
        card: vaulted.card,
        declineCode: vaulted.declineCode,
        createdAt: now,
        updatedAt: now,
        resourceVersion: version,
      })
      .returning();
    const added = row as PaymentSourceRow;
    const becomesPrimary = options.makePrimary === true || customer.primaryPaymentSourceId === null;
    const saved = await saveRoles(tx, customer, {
      primary: becomesPrimary ? added.id : customer.primaryPaymentSourceId,
      backup: customer.backupPaymentSourceId,
      autoCollection: customer.autoCollection,
    });
    const result = await answer(tx, saved.customer, added);
    return recordChanges(tx, 'payment_source_added', result, saved, source);
  });
}

export async function retrievePaymentSource(db: Database, id: string) {
  const row = await findSource(db, id);
  if (!row) throw sourceNotFound(id, 'payment_source_id');
  return { payment_source: paymentSourceToWire(row) };
}

/** Changes a card's names or expiry. The number is fixed: a new number is a new card. */
export async function updateCard(
  db: Database,
  id: string,
  input: { first_name?: string; last_name?: string; expiry_month?: number; expiry_year?: number },
  source: EventSource,
) {
  return db.transaction(async (tx) => {
    const { customer, row } = await lockLiveSource(tx, id, 'payment_source_id');
    const card = {
      ...row.card,
      first_name: input.first_name ?? row.card.first_name,
      last_name: input.last_name ?? row.card.last_name,
      expiry_month: input.expiry_month ?? row.card.expiry_month,
      expiry_year: input.expiry_year ?? row.card.expiry_year,
    };
    if (input.expiry_month !== undefined || input.expiry_year !== undefined) {
      checkExpiry(card.expiry_month, card.expiry_year);
    }
    const [updated] = await tx
      .update(paymentSources)
      .set({ card, updatedAt: nowSeconds(), resourceVersion: nextResourceVersion(row.resourceVersion) })
      .where(eq(paymentSources.id, id))
      .returning();
    const result = await answer(tx, customer, updated as PaymentSourceRow);
    return recordChanges(tx, 'payment_source_updated', result, { customer, changed: false }, source);
  });
}

/** The newest live source of the customer that no live subscription pays with. */
async function newestUnattachedSource(db: Database, customerId: string) {
  const [row] = await db
    .select({ id: paymentSources.id })
    .from(paymentSources)
    .where(
      and(
        eq(paymentSources.customerId, customerId),
        eq(paymentSources.deleted, false),
        sql`not exists (select 1 from ${subscriptions} where ${subscriptions.paymentSourceId} = ${paymentSources.id}
          and ${subscriptions.deleted} = false and ${subscriptions.status} not in ('cancelled', 'transferred'))`,
      ),
    )
    .orderBy(desc(paymentSources.createdAt), desc(paymentSources.id))
    .limit(1);
  return row?.id ?? null;
}

async function hasLiveSources(db: Database, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: paymentSources.id })
    .from(paymentSources)
    .where(and(eq(paymentSources.customerId, customerId), eq(paymentSources.deleted, false)))
    .limit(1);
  return row !== undefined;
}

/**
 * Deletes a source (softly: it stays readable with `deleted: true`). A deleted primary is replaced by
 * the backup, else by the newest source no subscription uses; when every remaining source belongs to
 * a subscription, the customer's auto_collection goes off, as Chargebee documents.
 */
export async function deletePaymentSource(db: Database, id: string, source: EventSource) {
  return db.transaction(async (tx) => {
    const { customer, row } = await lockLiveSource(tx, id, 'payment_source_id');
    const [deleted] = await tx
      .update(paymentSources)
      .set({
        deleted: true,
        updatedAt: nowSeconds(),
        resourceVersion: nextResourceVersion(row.resourceVersion),
      })
      .where(eq(paymentSources.id, id))
      .returning();
    const roles: Roles = {
      primary: customer.primaryPaymentSourceId,
      backup: customer.backupPaymentSourceId === id ? null : customer.backupPaymentSourceId,
      autoCollection: customer.autoCollection,
    };
    if (roles.primary === id) {
      roles.primary = roles.backup ?? (await newestUnattachedSource(tx, customer.id));
      if (roles.primary === roles.backup) roles.backup = null;
      if (roles.primary === null && (await hasLiveSources(tx, customer.id))) roles.autoCollection = 'off';
    }
    const saved = await saveRoles(tx, customer, roles);
    const result = await answer(tx, saved.customer, deleted as PaymentSourceRow);
    return recordChanges(tx, 'payment_source_deleted', result, saved, source);
  });
}

/**
 * Chargebee's assign_payment_role: the source must be the customer's and not deleted, and must not be
 * the primary already (a primary cannot become backup or none). Making a source primary leaves the
 * backup alone and vice versa. The source's status is not checked.
 */
export async function assignPaymentRole(
  db: Database,
  customerId: string,
  input: { paymentSourceId: string; role: PaymentRole },
  source: EventSource,
) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const [row] = await tx
      .select()
      .from(paymentSources)
      .where(eq(paymentSources.id, input.paymentSourceId))
      .for('update');
    if (!row || row.deleted) throw sourceNotFound(input.paymentSourceId, 'payment_source_id');
    if (row.customerId !== customerId) {
      throw errors.paramWrongValue('payment_source_id', `does not belong to customer ${customerId}`);
    }
    if (customer.primaryPaymentSourceId === row.id) {
      throw errors.invalidState(
        input.role === 'primary'
          ? `Payment source ${row.id} is already the primary payment source.`
          : `Payment source ${row.id} is the primary payment source; make another source primary first.`,
      );
    }
    const roles: Roles = {
      primary: customer.primaryPaymentSourceId,
      backup: customer.backupPaymentSourceId,
      autoCollection: customer.autoCollection,
    };
    if (input.role === 'primary') roles.primary = row.id;
    if (input.role === 'backup') roles.backup = row.id;
    if (input.role !== 'backup' && roles.backup === row.id) roles.backup = null;
    const saved = await saveRoles(tx, customer, roles);
    if (!saved.changed) return answer(tx, customer, row);
    const [touched] = await tx
      .update(paymentSources)
      .set({ updatedAt: nowSeconds(), resourceVersion: nextResourceVersion(row.resourceVersion) })
      .where(eq(paymentSources.id, row.id))
      .returning();
    const result = await answer(tx, saved.customer, touched as PaymentSourceRow);
    return recordChanges(tx, 'payment_source_updated', result, saved, source);
  });
}

/** For the portal: makes one of the customer's sources primary. */
export async function setPrimaryPaymentSource(
  db: Database,
  customerId: string,
  id: string,
  source: EventSource,
) {
  return assignPaymentRole(db, customerId, { paymentSourceId: id, role: 'primary' }, source);
}

/** The status a source shows on the wire, computed in SQL so lists can filter on it (see cardStatus). */
function statusSql(now: number): SQL<string> {
  const end = sql`extract(epoch from make_date((${paymentSources.card}->>'expiry_year')::int, (${paymentSources.card}->>'expiry_month')::int, 1) + interval '1 month')`;
  return sql<string>`case when ${paymentSources.status} <> 'valid' then ${paymentSources.status}
    when ${now} >= ${end} then 'expired' when ${now} >= ${end} - ${expiringWindowSeconds} then 'expiring'
    else 'valid' end`;
}

export type ListOptions = {
  customerId?: string;
  types?: string[];
  statuses?: PaymentSourceStatus[];
  includeDeleted?: boolean;
  limit: number;
  cursor?: Cursor;
  now?: number;
};

/** Newest first, as Chargebee lists them. */
export async function listPaymentSources(db: Database, options: ListOptions) {
  const { customerId, types, statuses, includeDeleted, limit, cursor } = options;
  const rows = await db
    .select()
    .from(paymentSources)
    .where(
      and(
        customerId === undefined ? undefined : eq(paymentSources.customerId, customerId),
        types === undefined ? undefined : inArray(paymentSources.type, types),
        statuses === undefined ? undefined : inArray(statusSql(options.now ?? nowSeconds()), statuses),
        includeDeleted ? undefined : eq(paymentSources.deleted, false),
        olderThan(cursor, paymentSources.createdAt, paymentSources.id),
      ),
    )
    .orderBy(desc(paymentSources.createdAt), desc(paymentSources.id))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, (row) => ({ after: row.createdAt, id: row.id }));
  return {
    list: page.map((row) => ({ payment_source: paymentSourceToWire(row) })),
    ...(nextOffset ? { next_offset: nextOffset } : {}),
  };
}

/** For the portal: the customer's live sources, newest first, each with its role. */
export async function listCustomerPaymentSources(db: Database, customerId: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) return [];
  const rows = await db
    .select()
    .from(paymentSources)
    .where(and(eq(paymentSources.customerId, customerId), eq(paymentSources.deleted, false)))
    .orderBy(desc(paymentSources.createdAt), desc(paymentSources.id));
  const roleOf = (id: string): PaymentRole => {
    if (id === customer.primaryPaymentSourceId) return 'primary';
    return id === customer.backupPaymentSourceId ? 'backup' : 'none';
  };
  return rows.map((row) => ({ paymentSource: paymentSourceToWire(row), role: roleOf(row.id) }));
}
