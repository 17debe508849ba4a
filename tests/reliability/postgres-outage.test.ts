import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, api, expectChargebeeError, uniqueId } from '../support/api';
import { subscriptionEvents } from './support/events';
import { type Deployment, startDeployment } from './support/instances';
import { startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres';

const clientTimeoutMs = 5_000;
let postgres: ThrowawayPostgres;
let deployment: Deployment;
let base: string;

beforeAll(async () => {
  postgres = await startThrowawayPostgres();
  deployment = await startDeployment(
    1,
    { PROVIDER_WEBHOOK_URL: 'http://127.0.0.1:9/unused' },
    {
      databaseUrl: postgres.url,
    },
  );
  base = (deployment.instances[0] as { url: string }).url;
});

afterAll(async () => {
  await deployment?.close();
  await postgres?.destroy();
});

type Kind = 'customer' | 'card' | 'subscribe' | 'change';
const kinds: Kind[] = ['customer', 'card', 'subscribe', 'change'];
type Step = { customerId: string; kind: Kind; key: string };
type Answer = { step: Step; status: number; elapsedMs: number; answer?: ApiAnswer; timedOut?: boolean };

function request(step: Step): [string, Record<string, unknown>] {
  const id = step.customerId;
  if (step.kind === 'customer') return ['customers', { id, email: `${id}@example.com` }];
  if (step.kind === 'card') {
    const card = { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' };
    return ['payment_sources/create_card', { customer_id: id, card }];
  }
  if (step.kind === 'subscribe') {
    const items = { item_price_id: ['reader-USD-monthly'] };
    return [
      `customers/${id}/subscription_for_items`,
      { id: `sub_${id}`, subscription_items: items, trial_end: '0' },
    ];
  }
  return [
    `subscriptions/sub_${id}/update_for_items`,
    { subscription_items: { item_price_id: ['patron-USD-monthly'] } },
  ];
}

async function send(step: Step): Promise<Answer> {
  const started = Date.now();
  const [path, params] = request(step);
  try {
    const answer = await api('POST', path, params, {
      baseUrl: base,
      headers: { 'chargebee-idempotency-key': step.key },
      signal: AbortSignal.timeout(clientTimeoutMs),
    });
    return { step, status: answer.status, elapsedMs: Date.now() - started, answer };
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    return { step, status: 0, elapsedMs: Date.now() - started, timedOut: true };
  }
}

async function health() {
  try {
    const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(clientTimeoutMs) });
    await response.body?.cancel();
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

describe('PostgreSQL stopped in the middle of a load', () => {
  it('fails fast with 503s, half-applies nothing, and recovers by itself when the database returns', async () => {
    const customers: string[] = [];
    const answers: Answer[] = [];
    const phases = new Map<Answer, 'before' | 'down' | 'after'>();
    let phase: 'before' | 'down' | 'after' = 'before';
    const loadUntil = Date.now() + 25_000;
    // Four clients. Each signs up customer after customer (customer, card, subscription, plan change),
    // retrying a step with its idempotency key until it is answered 200, and stops once the database
    // is back and its last customer is complete.
    const worker = async () => {
      for (let sent = 0; Date.now() < loadUntil && sent < 400; ) {
        if (phase === 'after') return;
        const customerId = uniqueId('pg_out');
        customers.push(customerId);
        for (const kind of kinds) {
          const step: Step = { customerId, kind, key: `${kind}-${customerId}` };
          for (; Date.now() < loadUntil && sent < 400; sent++) {
            const answer = await send(step);
            answers.push(answer);
            phases.set(answer, phase);
            if (answer.status === 200) break;
            await sleep(100);
          }
        }
      }
    };

    const load = Promise.all([0, 1, 2, 3].map(() => worker()));
    await sleep(1_200);
    await postgres.kill();
    phase = 'down';
    const downSince = Date.now();
    await sleep(3_000);
    const downHealth = await health();
    expect(downHealth.status).toBe(503);
    expect(downHealth.retryAfter).not.toBeNull();
    await postgres.start();
    phase = 'after';
    // The app notices by itself: no restart, no request from us but the health probe.
    let recoveredAfterMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 100; i++) {
      if ((await health()).status === 200) {
        recoveredAfterMs = Date.now() - downSince;
        break;
      }
      await sleep(200);
    }
    expect(recoveredAfterMs).toBeLessThan(30_000);
    await load;

    // Nothing hung: every request was answered before the client gave up, and quickly.
    expect(answers.filter((answer) => answer.timedOut)).toEqual([]);
    const down = answers.filter((answer) => phases.get(answer) === 'down');
    expect(down.length).toBeGreaterThan(5);
    for (const answer of answers.filter((candidate) => candidate.status === 503)) {
      expectChargebeeError(answer.answer as ApiAnswer, 503, 'db_connection_failure');
      expect(answer.answer?.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.elapsedMs).toBeLessThan(clientTimeoutMs);
    }
    expect(down.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    const unexpected = answers.filter((answer) => ![200, 503].includes(answer.status));
    expect(unexpected.map((answer) => `${answer.step.kind} ${answer.status}`)).toEqual([]);
    expect(
      answers.filter((answer) => phases.get(answer) === 'before' && answer.status === 200).length,
    ).toBeGreaterThan(0);

    // A connection cut in the middle of a transaction is a 503 like the others, never a crash.
    expect(deployment.instances[0]?.output()).not.toContain('uncaughtException');

    // Every step was done exactly once: a retry with the same key replayed or finished the work.
    // Each client was stuck on one step for the whole outage, and finished it with the same key after.
    const failedKeys = new Set(answers.filter((x) => x.status === 503).map((x) => x.step.key));
    const finishedKeys = new Set(answers.filter((x) => x.status === 200).map((x) => x.step.key));
    expect(failedKeys.size).toBe(4);
    expect([...failedKeys].filter((key) => !finishedKeys.has(key))).toEqual([]);
    for (const customerId of customers) {
      const subscription = (await api('GET', `subscriptions/sub_${customerId}`, {}, { baseUrl: base })).body
        .subscription as { status: string; subscription_items: { item_price_id: string }[] };
      expect(subscription.status).toBe('active');
      expect(subscription.subscription_items[0]?.item_price_id).toBe('patron-USD-monthly');
      const events = await subscriptionEvents(base, `sub_${customerId}`);
      expect(
        events.map((event) => event.event_type).filter((type) => type.startsWith('subscription_')),
      ).toEqual(['subscription_created', 'subscription_changed']);
      const invoices = await api('GET', `subscriptions/sub_${customerId}/invoices`, {}, { baseUrl: base });
      expect((invoices.body.list as unknown[]).length).toBe(2);
      const cards = await api(
        'GET',
        'payment_sources',
        { customer_id: { is: customerId } },
        { baseUrl: base },
      );
      expect((cards.body.list as unknown[]).length).toBe(1);
    }
  });
});
