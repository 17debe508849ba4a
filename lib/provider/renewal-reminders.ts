import { and, eq, gt, gte, isNull, lte, min, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';

/** Chargebee's default lead time for `subscription_renewal_reminder`. */
export const renewalReminderDays = 3;
const lead = renewalReminderDays * 86400;
const s = subscriptions;
const remindAt = sql<number>`(${s.currentTermEnd} - ${lead})`;

/**
 * An active subscription that will renew at its term end (no pause due by then) and has not yet been
 * reminded for this term; a term shorter than the lead time gets no reminder.
 */
function awaitingReminder(): SQL {
  return and(
    eq(s.status, 'active'),
    eq(s.deleted, false),
    gte(remindAt, s.currentTermStart),
    or(isNull(s.pauseDate), gt(s.pauseDate, s.currentTermEnd)),
    or(isNull(s.renewalRemindedFor), ne(s.renewalRemindedFor, s.currentTermEnd)),
  ) as SQL;
}

/** The scheduled-billing condition for a renewal reminder that has come due by `now`, before the renewal. */
export function renewalReminderDue(now: number): SQL {
  return and(awaitingReminder(), lte(remindAt, now), gt(s.currentTermEnd, now)) as SQL;
}

/** Whether a locked active subscription's due step is its renewal reminder rather than its renewal. */
export function isRenewalReminderStep(
  row: Pick<typeof s.$inferSelect, 'currentTermEnd' | 'renewalRemindedFor'>,
  now: number,
): boolean {
  return (
    row.currentTermEnd !== null && row.currentTermEnd > now && row.renewalRemindedFor !== row.currentTermEnd
  );
}

/** The earliest renewal reminder still waiting, for the time machine's list of due moments. */
export async function nextRenewalReminderDue(db: Database): Promise<number | null> {
  const [row] = await db
    .select({ at: min(remindAt) })
    .from(s)
    .where(awaitingReminder());
  return row?.at == null ? null : Number(row.at);
}
