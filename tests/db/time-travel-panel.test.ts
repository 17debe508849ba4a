import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { timeMachines } from '@/lib/db/schema';
import { atTime } from '@/lib/provider/clock';
import { machineNow } from '@/lib/provider/machine-clock';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { startAfresh } from '@/lib/provider/time-machine';
import { runTimeMachine } from '@/lib/provider/time-travel';
import {
  eventsAfter,
  latestEventSeq,
  planJump,
  readPanelState,
  startJump,
} from '@/lib/provider/time-travel-panel';
import { backends } from '../support/databases';
import { day, newCustomer, useCatalogDatabase } from './billing-fixtures';

const reader = [{ itemPriceId: 'reader-USD-monthly' }];
const realNow = () => Math.floor(Date.now() / 1000);

async function startAt(db: Database, genesis: number) {
  await db.transaction((tx) => startAfresh(tx, 'delorean', genesis));
  expect(await runTimeMachine(db)).toBe(true);
}

/** A subscriber made at the machine's time: paying now (`trialEnd: 0`), or in the plan's 14-day trial. */
async function subscribe(db: Database, trial: boolean) {
  const at = (await machineNow(db)) as number;
  return atTime(at, async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await createSubscriptionForItems(
      db,
      customerId,
      { items: reader, ...(trial ? {} : { trialEnd: 0 }) },
      'api',
      at,
    );
    return subscription;
  });
}

describe.each(backends())('the time-travel panel on $name', (backend) => {
  let db: Database;
  useCatalogDatabase(backend, (opened) => {
    db = opened;
  });

  it('refuses every jump while the machine has not been started, saying why', async () => {
    const state = await readPanelState(db);
    expect(state.machine).toBeUndefined();
    const plan = planJump(state, 'day');
    expect(plan).toMatchObject({ ok: false, reason: expect.stringContaining('has not been started') });
    expect(await startJump(db, 'day')).toMatchObject({ ok: false });
    expect(await db.select().from(timeMachines)).toEqual([]);
  });

  it('finds the earliest renewal and trial end, and a jump lists the events it emitted in order', async () => {
    const genesis = realNow() - 40 * day;
    await startAt(db, genesis);
    const paying = await subscribe(db, false);
    const trial = await subscribe(db, true);
    const state = await readPanelState(db);
    expect(state.now).toBe(genesis);
    expect(state.renewal).toMatchObject({ at: paying.current_term_end, subscriptionId: paying.id });
    expect(state.trialEnd).toMatchObject({ at: genesis + 14 * day, subscriptionId: trial.id });
    expect(planJump(state, 'week')).toEqual({ ok: true, at: genesis + 7 * day });

    const before = await latestEventSeq(db);
    const started = await startJump(db, 'trial_end');
    expect(started).toMatchObject({ ok: true, at: genesis + 14 * day, from: genesis, since: before });
    expect(await runTimeMachine(db)).toBe(true);
    expect((await readPanelState(db)).now).toBe(genesis + 14 * day);

    const emitted = await eventsAfter(db, before);
    expect(emitted.map((event) => event.type)).toEqual([
      'subscription_trial_end_reminder',
      'subscription_activated',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect(emitted.map((event) => event.occurredAt)).toEqual([
      genesis + 11 * day,
      genesis + 14 * day,
      genesis + 14 * day,
      genesis + 14 * day,
    ]);
    expect(emitted[0]?.about).toContain(trial.id);
    expect(new Set(emitted.map((event) => event.webhookStatus)).size).toBe(1);
  });

  it('refuses a jump that would reach the present, explaining it and changing nothing', async () => {
    const genesis = realNow() - 3 * day;
    await startAt(db, genesis);
    const state = await readPanelState(db);
    expect(planJump(state, 'day')).toMatchObject({ ok: true, at: genesis + day });
    const week = planJump(state, 'week');
    expect(week).toMatchObject({ ok: false, reason: expect.stringContaining('never travels to or beyond') });
    expect(planJump(state, 'renewal')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No subscription has a renewal'),
    });
    expect(await startJump(db, 'week')).toMatchObject({ ok: false });
    const [row] = await db.select().from(timeMachines).where(eq(timeMachines.name, 'delorean'));
    expect(row).toMatchObject({ status: 'succeeded', clockAt: genesis, destinationTime: genesis });
  });
});
