import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '@/lib/db/client';
import { customers, events, invoices, paymentSources, subscriptions, transactions } from '@/lib/db/schema';
import { ApiError } from '@/lib/provider/api/errors';
import { ensureCatalog } from '@/lib/provider/catalog';
import { createCustomer } from '@/lib/provider/customers';
import { testGateway, vaultCard } from '@/lib/provider/gateway';
import { newId } from '@/lib/provider/ids';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import type { Backend, TestDatabase } from '../support/databases';

export const goodCard = '4111111111111111';
export const decliningCard = '4005519200000004';
/** 15 Jan 2027 12:00 UTC: a fixed "now" so terms and prorations are exact. */
export const t0 = Date.UTC(2027, 0, 15, 12) / 1000;
export const day = 86400;

let counter = 0;

/** A customer of its own, with a stored card as primary unless `card` is null. */
export async function newCustomer(db: Database, card: string | null = goodCard): Promise<string> {
  counter += 1;
  const id = `bill_${process.pid}_${Date.now().toString(36)}_${counter}`;
  await createCustomer(
    db,
    {
      id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: `${id}@example.com`,
      billing_address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
    },
    'api',
  );
  if (card) await addStoredCard(db, id, card, true);
  return id;
}

export async function addStoredCard(db: Database, customerId: string, number: string, primary: boolean) {
  const vaulted = vaultCard({ number, expiry_month: 12, expiry_year: 2035, cvv: '123' });
  const id = newId('pm_');
  await db.insert(paymentSources).values({
    id,
    customerId,
    type: 'card',
    referenceId: newId('tok_'),
    status: 'valid',
    gateway: testGateway.gateway,
    gatewayAccountId: testGateway.gatewayAccountId,
    card: vaulted.card,
    declineCode: vaulted.declineCode,
    createdAt: t0,
    updatedAt: t0,
    resourceVersion: 1,
  });
  if (primary)
    await db.update(customers).set({ primaryPaymentSourceId: id }).where(eq(customers.id, customerId));
  return id;
}

/** The events about one subscription, oldest first: `[event_type, content]`. */
export async function eventsFor(db: Database, subscriptionId: string) {
  const rows = await db.select().from(events).orderBy(asc(events.seq));
  return rows
    .filter((row) => {
      const content = row.content as {
        subscription?: { id?: string };
        invoice?: { subscription_id?: string };
      };
      return (
        content.subscription?.id === subscriptionId || content.invoice?.subscription_id === subscriptionId
      );
    })
    .map((row) => ({ type: row.eventType, content: row.content as Record<string, Record<string, unknown>> }));
}

export async function invoicesFor(db: Database, subscriptionId: string) {
  return db
    .select()
    .from(invoices)
    .where(eq(invoices.subscriptionId, subscriptionId))
    .orderBy(asc(invoices.date), asc(invoices.id));
}

export async function transactionsFor(db: Database, subscriptionId: string) {
  return db.select().from(transactions).where(eq(transactions.subscriptionId, subscriptionId));
}

export async function subscriptionRow(db: Database, id: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw new Error(`subscription ${id} is missing`);
  return row;
}

/** Runs a call that must fail with a Chargebee error and returns that error. */
export async function apiError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an API error');
}

/** A subscription to Reader monthly (or `items`) started at `at` without a trial: billed and charged at once. */
export function subscribePaid(
  db: Database,
  customerId: string,
  items: { itemPriceId: string }[] = [{ itemPriceId: 'reader-USD-monthly' }],
  at = t0,
) {
  return createSubscriptionForItems(db, customerId, { trialEnd: 0, items }, 'api', at);
}

/**
 * Opens a database of its own on `backend` for the enclosing describe block, with the catalog in
 * place, hands it to `use` before the tests run, and drops it afterwards.
 */
export function useCatalogDatabase(backend: Backend, use: (db: Database) => void) {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await backend.create();
    use(database.handle.db);
    await ensureCatalog(database.handle.db);
  });
  afterAll(async () => {
    await database?.drop();
  });
}
