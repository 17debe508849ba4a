import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { nextCardExpiryReminderDue } from './card-reminders';
import { nextDunningRetryDue } from './dunning';
import { nextRenewalReminderDue } from './renewal-reminders';
import { nextTrialReminderDue } from './trials';

const s = subscriptions;
// The moment each subscription falls due, read from the columns `isDue` in scheduled-billing.ts reads.
const dueAt = sql<string | null>`min(case
  when ${s.status} in ('active', 'in_trial') then ${s.currentTermEnd}
  when ${s.status} = 'future' then ${s.startDate}
  when ${s.status} = 'non_renewing' then ${s.cancelledAt}
  when ${s.status} = 'paused' then least(${s.resumeDate}, ${s.cancelledAt})
end)`;

/**
 * The next moment in [after, upTo] at which scheduled billing or dunning has work (renewals, trial
 * ends and their reminders, renewal reminders, card expiry reminders, starts, pauses, resumptions, cancellations, dunning retries), so a time
 * travel can step through due moments one by one, in time order, instead of jumping to its destination
 * in one go (which would stamp every renewal on the way with the destination's time). `after` itself
 * when something is already due then; undefined when nothing falls due by `upTo`.
 */
export async function nextDueAt(db: Database, after: number, upTo: number): Promise<number | undefined> {
  const [row] = await db.select({ at: dueAt }).from(s).where(eq(s.deleted, false));
  const candidates = [
    row?.at == null ? null : Number(row.at),
    await nextTrialReminderDue(db),
    await nextRenewalReminderDue(db),
    await nextCardExpiryReminderDue(db),
    await nextDunningRetryDue(db),
  ].filter((at): at is number => at !== null);
  if (candidates.length === 0) return undefined;
  const at = Math.min(...candidates);
  return at > upTo ? undefined : Math.max(at, after);
}
