import { eq, sql } from 'drizzle-orm';
import { type Database, isSingleProcessDatabase, db as openDb } from '@/lib/db/client';
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

type ClockCache = { version: number; byDatabase: WeakMap<Database, number | null> };
// On globalThis: the worker (instrumentation's bundle) moves the clock that route handlers read.
const holder = globalThis as typeof globalThis & { __gatehouseMachineClock?: ClockCache };

function clockCache(): ClockCache {
  holder.__gatehouseMachineClock ??= { version: 0, byDatabase: new WeakMap() };
  return holder.__gatehouseMachineClock;
}

/**
 * Drops the remembered clock; called after every committed change of the machine's time in this
 * process. A read that started before the call does not store what it read.
 */
export function forgetMachineClock(): void {
  const cache = clockCache();
  cache.version += 1;
  cache.byDatabase = new WeakMap();
}

/**
 * The machine's time when the time machine has been started (its row exists), else undefined: the
 * provider then runs on the real time. On PostgreSQL, one prepared statement on the primary key on
 * every call, so two instances never disagree; on PGlite (one process per folder, so every change of
 * the clock is this process's own) the value is remembered until `forgetMachineClock`. Nothing is read
 * when the machine is off.
 */
export async function machineNow(db: Database): Promise<number | undefined> {
  if (!isTimeMachineEnabled()) return undefined;
  const cache = clockCache();
  const remember = isSingleProcessDatabase(db);
  if (remember && cache.byDatabase.has(db)) return cache.byDatabase.get(db) ?? undefined;
  const version = cache.version;
  const query = prepared(db, 'machine-clock', (on, unnamed) =>
    on
      .select({ clockAt: timeMachines.clockAt })
      .from(timeMachines)
      .where(eq(timeMachines.name, sql.placeholder('name')))
      .prepare(unnamed),
  );
  const [row] = await query.execute({ name: machineName });
  if (remember && cache.version === version) cache.byDatabase.set(db, row?.clockAt ?? null);
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
