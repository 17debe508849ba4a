import type { Database } from '@/lib/db/client';
import { errors } from './api/errors';
import { nowSeconds } from './clock';
import { requireCustomer } from './customers';
import type { EventSource } from './events';
import { recordInvoiceEvents } from './invoice-issue';
import {
  lockSubscription,
  recordSubscriptionEvent,
  requireStatus,
  type SubscriptionResult,
  type SubscriptionRow,
  saveSubscription,
} from './subscription-records';
import { beginTerm, chargeableSource, termAmountDue } from './subscription-terms';
import { trialReminderAt } from './trials';

export type CancelOption = 'immediately' | 'end_of_term';
export type PauseOption = 'immediately' | 'end_of_term';

const cancelledNow = (at: number) => ({
  status: 'cancelled',
  cancelledAt: at,
  nextBillingAt: null,
  scheduledChanges: null,
  pauseDate: null,
  resumeDate: null,
  remainingBillingCycles: null,
});

/** Cancels now (any status but cancelled), or at the end of the current term (active or in trial). */
export async function cancelSubscription(
  db: Database,
  subscriptionId: string,
  input: { cancelOption?: CancelOption },
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    if ((input.cancelOption ?? 'immediately') === 'immediately') {
      requireStatus(
        row,
        ['future', 'in_trial', 'active', 'non_renewing', 'paused'],
        'cancel the subscription',
      );
      const saved = await saveSubscription(tx, row, cancelledNow(now), now);
      return recordSubscriptionEvent(tx, 'subscription_cancelled', saved, source);
    }
    requireStatus(row, ['in_trial', 'active'], 'schedule a cancellation at the end of the term');
    if (row.cancelledAt !== null)
      throw errors.invalidState('A cancellation is already scheduled for the end of this term.');
    const saved = await saveSubscription(
      tx,
      row,
      {
        status: row.status === 'active' ? 'non_renewing' : row.status,
        cancelledAt: row.currentTermEnd,
        cancelScheduleCreatedAt: now,
        remainingBillingCycles: 0,
        nextBillingAt: null,
        scheduledChanges: null,
        pauseDate: null,
        resumeDate: null,
      },
      now,
    );
    return recordSubscriptionEvent(tx, 'subscription_cancellation_scheduled', saved, source);
  });
}

/** Drops a cancellation scheduled for the end of the term: non_renewing → active, in_trial stays. */
export async function removeScheduledCancellation(
  db: Database,
  subscriptionId: string,
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    requireStatus(row, ['in_trial', 'active', 'non_renewing'], 'remove a scheduled cancellation');
    if (row.cancelledAt === null || row.cancelledAt <= now)
      throw errors.invalidState('The subscription has no scheduled cancellation to remove.');
    const saved = await saveSubscription(
      tx,
      row,
      {
        status: row.status === 'non_renewing' ? 'active' : row.status,
        cancelledAt: null,
        cancelScheduleCreatedAt: null,
        remainingBillingCycles: null,
        nextBillingAt: row.currentTermEnd,
      },
      now,
    );
    return recordSubscriptionEvent(tx, 'subscription_scheduled_cancellation_removed', saved, source);
  });
}

