import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

const username = 'site-hooks';
const password = 'a-long-webhook-password-for-tests';
let server: TestServer;
let forwarder: http.Server;
let counter = 0;

function authHeader(user = username, pass = password) {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

function subscriptionEvent(
  customerId: string,
  status: string,
  resourceVersion: number,
  id = `ev_site_${++counter}`,
) {
  return {
    id,
    occurred_at: 1_790_000_000,
    source: 'api',
    object: 'event',
    api_version: 'v2',
    event_type: 'subscription_changed',
    webhook_status: 'scheduled',
    content: {
      subscription: {
        id: `sub_${customerId}`,
        customer_id: customerId,
        status,
        resource_version: resourceVersion,
        subscription_items: [
          { item_price_id: 'reader-USD-monthly', item_type: 'plan', object: 'subscription_item' },
        ],
        object: 'subscription',
      },
      customer: { id: customerId, object: 'customer' },
    },
  };
}

async function post(body: unknown, authorization: string | null = authHeader(), raw = false) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization !== null) headers.Authorization = authorization;
  const response = await fetch(`${server.url}/api/webhooks/chargebee`, {
    method: 'POST',
    headers,
    body: raw ? String(body) : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  // The provider's webhook target must exist before the server starts; it forwards to the server.
  let target = '';
  forwarder = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const answer = await fetch(`${target}${request.url}`, {
        method: request.method,
        headers: { 'Content-Type': 'application/json', Authorization: request.headers.authorization ?? '' },
        body: Buffer.concat(chunks),
      }).catch(() => undefined);
      response.writeHead(answer?.status ?? 502);
      response.end(answer ? await answer.text() : '');
    });
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/api/webhooks/chargebee`;
  server = await startTestServer({
    CHARGEBEE_WEBHOOK_USERNAME: username,
    CHARGEBEE_WEBHOOK_PASSWORD: password,
    PROVIDER_WEBHOOK_URL: hookUrl,
    PROVIDER_WEBHOOK_USERNAME: username,
    PROVIDER_WEBHOOK_PASSWORD: password,
  });
  target = server.url;
});

afterAll(async () => {
  await server?.close();
  forwarder?.closeAllConnections();
  await new Promise((resolve) => forwarder?.close(resolve));
});

describe('POST /api/webhooks/chargebee', () => {
  it('answers 401 without the right Basic credentials, and writes nothing', async () => {
    const body = subscriptionEvent('wh_auth', 'active', 1000);
    for (const authorization of [
      null,
      'Bearer abc',
      authHeader(username, 'wrong-password-for-this-hook'),
      authHeader('someone-else', password),
      authHeader(username, ''),
      `Basic ${Buffer.from(username).toString('base64')}`,
    ]) {
      const answer = await post(body, authorization);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect((await post(body)).body.outcome).toBe('applied');
  });

  it('answers 400 for a body that is not a Chargebee event, and records nothing', async () => {
    expect((await post('{not json', authHeader(), true)).status).toBe(400);
    expect((await post({ hello: 'world' })).status).toBe(400);
    const broken = subscriptionEvent('wh_bad', 'active', 1000);
    const withoutSubscription = { ...broken, content: { customer: broken.content.customer } };
    const refused = await post(withoutSubscription);
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toMatch(/subscription/);
    expect((await post(broken)).body.outcome).toBe('applied');
  });

  it('applies a redelivered event once', async () => {
    const body = subscriptionEvent('wh_dup', 'active', 1000);
    expect((await post(body)).body).toMatchObject({ received: body.id, outcome: 'applied' });
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
  });

  it('orders by resource_version, not by arrival', async () => {
    expect((await post(subscriptionEvent('wh_order', 'cancelled', 2000))).body.outcome).toBe('applied');
    expect((await post(subscriptionEvent('wh_order', 'active', 1000))).body.outcome).toBe('stale');
    expect((await post(subscriptionEvent('wh_order', 'active', 3000))).body.outcome).toBe('applied');
  });

  it('accepts and ignores event types it does not know', async () => {
    const answer = await post({
      ...subscriptionEvent('wh_new', 'active', 1),
      event_type: 'something_brand_new',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('ignored');
  });

  it('receives the events the embedded provider delivers', async () => {
    const customerId = `wh_live_${Date.now().toString(36)}`;
    await api(
      'POST',
      'customers',
      { id: customerId, email: `${customerId}@example.com` },
      { baseUrl: server.url },
    );
    let status = '';
    for (let attempt = 0; attempt < 40 && status !== 'succeeded'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const listed = await api(
        'GET',
        'events',
        { event_type: { is: 'customer_created' }, limit: 5 },
        { baseUrl: server.url },
      );
      const events =
        (listed.body.list as {
          event: { content: { customer: { id: string } }; webhook_status: string };
        }[]) ?? [];
      status =
        events.find((entry) => entry.event.content.customer.id === customerId)?.event.webhook_status ?? '';
    }
    expect(status).toBe('succeeded');
  });
});
