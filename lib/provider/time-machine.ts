import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { timeMachines } from '@/lib/db/schema';
import { errors } from './api/errors';
import { realSeconds } from './clock';
import { forgetMachineClock, isTimeMachineEnabled, machineName } from './machine-clock';

type MachineRow = typeof timeMachines.$inferSelect;

function requireName(name: string): void {
  if (name !== machineName)
    throw errors.notFound(`time_machine_name : time machine ${name} not found; only delorean exists`);
}

function requireEnabled(): void {
  if (!isTimeMachineEnabled())
    throw errors.invalidState(
      'The time machine is not enabled on this site: it exists only on test sites (set PROVIDER_TIME_MACHINE=true to enable it in production).',
    );
}

function toWire(row: MachineRow) {
  return {
    time_machine: {
      name: row.name,
      time_travel_status: row.status,
      genesis_time: row.genesisTime,
      destination_time: row.destinationTime,
      ...(row.failureCode ? { failure_code: row.failureCode } : {}),
      ...(row.failureReason ? { failure_reason: row.failureReason } : {}),
      ...(row.failureCode
        ? { error_json: JSON.stringify({ code: row.failureCode, message: row.failureReason }) }
        : {}),
      object: 'time_machine',
    },
  };
}

/** A machine never started stands at the present, as if it had always travelled with the real clock. */
function presentMachine(status: 'succeeded' | 'not_enabled') {
  const now = realSeconds();
  return toWire({
    name: machineName,
    status,
    operation: 'none',
    genesisTime: now,
    destinationTime: now,
    clockAt: now,
    failureCode: null,
    failureReason: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: now,
  });
}

async function lockMachine(db: Database): Promise<MachineRow | undefined> {
  const [row] = await db.select().from(timeMachines).where(eq(timeMachines.name, machineName)).for('update');
  return row;
}

/** The machine as Chargebee's `GET /time_machines/{name}` shows it; clients poll it after each call. */
export async function retrieveTimeMachine(db: Database, name: string) {
  requireName(name);
  if (!isTimeMachineEnabled()) return presentMachine('not_enabled');
  const [row] = await db.select().from(timeMachines).where(eq(timeMachines.name, machineName));
  return row ? toWire(row) : presentMachine('succeeded');
}

function refuseWhileBusy(row: MachineRow | undefined): void {
  if (row?.status === 'in_progress')
    throw errors.invalidState(
      'The time machine is still travelling; wait until its time_travel_status is succeeded.',
    );
}

/** Six months before `now`, Chargebee's default genesis time. */
function sixMonthsBefore(now: number): number {
  const date = new Date(now * 1000);
  date.setUTCMonth(date.getUTCMonth() - 6);
  return Math.floor(date.getTime() / 1000);
}

/**
 * Asks for a fresh start: the worker clears the customer data and sets the clock back to `genesis`
 * (lib/provider/time-travel.ts). Answers at once with the machine `in_progress`, as Chargebee does.
 * The clock meanwhile stays where it was (the present, the first time).
 */
export async function startAfresh(db: Database, name: string, genesis: number | undefined) {
  requireName(name);
  requireEnabled();
  const now = realSeconds();
  const genesisTime = genesis ?? sixMonthsBefore(now);
  if (genesisTime >= now) throw errors.paramWrongValue('genesis_time', `must be in the past (before ${now})`);
  const row = await lockMachine(db);
  refuseWhileBusy(row);
  const values = {
    status: 'in_progress',
    operation: 'start_afresh',
    genesisTime,
    destinationTime: genesisTime,
    failureCode: null,
    failureReason: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: now,
  };
  const [saved] = row
    ? await db.update(timeMachines).set(values).where(eq(timeMachines.name, machineName)).returning()
    : await db
        .insert(timeMachines)
        .values({ name: machineName, clockAt: now, ...values })
        .returning();
  // The first start stands the clock still at the present until the fresh start is done.
  forgetMachineClock();
  return toWire(saved as MachineRow);
}

/**
 * Asks the worker to move the clock forward to `destination`, running what falls due on the way. The
 * destination must lie strictly between the machine's time and the present; a failed machine accepts
 * only a fresh start. Nothing changes when the call is refused.
 */
export async function travelForward(db: Database, name: string, destination: number) {
  requireName(name);
  requireEnabled();
  const now = realSeconds();
  const row = await lockMachine(db);
  refuseWhileBusy(row);
  if (row?.status === 'failed')
    throw errors.invalidState(
      'The last time travel failed; start the time machine afresh before travelling.',
    );
  const from = row?.clockAt ?? now;
  if (destination <= from || destination >= now)
    throw errors.paramWrongValue(
      'destination_time',
      `must be after the time machine's time (${from}) and before the present (${now})`,
    );
  const [saved] = await db
    .update(timeMachines)
    .set({
      status: 'in_progress',
      operation: 'travel_forward',
      destinationTime: destination,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(eq(timeMachines.name, machineName))
    .returning();
  return toWire(saved as MachineRow);
}

/**
 * Stands the machine at `at`, its history starting at `genesis`, without clearing anything: the demo
 * seeds its people up to a month ago and leaves that month to be travelled through.
 */
export async function standMachineAt(db: Database, genesis: number, at: number): Promise<void> {
  const values = {
    status: 'succeeded',
    operation: 'none',
    genesisTime: genesis,
    destinationTime: at,
    clockAt: at,
    failureCode: null,
    failureReason: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: realSeconds(),
  };
  await db
    .insert(timeMachines)
    .values({ name: machineName, ...values })
    .onConflictDoUpdate({ target: timeMachines.name, set: values });
  forgetMachineClock();
}
