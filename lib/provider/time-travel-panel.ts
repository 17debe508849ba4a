import { and, asc, eq, gt, max } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { customers, events, subscriptions, timeMachines } from '@/lib/db/schema';
import { type Env, env } from '@/lib/env';
import { realSeconds } from './clock';
import { machineName } from './machine-clock';
import { travelForward } from './time-machine';

/**
 * The development time-travel panel (/dev/time-travel): it moves the provider's time machine by a
 * day, a week, or to the next renewal or trial end, through the same travel_forward a Chargebee
 * client calls. Never in production, and only where the time machine exists.
 */
export function isTimeTravelPanelEnabled(config: Pick<Env, 'isProduction' | 'provider'> = env()): boolean {
  return !config.isProduction && config.provider.enabled && config.provider.timeMachine;
}

export const jumps = ['day', 'week', 'renewal', 'trial_end'] as const;
export type Jump = (typeof jumps)[number];

export const jumpLabels: Record<Jump, string> = {
  day: '+1 day',
  week: '+1 week',
  renewal: 'To the next renewal',
  trial_end: 'To the trial end',
};

/** The earliest upcoming moment of one kind across all subscriptions, and whose it is. */
export type Upcoming = { at: number; subscriptionId: string; email: string | null };

export type PanelState = {
  /** The machine's row: absent until the first start_afresh (the provider then runs on the real clock). */
  machine?: { status: string; clockAt: number; failureReason: string | null };
  /** The provider's "now": the machine's time once started, else the real time. */
  now: number;
  realNow: number;
  renewal?: Upcoming;
  trialEnd?: Upcoming;
};

async function earliest(
  db: Database,
  status: string,
  column: typeof subscriptions.nextBillingAt,
  after: number,
) {
  const [row] = await db
    .select({ at: column, subscriptionId: subscriptions.id, email: customers.email })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(and(eq(subscriptions.status, status), eq(subscriptions.deleted, false), gt(column, after)))
    .orderBy(asc(column), asc(subscriptions.id))
    .limit(1);
  return row?.at == null ? undefined : { ...row, at: Number(row.at) };
}

/** Where the machine stands and what falls due next, read at the real present. */
export async function readPanelState(db: Database): Promise<PanelState> {
  const realNow = realSeconds();
  const [row] = await db.select().from(timeMachines).where(eq(timeMachines.name, machineName));
  const now = row?.clockAt ?? realNow;
  return {
    machine: row ? { status: row.status, clockAt: row.clockAt, failureReason: row.failureReason } : undefined,
    now,
    realNow,
    renewal: await earliest(db, 'active', subscriptions.nextBillingAt, now),
    trialEnd: await earliest(db, 'in_trial', subscriptions.trialEnd, now),
  };
}

export type JumpPlan = { ok: true; at: number; target?: Upcoming } | { ok: false; reason: string };

/** "Fri, 4 Dec 2026, 07:17 UTC": how the panel writes a moment. */
export function formatMoment(seconds: number): string {
  return `${new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(seconds * 1000))} UTC`;
}

/** Where a jump would take the machine, or why the time machine would refuse it (nothing changes then). */
export function planJump(state: PanelState, jump: Jump): JumpPlan {
  if (!state.machine)
    return {
      ok: false,
      reason:
        'The time machine has not been started, so the provider runs on the real clock and cannot travel forward: it never goes beyond the present. Start it in the past first (POST /api/v2/time_machines/delorean/start_afresh, which clears the customer data; `npm run demo` starts it a month behind).',
    };
  if (state.machine.status === 'in_progress')
    return { ok: false, reason: 'The time machine is still travelling. Wait for it, then reload this page.' };
  if (state.machine.status === 'failed')
    return {
      ok: false,
      reason: `The last travel failed (${state.machine.failureReason ?? 'no reason given'}); only a fresh start (start_afresh) can move the machine now.`,
    };
  const target = jump === 'renewal' ? state.renewal : jump === 'trial_end' ? state.trialEnd : undefined;
  if ((jump === 'renewal' || jump === 'trial_end') && !target)
    return {
      ok: false,
      reason: `No subscription has ${jump === 'renewal' ? 'a renewal' : 'a trial ending'} after the provider's time.`,
    };
  const at = target ? target.at : state.now + (jump === 'day' ? 1 : 7) * 86_400;
  if (at >= state.realNow)
    return {
      ok: false,
      reason: `Not possible now: it would take the provider to ${formatMoment(at)}, at or past the present (${formatMoment(state.realNow)}). The time machine never travels to or beyond the present, as on Chargebee.`,
    };
  return { ok: true, at, target };
}

/** The newest event's sequence number (0 when there is none): the jump's events come after it. */
export async function latestEventSeq(db: Database): Promise<number> {
  const [row] = await db.select({ seq: max(events.seq) }).from(events);
  return Number(row?.seq ?? 0);
}

/**
 * Asks the time machine to travel for `jump` (refused with an `ApiError` when the machine would
 * refuse; nothing changes then). Returns where it goes and the event sequence number it starts after.
 */
export async function startJump(db: Database, jump: Jump) {
  const state = await readPanelState(db);
  const plan = planJump(state, jump);
  if (!plan.ok) return plan;
  const since = await latestEventSeq(db);
  await db.transaction((tx) => travelForward(tx, machineName, plan.at));
  return { ...plan, from: state.now, since };
}

/** Waits (up to `timeoutMs`) for the worker to finish the travel; true when it has. */
export async function waitForTravel(db: Database, timeoutMs = 20_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [row] = await db
      .select({ status: timeMachines.status })
      .from(timeMachines)
      .where(eq(timeMachines.name, machineName));
    if (row?.status !== 'in_progress') return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

export type PanelEvent = {
  seq: number;
  id: string;
  type: string;
  occurredAt: number;
  webhookStatus: string;
  about: string;
};

function aboutOf(content: Record<string, unknown>): string {
  const id = (key: string) => (content[key] as { id?: string } | undefined)?.id;
  const parts = [
    id('subscription'),
    id('invoice') ? `invoice ${id('invoice')}` : undefined,
    id('customer') && !id('subscription') ? id('customer') : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The events recorded after sequence number `since`, in the order they were recorded (up to 200). */
export async function eventsAfter(db: Database, since: number): Promise<PanelEvent[]> {
  const rows = await db
    .select()
    .from(events)
    .where(gt(events.seq, since))
    .orderBy(asc(events.seq))
    .limit(200);
  return rows.map((row) => ({
    seq: row.seq,
    id: row.id,
    type: row.eventType,
    occurredAt: row.occurredAt,
    webhookStatus: row.webhookStatus,
    about: aboutOf(row.content),
  }));
}
