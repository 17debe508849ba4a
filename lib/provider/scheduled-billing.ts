import { and, asc, eq, inArray, lte, or } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { resolvePaymentSource } from './billing';
import { requireCustomer } from './customers';
import { recordEntitlementEvents } from './entitlements';
import { recordInvoiceEvents } from './invoice-issue';
import { findItemPrice } from './item-prices';
import { isRenewalReminderStep, renewalReminderDays, renewalReminderDue } from './renewal-reminders';
import { resumeLocked } from './subscription-lifecycle';
import {
  recordSubscriptionEvent,
  type SubscriptionChanges,
  type SubscriptionRow,
  saveSubscription,
} from './subscription-records';
import { beginTerm, termAmountDue } from './subscription-terms';
import { trialReminderAt, unpaidTrialEndAction } from './trials';

const source = 'scheduled_job';
/** Catching up after a long outage renews term by term; this bounds one subscription's work per run. */
const maxStepsPerSubscription = 60;
const batchSize = 100;

function isDue(now: number) {
  return and(
    eq(subscriptions.deleted, false),
    or(
      and(inArray(subscriptions.status, ['active', 'in_trial']), lte(subscriptions.currentTermEnd, now)),
      and(eq(subscriptions.status, 'in_trial'), lte(subscriptions.trialReminderAt, now)),
      renewalReminderDue(now),
      and(eq(subscriptions.status, 'future'), lte(subscriptions.startDate, now)),
      and(eq(subscriptions.status, 'non_renewing'), lte(subscriptions.cancelledAt, now)),
      and(
        eq(subscriptions.status, 'paused'),
        or(lte(subscriptions.resumeDate, now), lte(subscriptions.cancelledAt, now)),
      ),
    ),
  );
}

/** Locks the subscription if it is still due; another process holding it, or done with it, skips it. */
async function lockIfDue(db: Database, id: string, now: number): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), isDue(now)))
    .for('update', { skipLocked: true });
  return row;
}

/** The scheduled plan change, as subscription changes, when it falls due by `at`. */
async function scheduledChange(db: Database, row: SubscriptionRow, at: number): Promise<SubscriptionChanges> {
  const change = row.scheduledChanges;
  if (!change || change.at > at) return {};
  const planItem = change.items.find((item) => item.item_type === 'plan');
  const plan = planItem ? await findItemPrice(db, planItem.item_price_id) : undefined;
  return {
    items: change.items,
    billingPeriod: plan?.period ?? row.billingPeriod,
    billingPeriodUnit: plan?.periodUnit ?? row.billingPeriodUnit,
    scheduledChanges: null,
  };
}

async function cancel(db: Database, row: SubscriptionRow, cancelReason?: 'no_card' | 'not_paid') {
  const at = row.cancelledAt ?? row.currentTermEnd ?? row.updatedAt;
  const saved = await saveSubscription(
    db,
    row,
    {
      ...(cancelReason ? { cancelReason } : {}),
      trialReminderAt: null,
      status: 'cancelled',
      cancelledAt: at,
      nextBillingAt: null,
      scheduledChanges: null,
      pauseDate: null,
      resumeDate: null,
    },
    at,
  );
  await recordSubscriptionEvent(db, 'subscription_cancelled', saved, source);
}

/** A new term at `at` (renewal, trial end or start), with a due plan change applied first. */
async function billNextTerm(
  db: Database,
  row: SubscriptionRow,
  at: number,
  eventType: string,
  changes: SubscriptionChanges,
) {
  const change = await scheduledChange(db, row, at);
  const customer = await requireCustomer(db, row.customerId);
  const { row: billed, issued } = await beginTerm(db, row, customer, at, { ...change, ...changes });
  if (change.items) {
    await recordSubscriptionEvent(db, 'subscription_changed', billed, source);
    await recordEntitlementEvents(db, row, billed, source);
  }
  const result = await recordSubscriptionEvent(db, eventType, billed, source, issued?.invoice);
  await recordInvoiceEvents(db, issued, result, source);
  return { billed, issued };
}

/**
 * Trial end: with a usable card the first term is invoiced and charged and the subscription activates;
 * a charge that fails leaves the invoice in dunning, whose retries decide (as Chargebee does for any
 * failed renewal). Without a card, the trial end action decides: activate with the invoice
 * `payment_due`, or (the default) cancel with Chargebee's `cancel_reason: no_card`.
 */