/** Brings a cancelled subscription back with a new term from now (invoiced), or a trial until `trialEnd`. */
export async function reactivateSubscription(
  db: Database,
  subscriptionId: string,
  input: { trialEnd?: number },
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    requireStatus(row, ['cancelled'], 'reactivate the subscription');
    const reset = {
      cancelledAt: null,
      cancelScheduleCreatedAt: null,
      remainingBillingCycles: null,
      pauseDate: null,
      resumeDate: null,
      cancelReason: null,
    };
    if (input.trialEnd !== undefined && input.trialEnd !== 0) {
      if (input.trialEnd <= now) throw errors.paramWrongValue('trial_end', 'must be in the future');
      const saved = await saveSubscription(
        tx,
        row,
        {
          ...reset,
          status: 'in_trial',
          trialStart: now,
          trialEnd: input.trialEnd,
          currentTermStart: now,
          currentTermEnd: input.trialEnd,
          nextBillingAt: input.trialEnd,
          trialReminderAt: trialReminderAt(now, input.trialEnd),
        },
        now,
      );
      return recordSubscriptionEvent(tx, 'subscription_reactivated', saved, source);
    }
    const customer = await requireCustomer(tx, row.customerId);
    await chargeableSource(tx, customer, row.paymentSourceId, termAmountDue(row), now);
    const { row: billed, issued } = await beginTerm(tx, row, customer, now, {
      ...reset,
      status: 'active',
      activatedAt: now,
    });
    const result = await recordSubscriptionEvent(
      tx,
      'subscription_reactivated',
      billed,
      source,
      issued?.invoice,
    );
    await recordInvoiceEvents(tx, issued, result, source);
    return result;
  });
}

/** Pauses now, or schedules the pause for the end of the current term. */
export async function pauseSubscription(
  db: Database,
  subscriptionId: string,
  input: { pauseOption?: PauseOption; resumeDate?: number },
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    const immediately = (input.pauseOption ?? 'immediately') === 'immediately';
    requireStatus(
      row,
      immediately ? ['active', 'non_renewing'] : ['active'],
      immediately ? 'pause the subscription' : 'schedule a pause at the end of the term',
    );
    if (!immediately && row.pauseDate !== null)
      throw errors.invalidState('A pause is already scheduled for the end of this term.');
    const pauseDate = immediately ? now : (row.currentTermEnd ?? now);
    if (input.resumeDate !== undefined && input.resumeDate <= pauseDate)
      throw errors.paramWrongValue('resume_date', 'must be after the date the subscription pauses');
    const saved = await saveSubscription(
      tx,
      row,
      immediately
        ? {
            status: 'paused',
            pauseDate,
            resumeDate: input.resumeDate ?? null,
            nextBillingAt: null,
            scheduledChanges: null,
          }
        : { pauseDate, resumeDate: input.resumeDate ?? null },
      now,
    );
    return recordSubscriptionEvent(
      tx,
      immediately ? 'subscription_paused' : 'subscription_pause_scheduled',
      saved,
      source,
    );
  });
}

/**
 * Resumes a paused subscription at `at`. Within the term already paid for it simply carries on; after
 * that a new term starts, invoiced and charged (a missing card is an error only when `strict`).
 */
export async function resumeLocked(
  db: Database,
  row: SubscriptionRow,
  at: number,
  source: EventSource,
  strict: boolean,
): Promise<SubscriptionResult> {
  const resumed = { pauseDate: null, resumeDate: null };
  if (row.currentTermEnd !== null && row.currentTermEnd > at) {
    const nonRenewing = row.cancelledAt !== null;
    const saved = await saveSubscription(
      db,
      row,
      {
        ...resumed,
        status: nonRenewing ? 'non_renewing' : 'active',
        nextBillingAt: nonRenewing ? null : row.currentTermEnd,
      },
      at,
    );
    return recordSubscriptionEvent(db, 'subscription_resumed', saved, source);
  }
  const customer = await requireCustomer(db, row.customerId);
  if (strict) await chargeableSource(db, customer, row.paymentSourceId, termAmountDue(row), at);
  const { row: billed, issued } = await beginTerm(db, row, customer, at, { ...resumed, status: 'active' });
  const result = await recordSubscriptionEvent(db, 'subscription_resumed', billed, source, issued?.invoice);
  await recordInvoiceEvents(db, issued, result, source);
  return result;
}

export async function resumeSubscription(
  db: Database,
  subscriptionId: string,
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    requireStatus(row, ['paused'], 'resume the subscription');
    if (row.cancelledAt !== null && row.cancelledAt <= now)
      throw errors.invalidState('The subscription reached its scheduled cancellation while paused.');
    return resumeLocked(tx, row, now, source, true);
  });
}
