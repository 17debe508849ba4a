import { and, eq, isNotNull, min } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { errors } from './api/errors';
import { addPeriod } from './billing';
import type { TrialEndAction } from './catalog';
import type { ItemPriceRow } from './item-prices';

/** Chargebee's default lead time for `subscription_trial_end_reminder`. */
export const trialReminderDays = 3;

/**
 * The trial end a new subscription gets: `0` means none, a given time must be in the future (a past one
 * is refused naming `param`, since Chargebee cannot backdate a trial), and otherwise the plan's own trial
 * period counts from `startsAt`. Returns undefined when there is no trial.
 */
export function resolveTrialEnd(
  plan: Pick<ItemPriceRow, 'trialPeriod' | 'trialPeriodUnit'>,
  requested: number | undefined,
  startsAt: number,
  param: string,
): number | undefined {
  if (requested === 0) return undefined;
  if (requested !== undefined) {
    if (requested <= startsAt)
      throw errors.paramWrongValue(param, 'must be in the future (or 0 for no trial)');
    return requested;
  }
  if (!plan.trialPeriod || !plan.trialPeriodUnit) return undefined;
  return addPeriod(startsAt, plan.trialPeriod, plan.trialPeriodUnit as 'day' | 'month');
}

/**
 * When the trial-end reminder falls due: `trialReminderDays` before the end, or never for a trial shorter
 * than that (a reminder the moment a trial starts would tell the customer nothing new).
 */
export function trialReminderAt(trialStart: number, trialEnd: number): number | null {
  const at = trialEnd - trialReminderDays * 86400;
  return at >= trialStart ? at : null;
}

/**
 * What trial end does when the first term cannot be paid. `site_default` is a site setting on Chargebee;
 * this provider's default is the stricter one, cancel, so nobody keeps access unpaid by accident.
 */
export function unpaidTrialEndAction(action: string | null): 'activate' | 'cancel' {
  return (action as TrialEndAction | null) === 'activate_subscription' ? 'activate' : 'cancel';
}

/**
 * The earliest trial-end reminder still waiting, for the time machine's list of due moments (trial ends
 * themselves are `current_term_end` of `in_trial` subscriptions, already a renewal-style due moment).
 */
export async function nextTrialReminderDue(db: Database): Promise<number | null> {
  const [row] = await db
    .select({ at: min(subscriptions.trialReminderAt) })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'in_trial'),
        eq(subscriptions.deleted, false),
        isNotNull(subscriptions.trialReminderAt),
      ),
    );
  return row?.at == null ? null : Number(row.at);
}
