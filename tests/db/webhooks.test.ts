import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { events, webhookDeliveries } from '@/lib/db/schema';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  deliverDueWebhooks,
  leaseMs,
  postEvent,
  recordOutcome,
  releaseLeases,
} from '@/lib/provider/webhooks';
import { backends, type TestDatabase } from '../support/databases';

const endpoint = 'http://127.0.0.1:9/hooks';
const t0 = 1_790_000_000_000;
let counter = 0;

async function queueEvents(
  db: Database,
  count: number,
  nextAttemptAt = t0,
  to = endpoint,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `ev_test_${++counter}`);
  await db.insert(events).values(
    ids.map((id) => ({
      id,
      occurredAt: Math.floor(t0 / 1000),
      source: 'api',
      eventType: 'customer_created',
      content: { customer: { id: `cust_${id}`, object: 'customer' } },
      webhookStatus: 'scheduled',
    })),
  );
  await db
    .insert(webhookDeliveries)
    .values(ids.map((eventId) => ({ eventId, endpoint: to, status: 'scheduled', nextAttemptAt })));
  return ids;
}

async function stateOf(db: Database, eventId: string) {
  const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  return { delivery, webhookStatus: event?.webhookStatus };
}

async function claimOne(db: Database, eventId: string, now: number): Promise<ClaimedDelivery | undefined> {
  const claims = await claimDueDeliveries(db, endpoint, { now, limit: 100 });
  return claims.find((claim) => claim.eventId === eventId);
}

/** Polls until `done`, failing after 4 s with what it waited for. */
async function waitFor(done: () => boolean | Promise<boolean>, what: string) {
  for (const started = Date.now(); !(await done()); await sleep(25))
    if (Date.now() - started > 4_000) throw new Error(`timed out waiting for ${what}`);
}

/** A generous limit on a held request, so a slow machine cannot time it out mid-test. */
const slowConfig = (url: string) => ({ endpoint: { url }, retryScheduleSeconds: [60], timeoutMs: 60_000 });

/**
 * A webhook receiver that answers 200 at once, except for the events `hold` picks: those it keeps
 * open until `release()`. `received` lists every event id in the order they arrived.
 */
async function holdingReceiver(hold: (eventId: string) => boolean) {
  const received: string[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const { id } = JSON.parse(body) as { id: string };
      received.push(id);
      if (hold(id)) held.push(response);
      else response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    release: () => {
      for (const response of held.splice(0)) response.writeHead(200).end();
    },
    /** Ends the receiver, after the delivery run under test (if any) has settled. */
    close: async (run?: Promise<unknown>) => {
      for (const response of held.splice(0)) response.destroy();
      await run?.catch(() => {});
      server.closeAllConnections();
      server.close();
    },
  };
}

