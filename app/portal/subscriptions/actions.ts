'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { Database } from '@/lib/db/client';
import { db } from '@/lib/db/client';
import type { ActionResult } from '@/lib/portal/action-result';
import { subscriptionProblem } from '@/lib/portal/billing-errors';
import { formText } from '@/lib/portal/requests';
import {
  cancelOwnSubscription,
  changeOwnPlan,
  keepOwnSubscription,
  pauseOwnSubscription,
  reactivateOwnSubscription,
  resumeOwnSubscription,
} from '@/lib/portal/self-serve';
import { requirePortalCustomer } from '@/lib/portal/session';
import type { SubscriptionDone } from '@/lib/portal/subscription-done';
import { atMachineTime } from '@/lib/provider/machine-clock';

type Outcome = { invoice?: { status: string } };

/**
 * Runs one change to the customer's own subscription; on success the details page says what happened,
 * on refusal the reason shows beside the button and nothing changed.
 */
async function runChange(
  form: FormData,
  change: (database: Database, customerId: string, subscriptionId: string) => Promise<Outcome>,
  done: (outcome: Outcome) => SubscriptionDone,
): Promise<ActionResult> {
  const { customer } = await requirePortalCustomer();
  const subscriptionId = formText(form, 'subscription_id', 200);
  let outcome: Outcome;
  try {
    const database = await db();
    outcome = await atMachineTime(() => change(database, customer.id, subscriptionId), database);
  } catch (error) {
    return { error: subscriptionProblem(error).message };
  }
  revalidatePath('/portal', 'layout');
  redirect(`/portal/subscriptions/${encodeURIComponent(subscriptionId)}?done=${done(outcome)}`);
}

const paymentFailed = (outcome: Outcome) =>
  outcome.invoice?.status === 'payment_due' || outcome.invoice?.status === 'not_paid';

export async function changePlan(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const planId = formText(form, 'plan', 200);
  const when = formText(form, 'when') === 'renewal' ? 'end_of_term' : 'immediately';
  return runChange(
    form,
    (database, customerId, id) => changeOwnPlan(database, customerId, id, planId, when),
    (outcome) =>
      when === 'end_of_term'
        ? 'plan_change_scheduled'
        : paymentFailed(outcome)
          ? 'plan_changed_payment_failed'
          : 'plan_changed',
  );
}

/** Keeping the current plan at renewal drops a scheduled plan change. */
export async function dropScheduledChange(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const planId = formText(form, 'plan', 200);
  return runChange(
    form,
    (database, customerId, id) => changeOwnPlan(database, customerId, id, planId, 'end_of_term'),
    () => 'scheduled_change_removed',
  );
}

export async function cancel(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const when = formText(form, 'when') === 'now' ? 'immediately' : 'end_of_term';
  return runChange(
    form,
    (database, customerId, id) => cancelOwnSubscription(database, customerId, id, when),
    () => (when === 'immediately' ? 'cancelled' : 'cancel_scheduled'),
  );
}

export async function keepSubscription(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  return runChange(form, keepOwnSubscription, () => 'cancellation_removed');
}

export async function reactivate(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  return runChange(form, reactivateOwnSubscription, (outcome) =>
    paymentFailed(outcome) ? 'reactivated_payment_failed' : 'reactivated',
  );
}

export async function pause(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  return runChange(form, pauseOwnSubscription, () => 'paused');
}

export async function resume(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  return runChange(form, resumeOwnSubscription, (outcome) =>
    paymentFailed(outcome) ? 'resumed_payment_failed' : 'resumed',
  );
}
