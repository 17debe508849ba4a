import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeParams } from '@/lib/chargebee/encode';
import { ChargebeeError } from '@/lib/chargebee/errors';
import { type ChargebeeHttpConfig, createChargebeeHttp } from '@/lib/chargebee/http';
import { activatePortalSession } from '@/lib/chargebee/portal-sessions';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number };
type Reply = { status: number; headers?: Record<string, string>; body?: string; hang?: boolean };

let server: http.Server;
let baseUrl: string;
let seen: Seen[] = [];
let replies: Reply[] = [];

const ok: Reply = { status: 200, body: JSON.stringify({ thing: { id: 'x1' } }) };
const thing = z.object({ thing: z.object({ id: z.string() }) });

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        at: Date.now(),
      });
      const reply = replies.shift() ?? ok;
      if (reply.hang) return;
      response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  replies = [];
});

function client(options: Partial<ChargebeeHttpConfig> = {}) {
  return createChargebeeHttp({ apiBaseUrl: baseUrl, apiKey: 'test_key', backoffMs: () => 50, ...options });
}

const rateLimited = (seconds: string): Reply => ({
  status: 429,
  headers: { 'Retry-After': seconds },
  body: JSON.stringify({ message: 'Too many requests', api_error_code: 'api_request_limit_exceeded' }),
});

describe('billing HTTP client', () => {
  it('sends Basic auth with the key and an empty password, and Chargebee form encoding', async () => {
    replies = [ok];
    await client().post('portal_sessions', thing, {
      customer: { id: 'cust 1' },
      redirect_url: 'https://example.com/a?b=c',
      skipped: undefined,
    });
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v2/portal_sessions');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('test_key:').toString('base64')}`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(request?.headers['chargebee-idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.body).toBe('customer%5Bid%5D=cust+1&redirect_url=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc');
  });

  it('puts GET parameters in the query string with bracket filters', async () => {
    replies = [ok];
    await client().get('subscriptions', thing, { customer_id: { is: 'c_1' }, limit: 100 });
    expect(seen[0]?.url).toBe('/api/v2/subscriptions?customer_id%5Bis%5D=c_1&limit=100');
    expect(seen[0]?.headers['chargebee-idempotency-key']).toBeUndefined();
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('test_key:').toString('base64')}`);
    replies = [ok];
    await client().get('customers/c_1', thing);
    expect(seen[1]?.url).toBe('/api/v2/customers/c_1');
    expect(seen[1]?.headers.authorization).toBe(`Basic ${Buffer.from('test_key:').toString('base64')}`);
  });

  it('waits for Retry-After on 429, then succeeds', async () => {
    replies = [rateLimited('1'), ok];
    const started = Date.now();
    const answer = await client().get('things/x1', thing);
    expect(answer.thing.id).toBe('x1');
    expect(seen).toHaveLength(2);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries a POST after 503 with the same idempotency key', async () => {
    replies = [{ status: 503, body: 'upstream down' }, { status: 503, body: '{}' }, ok];
    await client().post('portal_sessions/p1/logout', thing);
    expect(seen).toHaveLength(3);
    const keys = new Set(seen.map((request) => request.headers['chargebee-idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBeTruthy();
  });

  it('starts no retry after the retry window, then fails at once while the outage pause lasts', async () => {
    const down: Reply = { status: 503, headers: { 'Retry-After': '5' }, body: '{}' };
    replies = [down, down, down];
    const http = client({ maxRetryAfterMs: 300, retryWindowMs: 200, pauseAfterOutageMs: 1_000 });
    const started = Date.now();
    await expect(http.get('things/x1', thing)).rejects.toMatchObject({ status: 503, isTemporary: true });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
    const paused = Date.now();
    await expect(http.post('things/x1', thing)).rejects.toMatchObject({ status: 503 });
    expect(Date.now() - paused).toBeLessThan(50);
    expect(seen).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    replies = [ok];
    expect((await http.get('things/x1', thing)).thing.id).toBe('x1');
    expect(seen).toHaveLength(3);
  });

  it('gives up after the retry limit with a typed, temporary error', async () => {
    replies = [rateLimited('0'), rateLimited('0'), rateLimited('0'), ok];
    const error = await client()
      .get('things/x1', thing)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChargebeeError);
    expect(error).toMatchObject({
      status: 429,
      apiErrorCode: 'api_request_limit_exceeded',
      isTemporary: true,
    });
    expect(seen).toHaveLength(3);
  });

  it('turns a 4xx Chargebee body into a ChargebeeError with code and param, without retrying', async () => {
    replies = [
      {
        status: 400,
        body: JSON.stringify({
          message: 'token : is invalid',
          type: 'invalid_request',
          api_error_code: 'param_wrong_value',
          param: 'token',
          error_code: 'param_wrong_value',
          http_status_code: 400,
        }),
      },
    ];
    const error = await activatePortalSession('portal_1', 'wrong', client()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChargebeeError);
    expect(error).toMatchObject({
      status: 400,
      apiErrorCode: 'param_wrong_value',
      param: 'token',
      type: 'invalid_request',
      isTemporary: false,
    });
    expect(seen).toHaveLength(1);
  });

  it('reports a timeout as io_error after the configured time', async () => {
    replies = [{ status: 200, hang: true }];
    const started = Date.now();
    const error = await client({ timeoutMs: 300 })
      .get('slow', thing)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 504, apiErrorCode: 'io_error', type: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports an unreachable server as connection_error', async () => {
    const dead = createChargebeeHttp({ apiBaseUrl: 'http://127.0.0.1:9/api/v2', apiKey: 'k', retryLimit: 0 });
    await expect(dead.get('x', thing)).rejects.toMatchObject({
      status: 503,
      apiErrorCode: 'connection_error',
    });
  });

  it('refuses a 200 whose body does not match the schema', async () => {
    replies = [{ status: 200, body: JSON.stringify({ other: true }) }];
    await expect(client().get('x', thing)).rejects.toMatchObject({ apiErrorCode: 'unexpected_response' });
  });

  it('refuses a path id that could reach another endpoint, before any request', async () => {
    for (const hostile of [
      'x/../../customers/c1',
      '..',
      'portal_1/logout',
      'a?b',
      'a%2Fb',
      '',
      'a'.repeat(101),
    ]) {
      await expect(activatePortalSession(hostile, 't', client())).rejects.toMatchObject({
        apiErrorCode: 'param_wrong_value',
        param: 'portal_session_id',
      });
    }
    expect(seen).toHaveLength(0);
  });
});

describe('encodeParams', () => {
  it('puts the index last for arrays of objects, as Chargebee expects', () => {
    expect(
      decodeURIComponent(
        encodeParams({
          subscription_items: [
            { item_price_id: 'plan-a', quantity: 1 },
            { item_price_id: 'addon-b', quantity: 2 },
          ],
          coupon_ids: ['c1', 'c2'],
          status: { in: '["active","in_trial"]' },
          flag: true,
          none: null,
        }),
      ),
    ).toBe(
      'subscription_items[item_price_id][0]=plan-a&subscription_items[quantity][0]=1&' +
        'subscription_items[item_price_id][1]=addon-b&subscription_items[quantity][1]=2&' +
        'coupon_ids[0]=c1&coupon_ids[1]=c2&status[in]=["active","in_trial"]&flag=true',
    );
  });

  it('encodes spaces as + and UTF-8 as percent escapes', () => {
    expect(encodeParams({ name: 'Zoë Smith & co' })).toBe('name=Zo%C3%AB+Smith+%26+co');
  });
});
