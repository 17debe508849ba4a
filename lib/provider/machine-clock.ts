import { eq, sql } from 'drizzle-orm';
import { type Database, db as openDb } from '@/lib/db/client';
import { timeMachines } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { atTime, realSeconds } from './clock';
import { prepared } from './prepared';

/** Chargebee's one machine per test site: "currently only delorean is allowed". */
export const machineName = 'delorean';

/** Whether this provider offers the time machine: on outside production, in production only when asked. */
export function isTimeMachineEnabled(): boolean {
  const { provider } = env();
  return provider.enabled && provider.timeMachine;
}

/**
 * The machine's time when the time machine has been started (its row exists), else undefined: the
 * provider then runs on the real time. One prepared statement on the primary key, read from the
 * database on every call so two instances never disagree; nothing is read when the machine is off.
 */
export async function machineNow(db: Database): Promise<number | undefined> {
  if (!isTimeMachineEnabled()) return undefined;
  const query = prepared(db, 'machine-clock', (on, unnamed) =>
    on
      .select({ clockAt: timeMachines.clockAt })
      .from(timeMachines)
      .where(eq(timeMachines.name, sql.placeholder('name')))
      .prepare(unnamed),
  );
  const [row] = await query.execute({ name: machineName });
  return row?.clockAt;
}

/**
 * Runs a provider entry point (an API request, a portal or checkout page, a worker job) at the
 * machine's time once the machine has been started, so every object, event and webhook it makes
 * carries that time; before that, or with the machine off, at the real time as before.
 */
export async function atMachineTime<T>(work: () => Promise<T>, database?: Database): Promise<T> {
  if (!isTimeMachineEnabled()) return work();
  const at = await machineNow(database ?? (await openDb()));
  return at === undefined ? work() : atTime(at, work);
}

/**
 * The provider's "now" for a page that shows time-dependent wording (a term that carries on, a
 * cancellation still ahead) outside `atMachineTime`: the machine's time once started, else the real time.
 */
export async function currentSeconds(database?: Database): Promise<number> {
  if (!isTimeMachineEnabled()) return realSeconds();
  return (await machineNow(database ?? (await openDb()))) ?? realSeconds();
}
