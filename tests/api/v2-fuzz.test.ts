import fc from 'fast-check';
import qs from 'qs';
import { describe, expect, inject, it } from 'vitest';
import { routes } from '@/lib/provider/api/routes';
import { testApiKey } from '../support/constants';

const auth = `Basic ${Buffer.from(`${testApiKey}:`).toString('base64')}`;

const knownKeys = [
  'id',
  'customer',
  'customer_id',
  'email',
  'first_name',
  'limit',
  'offset',
  'token',
  'redirect_url',
  'forward_url',
  'card',
  'subscription_items',
  'item_price_id',
  'status',
  'cancel_option',
  'change_option',
  'pause_option',
  'resume_option',
  'role',
  'payment_source_id',
  'billing_address',
  'event_type',
  'sort_by',
  'disposition_type',
  'replace_primary_payment_source',
  'trial_end',
  'start_date',
  'end_of_term',
  'type',
];

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e309',
    'true',
    'null',
    '[]',
    '["active"]',
    '{"a":1}',
    '../..',
    '%00',
    'a'.repeat(300),
  ),
  fc.integer().map(String),
);
const leaf = fc.oneof(
  value,
  fc.array(value, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('is', 'in', 'id', 'number', '0'), value, { maxKeys: 2 }),
);
const params = fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 })), leaf, {
  maxKeys: 6,
});
const pathId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/),
  fc.string({ minLength: 1, maxLength: 30 }),
);

async function send(method: string, path: string, body: string) {
  const url = `${inject('baseUrl')}/api/v2/${path}${method === 'GET' && body ? `?${body}` : ''}`;
  const response = await fetch(url, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: method === 'GET' ? undefined : body,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('random input to every /api/v2 endpoint', () => {
  it('never answers 5xx, always JSON, and names the problem on a 4xx', async () => {
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(pathId, params, async (id, input) => {
          const path = route.path.replace(/:[a-z_]+/g, () => encodeURIComponent(id));
          const answer = await send(route.method, path, qs.stringify(input));
          expect(answer.status, `${route.method} ${path} ${JSON.stringify(input)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.body.api_error_code).toEqual(expect.any(String));
            expect(answer.body.message).toEqual(expect.any(String));
          }
        }),
        { numRuns: 12, seed: 20261128 },
      );
    }
  }, 240_000);
});
