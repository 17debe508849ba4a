import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { JumpForm } from '@/components/dev/jump-form';
import { StatusBadge } from '@/components/portal/status-badge';
import { Notice } from '@/components/ui/notice';
import { db } from '@/lib/db/client';
import type { Tone } from '@/lib/portal/billing-format';
import {
  eventsAfter,
  formatMoment,
  isTimeTravelPanelEnabled,
  type Jump,
  type JumpPlan,
  jumpLabels,
  jumps,
  type PanelEvent,
  planJump,
  readPanelState,
} from '@/lib/provider/time-travel-panel';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Time travel', robots: { index: false } };

type Search = Promise<Record<string, string | string[] | undefined>>;

const query = z.object({
  jump: z.enum(jumps).optional().catch(undefined),
  refused: z.string().max(20).optional().catch(undefined),
  since: z.coerce.number().int().nonnegative().optional().catch(undefined),
  from: z.coerce.number().int().positive().optional().catch(undefined),
});

function behind(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  if (days === 0 && hours === 0) return 'less than an hour behind the present';
  return `${days} day${days === 1 ? '' : 's'} ${hours} hour${hours === 1 ? '' : 's'} behind the present`;
}

const deliveries: Record<string, { text: string; tone: Tone }> = {
  succeeded: { text: 'Delivered', tone: 'good' },
  scheduled: { text: 'Queued', tone: 'neutral' },
  re_scheduled: { text: 'Retrying', tone: 'warning' },
  failed: { text: 'Failed', tone: 'bad' },
  not_configured: { text: 'No webhook set', tone: 'neutral' },
};

function JumpButton({ jump, plan }: { jump: Jump; plan: JumpPlan }) {
  return (
    <JumpForm jump={jump} label={jumpLabels[jump]} disabled={!plan.ok}>
      <p id={`jump-${jump}-note`} className="text-sm leading-5 text-slate-600" data-testid={`jump-${jump}`}>
        {plan.ok
          ? `To ${formatMoment(plan.at)}${plan.target ? `: ${plan.target.subscriptionId}${plan.target.email ? ` (${plan.target.email})` : ''}` : ''}.`
          : plan.reason}
      </p>
    </JumpForm>
  );
}

function EventList({ events }: { events: readonly PanelEvent[] }) {
  if (events.length === 0)
    return (
      <p className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
        This jump emitted no events: nothing fell due on the way.
      </p>
    );
  return (
    <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs">
      {events.map((event) => {
        const delivery = deliveries[event.webhookStatus] ?? { text: event.webhookStatus, tone: 'neutral' };
        return (
          <li
            key={event.id}
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3"
            data-testid="travel-event"
            data-type={event.type}
            data-webhook={event.webhookStatus}
          >
            <span className="min-w-0">
              <span className="block font-mono text-sm font-semibold text-slate-900">{event.type}</span>
              <span className="block text-xs text-slate-500">
                {formatMoment(event.occurredAt)}
                {event.about ? ` · ${event.about}` : ''}
              </span>
            </span>
            <span className="flex items-center gap-2 text-xs text-slate-500">
              Webhook <StatusBadge tone={delivery.tone}>{delivery.text}</StatusBadge>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The provider's clock and buttons that move it forward, with the events each jump emitted. */
export default async function TimeTravelPage({ searchParams }: { searchParams: Search }) {
  if (!isTimeTravelPanelEnabled()) notFound();
  const params = query.parse(await searchParams);
  const database = await db();
  const state = await readPanelState(database);
  const plans = jumps.map((jump) => [jump, planJump(state, jump)] as const);
  const refusedPlan = plans.find(([jump]) => jump === params.refused)?.[1];
  const events = params.since === undefined ? undefined : await eventsAfter(database, params.since);
  const travelling = state.machine?.status === 'in_progress';
  const here = `/dev/time-travel?${new URLSearchParams(
    Object.entries(params).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  )}`;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-10 sm:px-6">
      <div>
        <p className="text-xs font-semibold uppercase tracking-widest text-amber-700">Development only</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Time travel</h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          Moves the billing provider&apos;s clock forward with its time machine (Chargebee&apos;s
          &ldquo;delorean&rdquo;): renewals, trial ends, dunning retries and reminders on the way happen in
          order, and their webhooks go to the site. &ldquo;To the next renewal&rdquo; and &ldquo;To the trial
          end&rdquo; go to the earliest one across all subscriptions, named under each button. Sign-in codes
          are in the{' '}
          <Link href="/dev/mailbox" className="font-medium text-teal-800 underline underline-offset-4">
            mailbox
          </Link>
          .
        </p>
      </div>
      <section
        aria-labelledby="clock-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs"
      >
        <h2 id="clock-heading" className="text-xs font-medium uppercase tracking-wide text-slate-500">
          Provider time
        </h2>
        <p className="mt-1 text-xl font-semibold text-slate-900 tabular-nums" data-testid="provider-time">
          {formatMoment(state.now)}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {state.machine
            ? `${behind(state.realNow - state.now)} (${formatMoment(state.realNow)}).`
            : 'The time machine has not been started: the provider runs on the real clock.'}
          {travelling ? ' Travelling now…' : ''}
        </p>
      </section>
      {params.refused ? (
        <Notice tone="error" title="That jump was refused" testId="jump-refused">
          {refusedPlan && !refusedPlan.ok
            ? `${refusedPlan.reason} Nothing was changed.`
            : 'The time machine refused it just now; nothing was changed. Try again.'}
        </Notice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {plans.map(([jump, plan]) => (
          <JumpButton key={jump} jump={jump} plan={plan} />
        ))}
      </div>
      {events ? (
        <section aria-labelledby="events-heading" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="events-heading" className="text-base font-semibold text-slate-900">
              {params.jump ? `Events from “${jumpLabels[params.jump]}”` : 'Events'}
              {params.from ? (
                <span className="block text-sm font-normal text-slate-600">
                  From {formatMoment(params.from)}, in the order they happened
                </span>
              ) : null}
            </h2>
            <Link href={here} className="text-sm font-medium text-teal-800 underline underline-offset-4">
              Refresh delivery status
            </Link>
          </div>
          <EventList events={events} />
        </section>
      ) : null}
    </main>
  );
}
