import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import {
  customers,
  events,
  hostedPages,
  idempotencyKeys,
  invoices,
  paymentSources,
  portalLoginCodes,
  portalSessions,
  subscriptions,
  timeMachines,
  transactions,
  webhookDeliveries,
} from '@/lib/db/schema';
import { isDatabaseUnavailable } from './api/router';
import { runCardExpiryReminders } from './card-reminders';
import { atTime } from './clock';
import { nextDueAt } from './due-times';
import { runDunning } from './dunning';
import { forgetMachineClock, machineName } from './machine-clock';
import { runScheduledBilling } from './scheduled-billing';

type MachineRow = typeof timeMachines.$inferSelect;

const leaseMs = 30_000;
/** Runs at one moment that leave work due at that moment (a failing charge, say) before giving up. */
const maxRunsAtOneMoment = 3;
const thisProcess = randomUUID();

const machine = eq(timeMachines.name, machineName);

async function claimLease(db: Database, owner: string): Promise<MachineRow | undefined> {
  const now = Date.now();
  const [row] = await db
    .update(timeMachines)
    .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
    .where(
      and(
        machine,
        eq(timeMachines.status, 'in_progress'),
        or(
          isNull(timeMachines.leaseUntil),
          lt(timeMachines.leaseUntil, now),
          eq(timeMachines.leaseOwner, owner),
        ),
      ),
    )
    .returning();
  return row;
}

/** Saves progress under the lease; false when another instance has taken the machine over. */
async function saveProgress(db: Database, owner: string, changes: Partial<MachineRow>): Promise<boolean> {
  const saved = await db
    .update(timeMachines)
    .set({ ...changes, updatedAt: Math.floor(Date.now() / 1000) })
    .where(and(machine, eq(timeMachines.leaseOwner, owner)))
    .returning({ name: timeMachines.name });
  forgetMachineClock();
  return saved.length > 0;
}

/**
 * Chargebee's "customer data": customers and everything hanging off them, and the provider's events and
 * webhook deliveries. The catalog (item prices), settings and the website's own tables stay.
 */
async function clearCustomerData(tx: Database): Promise<void> {
  for (const table of [
    webhookDeliveries,
    events,
    transactions,
    invoices,
    subscriptions,
    paymentSources,
    portalSessions,
    portalLoginCodes,
    hostedPages,
    idempotencyKeys,
    customers,
  ]) {
    await tx.delete(table);
  }
}

async function finishStartAfresh(db: Database, owner: string, row: MachineRow): Promise<void> {
  await db.transaction(async (tx) => {
    await clearCustomerData(tx);
    await saveProgress(tx, owner, {
      status: 'succeeded',
      clockAt: row.genesisTime,
      destinationTime: row.genesisTime,
      leaseOwner: null,
      leaseUntil: null,
    });
  });
  forgetMachineClock();
}

function fail(db: Database, owner: string, code: string, reason: string) {
  return saveProgress(db, owner, {
    status: 'failed',
    failureCode: code,
    failureReason: reason,
    leaseOwner: null,
    leaseUntil: null,
  });
}

/**
 * Steps from the machine's time to its destination through each due moment, running scheduled billing
 * then dunning retries and card expiry reminders at that moment, so renewals on the way carry their own times and their events record in order. The
 * row remembers each moment reached; billing is state-based, so a travel cut short resumes without
 * doing anything twice.
 */
async function travel(db: Database, owner: string, row: MachineRow, maxSteps: number): Promise<boolean> {
  let at = row.clockAt;
  let runsHere = 0;
  for (let step = 0; step < maxSteps; step++) {
    const due = await nextDueAt(db, at, row.destinationTime);
    if (due === undefined) {
      await saveProgress(db, owner, {
        status: 'succeeded',
        clockAt: row.destinationTime,
        leaseOwner: null,
        leaseUntil: null,
      });
      return true;
    }
    runsHere = due === at ? runsHere + 1 : 1;
    if (runsHere > maxRunsAtOneMoment) {
      await fail(
        db,
        owner,
        'scheduled_billing_failed',
        `Scheduled billing due at ${due} could not be completed.`,
      );
      return true;
    }
    await atTime(due, async () => {
      await runScheduledBilling(db, due);
      await runDunning(db, due);
      await runCardExpiryReminders(db, due);
    });
    at = due;
    if (!(await saveProgress(db, owner, { clockAt: due, leaseUntil: Date.now() + leaseMs }))) return false;
  }
  return false;
}

/**
 * The worker's time-machine job: carries out the start or travel the API asked for, under a lease on
 * the machine row so two instances never travel at once. `maxSteps` bounds one run (tests use it to
 * stop a travel part-way); a run that stops releases nothing, and the lease lapses after 30 s.
 * Returns whether the machine's work is done.
 */
export async function runTimeMachine(
  db: Database,
  options: { owner?: string; maxSteps?: number } = {},
): Promise<boolean> {
  const owner = options.owner ?? thisProcess;
  const row = await claimLease(db, owner);
  if (!row) return false;
  try {
    if (row.operation === 'start_afresh') {
      await finishStartAfresh(db, owner, row);
      return true;
    }
    return await travel(db, owner, row, options.maxSteps ?? Number.POSITIVE_INFINITY);
  } catch (error) {
    // A database that is away is no reason to fail the travel: the next run resumes where it stood.
    if (!isDatabaseUnavailable(error)) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      await fail(db, owner, 'time_travel_failed', `The time travel stopped: ${message}`).catch(() => false);
    }
    throw error;
  }
}
