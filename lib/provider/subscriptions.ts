import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { customers, paymentSources, subscriptions } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, olderThan, pageOf } from './api/pagination';
import { addPeriod, itemsAmount, requireOwnPaymentSource } from './billing';
import type { PeriodUnit } from './catalog';
import { nextResourceVersion, nowSeconds } from './clock';
import { customerToWire, requireCustomer } from './customers';
import { recordEntitlementEvents } from './entitlements';
import type { EventSource } from './events';
import { newId } from './ids';
import { recordInvoiceEvents } from './invoice-issue';
import {
  recordSubscriptionEvent,
  requireSubscription,
  type SubscriptionResult,
  subscriptionResource,
  subscriptionToWire,
} from './subscription-records';
import {
  chargeableSource,
  invoiceTerm,
  resolvePlanItems,
  type SubscriptionItemInput,
} from './subscription-terms';
import { resolveTrialEnd, trialReminderAt } from './trials';

export type NewSubscriptionInput = {
  id?: string;
  items: SubscriptionItemInput[];
  paymentSourceId?: string;
  /** Unix seconds; a future value starts a trial, 0 means no trial, absent means the plan's trial. */
  trialEnd?: number;
  /** The parameter `trialEnd` came from, for errors (`trial_end`, or `subscription[trial_end]`). */
  trialEndParam?: string;
  /** Unix seconds; a future value makes the subscription `future` until then. */
  startDate?: number;
};

function startOf(input: NewSubscriptionInput, now: number) {
  if (input.startDate !== undefined && input.startDate < now)
    throw errors.paramWrongValue('start_date', 'cannot be in the past; backdating is not supported');
  return Math.max(now, input.startDate ?? now);
}

/**
 * Creates a subscription for one plan item price: `future` when it starts later, `in_trial` with a
 * future trial end (given, or the plan's trial period), otherwise `active` with its first term invoiced
 * and charged at once. A trial stores the card but charges nothing and issues no invoice until it ends.
 */
export async function createSubscriptionForItems(
  db: Database,
  customerId: string,
  input: NewSubscriptionInput,
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const customer = await requireCustomer(tx, customerId);
    const { plan, items } = await resolvePlanItems(tx, input.items);
    const startsAt = startOf(input, now);
    const trialEnd = resolveTrialEnd(plan, input.trialEnd, startsAt, input.trialEndParam ?? 'trial_end');
    const explicit = input.paymentSourceId
      ? await requireOwnPaymentSource(tx, customer.id, input.paymentSourceId, now)
      : undefined;
    const status = startsAt > now ? 'future' : trialEnd ? 'in_trial' : 'active';
    if (status === 'active') await chargeableSource(tx, customer, explicit?.id, itemsAmount(items), now);

    const termEnd = trialEnd ?? addPeriod(now, plan.period, plan.periodUnit as PeriodUnit);
    const id = input.id ?? newId();
    const [inserted] = await tx
      .insert(subscriptions)
      .values({
        id,
        customerId: customer.id,
        status,
        currencyCode: plan.currencyCode,
        billingPeriod: plan.period,
        billingPeriodUnit: plan.periodUnit,
        items,
        trialEndAction: trialEnd ? (plan.trialEndAction ?? 'site_default') : undefined,
        ...(status === 'future'
          ? { startDate: startsAt, nextBillingAt: startsAt, trialEnd }
          : {
              currentTermStart: now,
              currentTermEnd: termEnd,
              nextBillingAt: termEnd,
              startedAt: now,
              activatedAt: status === 'active' ? now : undefined,
              trialStart: trialEnd ? now : undefined,
              trialEnd,
              trialReminderAt: trialEnd ? trialReminderAt(now, trialEnd) : undefined,
            }),
        paymentSourceId: explicit?.id,
        createdAt: now,
        updatedAt: now,
        resourceVersion: nextResourceVersion(),
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw errors.duplicateEntry('id', `The value ${id} is already present.`);

    const { row, issued } =
      status === 'active' ? await invoiceTerm(tx, inserted, customer, { date: now }) : { row: inserted };
    const result = await recordSubscriptionEvent(tx, 'subscription_created', row, source, issued?.invoice);
    await recordEntitlementEvents(tx, undefined, row, source);
    await recordInvoiceEvents(tx, issued, result, source);
    return result;
  });
}

export async function retrieveSubscription(db: Database, id: string) {
  return subscriptionResource(db, await requireSubscription(db, id));
}

export type SubscriptionFilters = {
  customerId?: string;
  status?: string[];
  limit: number;
  cursor?: Cursor;
};

/**
 * Newest first, `{subscription, customer, card?}` per entry, with a keyset offset. Each row comes with
 * its customer and primary payment source in the same statement (one query for the page, not 1 + 2n).
 */
export async function listSubscriptions(db: Database, filters: SubscriptionFilters) {
  const { limit, cursor } = filters;
  const rows = await db
    .select({ subscription: subscriptions, customer: customers, primary: paymentSources })
    .from(subscriptions)
    .leftJoin(customers, and(eq(customers.id, subscriptions.customerId), eq(customers.deleted, false)))
    .leftJoin(
      paymentSources,
      and(eq(paymentSources.id, customers.primaryPaymentSourceId), eq(paymentSources.deleted, false)),
    )
    .where(
      and(
        eq(subscriptions.deleted, false),
        filters.customerId === undefined ? undefined : eq(subscriptions.customerId, filters.customerId),
        filters.status ? inArray(subscriptions.status, filters.status) : undefined,
        olderThan(cursor, subscriptions.createdAt, subscriptions.id),
      ),
    )
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, ({ subscription }) => ({
    after: subscription.createdAt,
    id: subscription.id,
  }));
  const list = page.map(({ subscription, customer, primary }) => {
    if (!customer) {
      throw errors.notFound(`customer_id : customer ${subscription.customerId} not found`, 'customer_id');
    }
    return {
      subscription: subscriptionToWire(subscription),
      ...customerToWire(customer, primary ?? undefined),
    };
  });
  return { list, ...(nextOffset ? { next_offset: nextOffset } : {}) };
}

/** A customer's subscriptions for the portal; 404 when the customer does not exist. */
export async function listCustomerSubscriptions(
  db: Database,
  customerId: string,
  options: Omit<SubscriptionFilters, 'customerId' | 'limit'> & { limit?: number } = {},
) {
  await requireCustomer(db, customerId);
  return listSubscriptions(db, { ...options, limit: options.limit ?? 100, customerId });
}
