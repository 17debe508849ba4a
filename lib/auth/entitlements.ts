import { eq } from 'drizzle-orm';
import { listSubscriptionFeatures } from '@/lib/chargebee/entitlements';
import { listDueInvoices } from '@/lib/chargebee/invoices';
import type { Invoice, Subscription } from '@/lib/chargebee/schemas';
import { listSubscriptions } from '@/lib/chargebee/subscriptions';
import { type Database, db } from '@/lib/db/client';
import { entitlements } from '@/lib/db/schema';
import {
  decideLookupWrite,
  decideWebhookWrite,
  decidingSubscription,
  type EntitlementSnapshot,
  featuresToStore,
  grantsAccess,
  isComplete,
  nextRetryToStore,
  retryAddedBy,
  snapshotOf,
  type WriteDecision,
} from './entitlement-rules';

export type StoredEntitlement = EntitlementSnapshot & { syncedAt: number };

/** A record younger than this is trusted as is; an older one is checked live through the API. */
export const freshForMs = 60_000;
/** While the billing API is down, a record this recent still decides access. */
export const fallbackForMs = 24 * 3600_000;

export class EntitlementUnavailable extends Error {
  constructor(cause: unknown) {
    super('The subscription could not be checked: the billing service did not answer.', { cause });
    this.name = 'EntitlementUnavailable';
  }
}

export async function readEntitlement(
  database: Database,
  customerId: string,
): Promise<StoredEntitlement | undefined> {
  const [row] = await database.select().from(entitlements).where(eq(entitlements.customerId, customerId));
  return row;
}

/**
 * Writes a snapshot under a row lock when `decide` allows it. `recheck` keeps the record but marks it
 * stale, so the next reader looks it up live; `touchOnKeep` refreshes synced_at when the stored
 * record is already newer than the snapshot (a live lookup that lost a race with a webhook).
 */
async function writeSnapshot(
  tx: Database,
  snapshot: EntitlementSnapshot,
  syncedAt: number,
  decide: (current: EntitlementSnapshot | undefined) => WriteDecision,
  touchOnKeep: boolean,
): Promise<WriteDecision> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [current] = await tx
      .select()
      .from(entitlements)
      .where(eq(entitlements.customerId, snapshot.customerId))
      .for('update');
    const decision = decide(current);
    const record = {
      ...snapshot,
      nextRetryAt: nextRetryToStore(current, snapshot),
      features: featuresToStore(current, snapshot),
      syncedAt,
    };
    if (!current) {
      const inserted = await tx
        .insert(entitlements)
        .values(record)
        .onConflictDoNothing()
        .returning({ customerId: entitlements.customerId });
      if (inserted.length > 0) return decision;
      continue;
    }
    const where = eq(entitlements.customerId, snapshot.customerId);
    if (decision === 'write') await tx.update(entitlements).set(record).where(where);
    if (decision === 'recheck') await tx.update(entitlements).set({ syncedAt: 0 }).where(where);
    if (decision === 'keep' && touchOnKeep) await tx.update(entitlements).set({ syncedAt }).where(where);
    const retry = decision === 'keep' ? retryAddedBy(current, snapshot) : undefined;
    if (retry !== undefined) {
      await tx.update(entitlements).set({ nextRetryAt: retry }).where(where);
      return 'write';
    }
    return decision;
  }
  throw new Error(`The entitlement of ${snapshot.customerId} changed twice while it was being written.`);
}

/**
 * Applies a subscription seen in a webhook or a hosted page, with the invoice the event carried (for
 * the next dunning retry): resource_version decides, never arrival order.
 */
export function applySubscription(
  tx: Database,
  subscription: Subscription,
  now = Date.now(),
  invoice?: Invoice,
) {
  const snapshot = snapshotOf(subscription, invoice);
  return writeSnapshot(tx, snapshot, now, (current) => decideWebhookWrite(current, snapshot), false);
}

/**
 * What a live lookup reads: every subscription of the customer, their unpaid invoices when any owes,
 * and the features of the subscription that decides access.
 */
export type LiveBilling = {
  subscriptions: Subscription[];
  dueInvoices: Invoice[];
  features?: { subscriptionId: string; features: string[] };
};

