import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';
import { testApiKey } from '../support/constants';
import { startTestServer, type TestServer } from '../support/server';

async function raw(path: string, init: RequestInit & { auth?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const auth = init.auth === undefined ? `${testApiKey}:` : init.auth;
  if (auth !== null) headers.set('Authorization', `Basic ${Buffer.from(auth).toString('base64')}`);
  const response = await fetch(`${inject('baseUrl')}/api/v2/${path}`, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

describe('API authentication', () => {
  it('requires the API key as the Basic-auth user name', async () => {
    const missing = await raw('customers', { auth: null });
    expectChargebeeError(missing, 401, 'api_authentication_failed');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    expectChargebeeError(
      await raw('customers', { auth: 'test_wrong_key:' }),
      401,
      'api_authentication_failed',
    );
    expectChargebeeError(
      await raw('customers', { headers: { Authorization: 'Bearer abc' }, auth: null }),
      401,
      'api_authentication_failed',
    );
    expect((await raw('customers', { auth: `${testApiKey}:ignored-password` })).status).toBe(200);
  });
});

describe('every answer under /api/v2 is JSON', () => {
  it('answers unknown routes with 404 and unsupported methods with 405, both Chargebee-shaped', async () => {
    expectChargebeeError(await raw('no_such_thing'), 404, 'resource_not_found');
    expectChargebeeError(await raw(''), 404, 'resource_not_found');
    expectChargebeeError(await raw('customers', { method: 'DELETE' }), 405, 'http_method_not_supported');
    expectChargebeeError(await raw('portal_sessions', { method: 'PUT' }), 405, 'http_method_not_supported');
    const answer = await fetch(`${inject('baseUrl')}/api/v2/customers`, { method: 'PATCH' });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('cache-control')).toContain('no-store');
  });
});

describe('parameters', () => {
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

  it('refuses bodies over 64 KiB, wrong content types, repeated keys, deep brackets and NUL characters', async () => {
    const id = uniqueId('wire');
    const big = await raw('customers', {
      method: 'POST',
      headers: form,
      body: `id=${id}&company=${'x'.repeat(70_000)}`,
    });
    expect(big.status).toBe(413);
    expect(big.body.api_error_code).toBe('invalid_request');
    expectChargebeeError(
      await raw('customers', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"id":"${id}"}`,
      }),
      400,
      'invalid_request',
    );
    expectChargebeeError(
      await raw('customers', {
        method: 'POST',
        headers: form,
        body: `id=${id}&email=a@example.com&email=b@example.com`,
      }),
      400,
      'param_wrong_value',
      'email',
    );
    expectChargebeeError(
      await raw('customers', { method: 'POST', headers: form, body: `id=${id}&a[b][c][d][e][f][g]=1` }),
      400,
      'invalid_request',
    );
    expectChargebeeError(
      await raw('customers', { method: 'POST', headers: form, body: `id=${id}&first_name=a%00b` }),
      400,
      'param_wrong_value',
      'first_name',
    );
    expectChargebeeError(await api('GET', `customers/${id}`), 404, 'resource_not_found');
  });

  it('reads spaces, plus signs and UTF-8 the way the SDKs encode them', async () => {
    const id = uniqueId('enc');
    const answer = await raw('customers', {
      method: 'POST',
      headers: form,
      body: `id=${id}&first_name=Zo%C3%AB+Ang%C3%A9lique&company=A%2BB+%26+C`,
    });
    expect(answer.body.customer).toMatchObject({ first_name: 'Zoë Angélique', company: 'A+B & C' });
  });
});

describe('chargebee-idempotency-key', () => {
  it('replays the stored answer for the same request and changes nothing the second time', async () => {
    const id = uniqueId('idem');
    const key = `key-${id}`;
    const first = await api(
      'POST',
      'customers',
      { id, first_name: 'Once' },
      { headers: { 'chargebee-idempotency-key': key } },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('chargebee-idempotency-replayed')).toBeNull();
    const second = await api(
      'POST',
      'customers',
      { id, first_name: 'Once' },
      { headers: { 'chargebee-idempotency-key': key } },
    );
    expect(second.status).toBe(200);
    expect(second.headers.get('chargebee-idempotency-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('refuses the same key with a different request (422) and leaves no trace of it', async () => {
    const id = uniqueId('idem');
    const key = `key-${id}`;
    await api('POST', 'customers', { id }, { headers: { 'chargebee-idempotency-key': key } });
    const other = uniqueId('idem');
    expectChargebeeError(
      await api('POST', 'customers', { id: other }, { headers: { 'chargebee-idempotency-key': key } }),
      422,
      'unable_to_process_request',
    );
    expectChargebeeError(await api('GET', `customers/${other}`), 404, 'resource_not_found');
  });

  it('does not store failed requests, so a corrected retry with the same key works', async () => {
    const id = uniqueId('idem');
    const key = `key-${id}`;
    const bad = await api(
      'POST',
      'portal_sessions',
      { customer: { id } },
      { headers: { 'chargebee-idempotency-key': key } },
    );
    expect(bad.status).toBe(404);
    await api('POST', 'customers', { id });
    const good = await api(
      'POST',
      'portal_sessions',
      { customer: { id } },
      { headers: { 'chargebee-idempotency-key': key } },
    );
    expect(good.status).toBe(200);
  });

  it('serves 20 concurrent requests with one key as one request', async () => {
    const id = uniqueId('race');
    await api('POST', 'customers', { id });
    const key = `key-${id}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api(
          'POST',
          'portal_sessions',
          { customer: { id } },
          { headers: { 'chargebee-idempotency-key': key } },
        ),
      ),
    );
    const ids = new Set(
      answers.filter((a) => a.status === 200).map((a) => (a.body.portal_session as { id: string }).id),
    );
    expect(ids.size).toBe(1);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
  });
});

describe('with real Chargebee configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CHARGEBEE_SITE: 'acme-test', CHARGEBEE_API_KEY: 'test_not_a_real_key' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('turns the embedded provider off: its API answers 404', async () => {
    const answer = await api('GET', 'customers', {}, { baseUrl: server.url });
    expectChargebeeError(answer, 404, 'resource_not_found');
    expect(answer.body.message).toMatch(/provider is off/);
  });
});