async function endTrial(db: Database, row: SubscriptionRow, at: number) {
  const cancelUnpaid = unpaidTrialEndAction(row.trialEndAction) === 'cancel';
  const customer = await requireCustomer(db, row.customerId);
  const card = await resolvePaymentSource(db, customer, row.paymentSourceId, at);
  if (!card && cancelUnpaid && termAmountDue(row) > 0) return cancel(db, row, 'no_card');
  await billNextTerm(db, row, at, 'subscription_activated', {
    status: 'active',
    activatedAt: at,
    trialReminderAt: null,
  });
}

/** `subscription_renewal_reminder`, once a term, `renewalReminderDays` before the renewal. */
async function remindRenewal(db: Database, row: SubscriptionRow, at: number) {
  const saved = await saveSubscription(db, row, { renewalRemindedFor: row.currentTermEnd }, at);
  await recordSubscriptionEvent(db, 'subscription_renewal_reminder', saved, source);
}

/** `subscription_trial_end_reminder`, once: the due time is cleared as it is recorded. */
async function remindTrialEnd(db: Database, row: SubscriptionRow, at: number) {
  const saved = await saveSubscription(db, row, { trialReminderAt: null }, at);
  await recordSubscriptionEvent(db, 'subscription_trial_end_reminder', saved, source);
}

async function pauseAtTermEnd(db: Database, row: SubscriptionRow, at: number) {
  const change = await scheduledChange(db, row, at);
  const saved = await saveSubscription(db, row, { ...change, status: 'paused', nextBillingAt: null }, at);
  await recordSubscriptionEvent(db, 'subscription_paused', saved, source);
}

async function startFuture(db: Database, row: SubscriptionRow, at: number) {
  if (row.trialEnd !== null && row.trialEnd > at) {
    const saved = await saveSubscription(
      db,
      row,
      {
        status: 'in_trial',
        startedAt: at,
        trialStart: at,
        currentTermStart: at,
        currentTermEnd: row.trialEnd,
        nextBillingAt: row.trialEnd,
        trialReminderAt: trialReminderAt(at, row.trialEnd),
      },
      at,
    );
    await recordSubscriptionEvent(db, 'subscription_started', saved, source);
    return;
  }
  await billNextTerm(db, row, at, 'subscription_started', {
    status: 'active',
    startedAt: at,
    activatedAt: at,
  });
}

/** Takes the one step that is due for a locked subscription. */
async function step(db: Database, row: SubscriptionRow, now: number): Promise<unknown> {
  const termEnd = row.currentTermEnd ?? now;
  switch (row.status) {
    case 'future':
      return startFuture(db, row, row.startDate ?? now);
    case 'in_trial':
      if (termEnd > now) return remindTrialEnd(db, row, row.trialReminderAt ?? now);
      if (row.cancelledAt !== null) return cancel(db, row);
      return endTrial(db, row, termEnd);
    case 'active':
      if (isRenewalReminderStep(row, now))
        return remindRenewal(db, row, termEnd - renewalReminderDays * 86400);
      if (row.pauseDate !== null && row.pauseDate <= termEnd) return pauseAtTermEnd(db, row, termEnd);
      return billNextTerm(db, row, termEnd, 'subscription_renewed', {});
    case 'non_renewing':
      return cancel(db, row);
    default: {
      const { cancelledAt, resumeDate } = row;
      if (cancelledAt !== null && cancelledAt <= now && (resumeDate === null || cancelledAt <= resumeDate))
        return cancel(db, row);
      await resumeLocked(db, row, resumeDate ?? now, source, false);
    }
  }
}

async function processSubscription(db: Database, id: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    let changed = false;
    for (let i = 0; i < maxStepsPerSubscription; i++) {
      const row = await lockIfDue(tx, id, now);
      if (!row) break;
      await step(tx, row, now);
      changed = true;
    }
    return changed;
  });
}

/**
 * Does every piece of billing whose time has come by `now`: renewals, trial ends, future starts, plan
 * changes and pauses at term end, scheduled resumes and cancellations. Each subscription runs in its own
 * transaction and is claimed with FOR UPDATE SKIP LOCKED, so several processes may run this at once.
 * Returns how many subscriptions it changed.
 */
export async function runScheduledBilling(db: Database, now: number): Promise<number> {
  const seen = new Set<string>();
  let changed = 0;
  for (;;) {
    const due = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(isDue(now))
      .orderBy(asc(subscriptions.id))
      .limit(batchSize + seen.size);
    const fresh = due.filter(({ id }) => !seen.has(id));
    if (fresh.length === 0) return changed;
    for (const { id } of fresh) {
      seen.add(id);
      try {
        if (await processSubscription(db, id, now)) changed += 1;
      } catch (error) {
        console.error(`[billing] scheduled billing failed for subscription ${id}:`, error);
      }
    }
  }
}