describe.each(backends())('webhook outbox on $name', (backend) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await backend.create();
    db = database.handle.db;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('never hands one row to two concurrent claimers', async () => {
    const ids = await queueEvents(db, 40);
    const claimer = async () => {
      const mine: string[] = [];
      for (;;) {
        const claims = await claimDueDeliveries(db, endpoint, { now: t0 + 1, limit: 3 });
        if (claims.length === 0) return mine;
        mine.push(...claims.map((claim) => claim.eventId));
      }
    };
    const results = await Promise.all([claimer(), claimer(), claimer(), claimer()]);
    const all = results.flat();
    expect(all.length).toBe(40);
    expect(new Set(all).size).toBe(40);
    expect([...all].sort()).toEqual([...ids].sort());
    await releaseLeases(db);
    await db.update(webhookDeliveries).set({ status: 'succeeded' });
  });

  it('claims a row again once its lease has run out, and refuses the stale claimer', async () => {
    const [id] = (await queueEvents(db, 1)) as [string];
    const first = await claimOne(db, id, t0);
    expect(first).toMatchObject({ attempts: 1, leaseUntil: t0 + leaseMs });
    expect(await claimOne(db, id, t0 + leaseMs - 1)).toBeUndefined();
    const second = await claimOne(db, id, t0 + leaseMs);
    expect(second).toMatchObject({ attempts: 2, leaseUntil: t0 + 2 * leaseMs });

    expect(await recordOutcome(db, first as ClaimedDelivery, { ok: true }, [1], t0 + leaseMs + 5)).toBe(
      false,
    );
    expect((await stateOf(db, id)).delivery).toMatchObject({
      status: 'scheduled',
      leaseUntil: t0 + 2 * leaseMs,
    });
    expect(await recordOutcome(db, second as ClaimedDelivery, { ok: true }, [1], t0 + leaseMs + 9)).toBe(
      true,
    );
    expect(await stateOf(db, id)).toMatchObject({
      delivery: { status: 'succeeded', leaseUntil: null, attempts: 2, deliveredAt: t0 + leaseMs + 9 },
      webhookStatus: 'succeeded',
    });
    expect(await claimOne(db, id, t0 + 10 * leaseMs)).toBeUndefined();
  });

  it('retries on the schedule, then marks the delivery and its event failed', async () => {
    const [id] = (await queueEvents(db, 1)) as [string];
    const schedule = [1, 2];
    const failure = { ok: false as const, error: 'HTTP 500' };

    const first = (await claimOne(db, id, t0)) as ClaimedDelivery;
    await recordOutcome(db, first, failure, schedule, t0 + 100);
    expect(await stateOf(db, id)).toMatchObject({
      delivery: { status: 're_scheduled', attempts: 1, nextAttemptAt: t0 + 1100, lastError: 'HTTP 500' },
      webhookStatus: 're_scheduled',
    });
    expect(await claimOne(db, id, t0 + 1099)).toBeUndefined();

    const second = (await claimOne(db, id, t0 + 1100)) as ClaimedDelivery;
    expect(second.attempts).toBe(2);
    await recordOutcome(
      db,
      second,
      { ok: false, error: 'connection failed (ECONNREFUSED)' },
      schedule,
      t0 + 1200,
    );
    expect((await stateOf(db, id)).delivery).toMatchObject({
      status: 're_scheduled',
      nextAttemptAt: t0 + 3200,
    });

    const third = (await claimOne(db, id, t0 + 3200)) as ClaimedDelivery;
    await recordOutcome(db, third, failure, schedule, t0 + 3300);
    expect(await stateOf(db, id)).toMatchObject({
      delivery: { status: 'failed', attempts: 3, lastAttemptAt: t0 + 3300, deliveredAt: null },
      webhookStatus: 'failed',
    });
    expect(await claimOne(db, id, t0 + 100 * leaseMs)).toBeUndefined();
  });

  it('keeps delivering while the receiver hangs on one event, instead of waiting for it', async () => {
    let slowId = '';
    const receiver = await holdingReceiver((eventId) => eventId === slowId);
    let run: Promise<number> | undefined;
    try {
      [slowId] = (await queueEvents(db, 1, t0, receiver.url)) as [string];
      run = deliverDueWebhooks(db, slowConfig(receiver.url));
      await waitFor(() => receiver.received.includes(slowId), 'the slow event to arrive');
      // Queued while the receiver still holds the first request open.
      const [fast] = (await queueEvents(db, 1, t0, receiver.url)) as [string];
      await waitFor(
        async () => (await stateOf(db, fast)).webhookStatus === 'succeeded',
        'the second event to be delivered while the first hangs',
      );
      expect((await stateOf(db, slowId)).webhookStatus).toBe('scheduled');
      receiver.release();
      expect(await run).toBe(2);
      expect((await stateOf(db, slowId)).webhookStatus).toBe('succeeded');
    } finally {
      await receiver.close(run);
    }
  });

  it('claims nothing more once told to stop, and ends when the attempts in flight end', async () => {
    const receiver = await holdingReceiver(() => true);
    const stopping = new AbortController();
    let run: Promise<number> | undefined;
    try {
      const [first] = (await queueEvents(db, 1, t0, receiver.url)) as [string];
      run = deliverDueWebhooks(db, slowConfig(receiver.url), stopping.signal);
      await waitFor(() => receiver.received.length === 1, 'the first event to arrive');
      stopping.abort();
      const [second] = (await queueEvents(db, 1, t0, receiver.url)) as [string];
      await sleep(1_500); // past the loop's one-second look for newly due events
      receiver.release();
      expect(await run).toBe(1);
      expect((await stateOf(db, first)).webhookStatus).toBe('succeeded');
      expect((await stateOf(db, second)).delivery).toMatchObject({ status: 'scheduled', attempts: 0 });
    } finally {
      await receiver.close(run);
    }
  });

  it('ignores rows queued for another endpoint and rows not yet due', async () => {
    const [later] = (await queueEvents(db, 1, t0 + 5_000)) as [string];
    expect(await claimOne(db, later, t0 + 4_999)).toBeUndefined();
    expect(await claimDueDeliveries(db, 'http://127.0.0.1:9/other', { now: t0 + 5_000 })).toEqual([]);
    expect(await claimOne(db, later, t0 + 5_000)).toBeDefined();
  });
});

describe('posting one event', () => {
  type Seen = { headers: http.IncomingHttpHeaders; body: string; url?: string };
  const seen: Seen[] = [];
  let answer: (response: http.ServerResponse) => void = (response) => response.writeHead(204).end();
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ headers: request.headers, body, url: request.url });
      answer(response);
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    receiver.closeAllConnections();
    receiver.close();
  });

  it('POSTs the JSON with Basic auth, and counts any 2xx as success', async () => {
    const outcome = await postEvent(
      { url: `${base}/hooks`, username: 'hook', password: 's3cret:x' },
      { id: 'ev_1' },
    );
    expect(outcome).toEqual({ ok: true });
    const last = seen.at(-1) as Seen;
    expect(last.url).toBe('/hooks');
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from('hook:s3cret:x').toString('base64')}`);
    expect(JSON.parse(last.body)).toEqual({ id: 'ev_1' });
  });

  it('sends no Authorization without credentials, and takes them from the URL when given there', async () => {
    await postEvent({ url: `${base}/plain` }, {});
    expect((seen.at(-1) as Seen).headers.authorization).toBeUndefined();
    await postEvent({ url: base.replace('http://', 'http://u%40x:p%3Aw@') }, {});
    expect((seen.at(-1) as Seen).headers.authorization).toBe(
      `Basic ${Buffer.from('u@x:p:w').toString('base64')}`,
    );
  });

  it('reports a non-2xx status, a redirect (not followed) and a timeout without the URL or secrets', async () => {
    answer = (response) => response.writeHead(500).end('secret details');
    expect(await postEvent({ url: base, password: 'pw' }, {})).toEqual({ ok: false, error: 'HTTP 500' });
    const before = seen.length;
    answer = (response) => response.writeHead(302, { Location: `${base}/elsewhere` }).end();
    expect(await postEvent({ url: base }, {})).toEqual({ ok: false, error: 'HTTP 302' });
    expect(seen.length).toBe(before + 1);
    answer = () => {};
    expect(await postEvent({ url: base }, {}, 300)).toEqual({ ok: false, error: 'no answer within 0.3 s' });
    answer = (response) => response.writeHead(204).end();
  });

  it('reports a receiver that is down by its connection error only', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await postEvent({ url: `http://127.0.0.1:${port}/token-abc`, password: 'pw' }, {});
    expect(outcome).toEqual({ ok: false, error: 'connection failed (ECONNREFUSED)' });
  });
});