/** Stores the result of a live lookup of the customer's billing, read from `readStartedAt`. */
export function applyLookup(
  database: Database,
  customerId: string,
  billing: LiveBilling,
  readStartedAt: number,
  now = Date.now(),
) {
  const snapshot = decidingSubscription(
    customerId,
    billing.subscriptions,
    billing.dueInvoices,
    billing.features,
  );
  return database.transaction((tx) =>
    writeSnapshot(tx, snapshot, now, (current) => decideLookupWrite(current, snapshot, readStartedAt), true),
  );
}

export type EntitlementOptions = {
  database?: Database;
  now?: number;
  /** How old a stored record may be and still answer without a lookup (`freshForMs` unless given). */
  maxAgeMs?: number;
  lookup?: (customerId: string) => Promise<LiveBilling>;
};

/**
 * The live lookup through the billing API: the customer's subscriptions, and only when one of them owes
 * money a second call for the unpaid invoices (their next dunning retry).
 */
export async function lookUpBilling(customerId: string): Promise<LiveBilling> {
  const subscriptions = await listSubscriptions(customerId);
  const owes = subscriptions.some((subscription) => (subscription.total_dues ?? 0) > 0);
  const chosen = decidingSubscription(customerId, subscriptions);
  const [dueInvoices, features] = await Promise.all([
    owes ? listDueInvoices(customerId) : [],
    chosen.subscriptionId && grantsAccess(chosen.status)
      ? listSubscriptionFeatures(chosen.subscriptionId)
      : null,
  ]);
  return {
    subscriptions,
    dueInvoices,
    features:
      features && chosen.subscriptionId ? { subscriptionId: chosen.subscriptionId, features } : undefined,
  };
}

/**
 * An entitlement event (`subscription_entitlements_updated`): forget the subscription's features, so
 * the next reader looks them up live. Says whether a record was marked.
 */
export async function forgetFeatures(tx: Database, subscriptionId: string): Promise<boolean> {
  const marked = await tx
    .update(entitlements)
    .set({ features: null, syncedAt: 0 })
    .where(eq(entitlements.subscriptionId, subscriptionId))
    .returning({ customerId: entitlements.customerId });
  return marked.length > 0;
}

// Live lookups in progress, per database and customer. When a record goes stale, every request of
// that customer in flight would otherwise look it up at once (16 did in one benchmark run, each
// waiting on the billing API); they share one lookup instead.
const lookingUp = new WeakMap<Database, Map<string, Promise<StoredEntitlement>>>();

/**
 * The customer's entitlement: the stored record while it is fresh, otherwise a live lookup through
 * the billing API (one at a time per customer), stored for the next minute. When the API is down a
 * recent record still answers; with none, it throws EntitlementUnavailable rather than guessing.
 */
export async function getEntitlement(
  customerId: string,
  options: EntitlementOptions = {},
): Promise<StoredEntitlement> {
  const database = options.database ?? (await db());
  const now = options.now ?? Date.now();
  const stored = await readEntitlement(database, customerId);
  const maxAge = options.maxAgeMs ?? freshForMs;
  if (stored && now - stored.syncedAt < maxAge && isComplete(stored)) return stored;
  let pending = lookingUp.get(database);
  if (!pending) {
    pending = new Map();
    lookingUp.set(database, pending);
  }
  const running = pending.get(customerId);
  if (running) return running;
  const lookup = lookUpAndStore(database, customerId, stored, now, options.lookup ?? lookUpBilling);
  pending.set(customerId, lookup);
  try {
    return await lookup;
  } finally {
    if (pending.get(customerId) === lookup) pending.delete(customerId);
  }
}

async function lookUpAndStore(
  database: Database,
  customerId: string,
  stored: StoredEntitlement | undefined,
  now: number,
  lookup: (customerId: string) => Promise<LiveBilling>,
): Promise<StoredEntitlement> {
  const readStartedAt = Date.now();
  let billing: LiveBilling;
  try {
    billing = await lookup(customerId);
  } catch (error) {
    if (stored && now - stored.syncedAt < fallbackForMs) return stored;
    throw new EntitlementUnavailable(error);
  }
  await applyLookup(database, customerId, billing, readStartedAt, now);
  const written = await readEntitlement(database, customerId);
  if (!written) throw new Error(`The entitlement of ${customerId} was not stored.`);
  return written;
}
