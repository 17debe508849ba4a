import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { type Database, getDatabase, queryRows } from '@/lib/db/client';
import { events, webhookDeliveries } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { eventToWire } from './event-wire';

export type WebhookEndpoint = { url: string; username?: string; password?: string };
export type DeliveryConfig = {
  endpoint: WebhookEndpoint;
  retryScheduleSeconds: number[];
  /** One attempt's limit; deliveryTimeoutMs unless a test needs another. */
  timeoutMs?: number;
};
export type ClaimedDelivery = { eventId: string; endpoint: string; attempts: number; leaseUntil: number };
export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/** The test site's connect and read timeouts (B26); one attempt never takes longer. */
export const deliveryTimeoutMs = 10_000;
/** Far longer than one attempt, so a live instance keeps its lease; a dead one's lease runs out. */
export const leaseMs = 60_000;
const batchSize = 10;
/** While attempts are in flight, how often to look for events that came due meanwhile. */
const reclaimMs = 1_000;

/**
 * Claims up to `limit` due deliveries for one endpoint with a lease, in one conditional UPDATE that
 * skips rows another instance is claiming. A row whose lease ran out (its instance died) is due again.
 */
export async function claimDueDeliveries(
  db: Database,
  endpoint: string,
  options: { now?: number; limit?: number } = {},
): Promise<ClaimedDelivery[]> {
  const now = options.now ?? Date.now();
  const leaseUntil = now + leaseMs;
  const rows = await queryRows<{ event_id: string; endpoint: string; attempts: number | string }>(
    db,
    sql`update webhook_deliveries as claimed
        set lease_until = ${leaseUntil}, attempts = claimed.attempts + 1
        from (
          select event_id, endpoint from webhook_deliveries
          where status in ('scheduled', 're_scheduled') and endpoint = ${endpoint}
            and next_attempt_at <= ${now} and (lease_until is null or lease_until <= ${now})
          order by next_attempt_at, event_id
          limit ${options.limit ?? batchSize}
          for update skip locked
        ) as due
        where claimed.event_id = due.event_id and claimed.endpoint = due.endpoint
        returning claimed.event_id, claimed.endpoint, claimed.attempts`,
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    endpoint: row.endpoint,
    attempts: Number(row.attempts),
    leaseUntil,
  }));
}

/**
 * Stores one attempt's result, only while the lease is still this claim's: a claimer that outlived
 * its lease cannot overwrite the newer claim. Keeps the event's `webhook_status` in step.
 */
export async function recordOutcome(
  db: Database,
  claim: ClaimedDelivery,
  outcome: DeliveryOutcome,
  retryScheduleSeconds: number[],
  now = Date.now(),
): Promise<boolean> {
  const retryIn = retryScheduleSeconds[claim.attempts - 1];
  const status = outcome.ok ? 'succeeded' : retryIn === undefined ? 'failed' : 're_scheduled';
  const recorded = await db.transaction(async (tx) => {
    const updated = await tx
      .update(webhookDeliveries)
      .set({
        status,
        leaseUntil: null,
        lastAttemptAt: now,
        lastError: outcome.ok ? undefined : outcome.error,
        deliveredAt: outcome.ok ? now : undefined,
        nextAttemptAt: status === 're_scheduled' ? now + (retryIn ?? 0) * 1000 : undefined,
      })
      .where(
        and(
          eq(webhookDeliveries.eventId, claim.eventId),
          eq(webhookDeliveries.endpoint, claim.endpoint),
          eq(webhookDeliveries.leaseUntil, claim.leaseUntil),
        ),
      )
      .returning({ eventId: webhookDeliveries.eventId });
    if (updated.length === 0) return false;
    await tx
      .update(events)
      .set({
        webhookStatus: sql`(select case
            when bool_or(status = 'failed') then 'failed'
            when bool_and(status = 'succeeded') then 'succeeded'
            when bool_or(status = 're_scheduled') then 're_scheduled'
            else 'scheduled' end
          from webhook_deliveries where event_id = ${claim.eventId})`,
      })
      .where(eq(events.id, claim.eventId));
    return true;
  });
  if (recorded && !outcome.ok && status === 'failed') {
    console.error(
      `[webhooks] gave up on event ${claim.eventId} after ${claim.attempts} attempts: ${outcome.error}`,
    );
  }
  return recorded;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const { name, cause } = error as { name?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  if (typeof cause?.code === 'string') return `connection failed (${cause.code})`;
  return 'the request could not be sent';
}

/** POSTs an event once: any 2xx is success; redirects, other statuses and timeouts are failures. */
export async function postEvent(
  endpoint: WebhookEndpoint,
  body: unknown,
  timeoutMs = deliveryTimeoutMs,
): Promise<DeliveryOutcome> {
  const target = new URL(endpoint.url);
  const username = endpoint.username ?? (target.username ? decodeURIComponent(target.username) : undefined);
  const password = endpoint.password ?? (target.password ? decodeURIComponent(target.password) : undefined);
  target.username = '';
  target.password = '';
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Gatehouse-Webhooks/1.0',
  };
  if (username !== undefined || password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  }
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: describeFailure(error, timeoutMs) };
  }
}

