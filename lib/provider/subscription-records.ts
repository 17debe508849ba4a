import { and, eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { errors } from './api/errors';
import { nextResourceVersion, nowSeconds } from './clock';
import { customerResource, requireCustomer } from './customers';
import { type EventSource, recordEvent } from './events';
import { invoiceToWire } from './invoices';
import { compact } from './serialize';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionStatus = 'future' | 'in_trial' | 'active' | 'non_renewing' | 'paused' | 'cancelled';
export type SubscriptionChanges = Partial<Omit<SubscriptionRow, 'id' | 'customerId' | 'createdAt'>>;

export const subscriptionStatuses = [
  'future',
  'in_trial',
  'active',
  'non_renewing',
  'paused',
  'cancelled',
  'transferred',
] as const;

const inTerm = new Set(['in_trial', 'active', 'non_renewing']);

function monthlyRecurringRevenue(row: SubscriptionRow): number {
  if (row.status !== 'active' && row.status !== 'non_renewing') return 0;
  const amount = row.items.reduce((sum, item) => sum + item.amount, 0);
  const perYear = { day: 365, week: 52, month: 12, year: 1 }[row.billingPeriodUnit as 'month'] ?? 12;
  return Math.round((amount * perYear) / (12 * row.billingPeriod));
}

/** The subscription as Chargebee sends it: term dates only while a term runs, start_date only while future. */
export function subscriptionToWire(row: SubscriptionRow) {
  const term = inTerm.has(row.status);
  return compact({
    id: row.id,
    customer_id: row.customerId,
    currency_code: row.currencyCode,
    status: row.status,
    billing_period: row.billingPeriod,
    billing_period_unit: row.billingPeriodUnit,
    subscription_items: row.items.map((item) => ({ ...item, object: 'subscription_item' })),
    start_date: row.status === 'future' ? row.startDate : undefined,
    trial_start: row.trialStart,
    trial_end: row.trialEnd,
    trial_end_action: row.trialEnd === null ? undefined : row.trialEndAction,
    current_term_start: term ? row.currentTermStart : undefined,
    current_term_end: term ? row.currentTermEnd : undefined,
    next_billing_at: row.nextBillingAt,
    remaining_billing_cycles: row.remainingBillingCycles,
    created_at: row.createdAt,
    started_at: row.startedAt,
    activated_at: row.activatedAt,
    cancelled_at: row.cancelledAt,
    cancel_schedule_created_at: row.cancelScheduleCreatedAt,
    cancel_reason_code: row.cancelReasonCode,
    cancel_reason: row.cancelReason,
    pause_date: row.pauseDate,
    resume_date: row.resumeDate,
    payment_source_id: row.paymentSourceId,
    auto_collection: row.autoCollection,
    due_invoices_count: row.dueInvoicesCount,
    due_since: row.dueSince,
    total_dues: row.totalDues,
    mrr: monthlyRecurringRevenue(row),
    has_scheduled_changes: row.scheduledChanges !== null,
    changes_scheduled_at: row.scheduledChanges?.at,
    has_scheduled_advance_invoices: false,
    channel: 'web',
    decommissioned: false,
    resource_version: row.resourceVersion,
    updated_at: row.updatedAt,
    deleted: row.deleted,
    object: 'subscription',
  });
}

export async function findSubscription(db: Database, id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.deleted, false)));
  return row;
}

export async function requireSubscription(db: Database, id: string, param = 'subscription_id') {
  const row = await findSubscription(db, id);
  if (!row) throw errors.notFound(`${param} : subscription ${id} not found`, param);
  return row;
}

/** The subscription only when it belongs to the customer: the portal's check before showing or changing it. */
export async function requireCustomerSubscription(db: Database, customerId: string, subscriptionId: string) {
  const row = await findSubscription(db, subscriptionId);
  if (!row || row.customerId !== customerId)
    throw errors.notFound(`subscription_id : subscription ${subscriptionId} not found`, 'subscription_id');
  return row;
}

/** Reads and row-locks the subscription for the rest of the transaction, so transitions serialise. */
export async function lockSubscription(db: Database, id: string, param = 'subscription_id') {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.deleted, false)))
    .for('update');
  if (!row) throw errors.notFound(`${param} : subscription ${id} not found`, param);
  return row;
}

export function requireStatus(row: SubscriptionRow, allowed: readonly string[], action: string) {
  if (!allowed.includes(row.status)) {
    throw errors.invalidState(
      `Cannot ${action}: the subscription is ${row.status}; this needs a subscription that is ${allowed.join(' or ')}.`,
    );
  }
}

/** Applies a change only if the subscription is still in the status it was read in. */
export async function saveSubscription(
  db: Database,
  row: SubscriptionRow,
  changes: SubscriptionChanges,
  at = nowSeconds(),
): Promise<SubscriptionRow> {
  const [saved] = await db
    .update(subscriptions)
    .set({ ...changes, updatedAt: at, resourceVersion: nextResourceVersion(row.resourceVersion) })
    .where(and(eq(subscriptions.id, row.id), eq(subscriptions.status, row.status)))
    .returning();
  if (!saved)
    throw errors.invalidState('The subscription changed while this request ran. Retry the request.');
  return saved;
}

/** `{subscription, customer, card?}`, the shape of every subscription response. */
export async function subscriptionResource(db: Database, row: SubscriptionRow) {
  const customer = await customerResource(db, await requireCustomer(db, row.customerId));
  return { subscription: subscriptionToWire(row), ...customer };
}

export type SubscriptionResult = Awaited<ReturnType<typeof subscriptionResource>> & {
  invoice?: ReturnType<typeof invoiceToWire>;
};

/** Records a subscription event with Chargebee's content keys and returns the response body. */
export async function recordSubscriptionEvent(
  db: Database,
  eventType: string,
  row: SubscriptionRow,
  source: EventSource,
  invoice?: Parameters<typeof invoiceToWire>[0],
): Promise<SubscriptionResult> {
  const resource: SubscriptionResult = {
    ...(await subscriptionResource(db, row)),
    ...(invoice ? { invoice: invoiceToWire(invoice) } : {}),
  };
  await recordEvent(db, { eventType, content: resource, source });
  return resource;
}