/**
 * Delivers due events until none is due and none is in flight; returns how many were attempted. Up to
 * `batchSize` attempts run at once, and each one that ends frees its slot for the next due event, so a
 * receiver that hangs on one event (up to the 10 s timeout) holds up that event alone, not the ones
 * already due or coming due meanwhile.
 */
export async function deliverDueWebhooks(
  db: Database,
  config: DeliveryConfig,
  stopping?: AbortSignal,
): Promise<number> {
  let attempted = 0;
  let failure: { error: unknown } | undefined;
  const inFlight = new Set<Promise<void>>();
  const deliver = (claim: ClaimedDelivery, row: typeof events.$inferSelect) => {
    const attempt: Promise<void> = postEvent(config.endpoint, eventToWire(row), config.timeoutMs)
      .then(async (outcome) => {
        await recordOutcome(db, claim, outcome, config.retryScheduleSeconds);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(attempt));
    inFlight.add(attempt);
  };
  for (;;) {
    // The database failed (a claim, a read or storing an outcome): no more claims; the error is thrown
    // once every attempt in flight has ended, and the leases make those events due again later.
    if (failure) {
      await Promise.all(inFlight);
      throw failure.error;
    }
    // Stopping (the server shuts down): no new claims; what is in flight ends first.
    const free = stopping?.aborted ? 0 : batchSize - inFlight.size;
    if (free > 0) {
      try {
        const claims = await claimDueDeliveries(db, config.endpoint.url, { limit: free });
        if (claims.length > 0) {
          const rows = await db
            .select()
            .from(events)
            .where(
              inArray(
                events.id,
                claims.map((claim) => claim.eventId),
              ),
            )
            .orderBy(events.seq);
          for (const row of rows)
            deliver(claims.find((claim) => claim.eventId === row.id) as ClaimedDelivery, row);
          attempted += claims.length;
        }
      } catch (error) {
        failure = { error };
        continue;
      }
    }
    if (inFlight.size === 0) return attempted;
    // Claim again when an attempt ends and frees its slot, or after a second (as often as the worker
    // runs) for events that came due meanwhile.
    const pause = new AbortController();
    await Promise.race([...inFlight, sleep(reclaimMs, undefined, { signal: pause.signal }).catch(() => {})]);
    pause.abort();
  }
}

/** Ends every lease: only safe where one process owns the database, as PGlite's folder lock ensures. */
export async function releaseLeases(db: Database): Promise<void> {
  await db.update(webhookDeliveries).set({ leaseUntil: null }).where(isNotNull(webhookDeliveries.leaseUntil));
}

let leasesReleased = false;

/** The worker's job: delivers to the configured endpoint, if there is one. */
export async function deliverConfiguredWebhooks(stopping?: AbortSignal): Promise<void> {
  const { provider } = env();
  if (!provider.enabled || !provider.webhook) return;
  const handle = await getDatabase();
  if (!leasesReleased && handle.kind === 'pglite') await releaseLeases(handle.db);
  leasesReleased = true;
  await deliverDueWebhooks(
    handle.db,
    { endpoint: provider.webhook, retryScheduleSeconds: provider.retryScheduleSeconds },
    stopping,
  );
}
