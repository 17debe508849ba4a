import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { paramName } from '@/lib/provider/api/params';
import type { RouteDefinition } from '@/lib/provider/api/route';
import { routes } from '@/lib/provider/api/routes';
import { api } from '../support/api';
import { testApiKey } from '../support/constants';

const auth = `Basic ${Buffer.from(`${testApiKey}:`).toString('base64')}`;
const form = 'application/x-www-form-urlencoded';
const maxBody = 64 * 1024;

/** Every parameter a route's schema reads, as bracket paths (`customer[id]`, `subscription_items[item_price_id][0]`). */
function leafPaths(schema: z.ZodType, path: (string | number)[] = []): (string | number)[][] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
        leafPaths(child, [...path, key]),
      );
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return leafPaths(def.innerType as z.ZodType, path);
    case 'pipe':
      return leafPaths(def.in as z.ZodType, path);
    case 'array':
      return leafPaths(def.element as z.ZodType, [...path, 0]);
    default:
      return path.length > 0 ? [path] : [];
  }
}

function idNames(route: RouteDefinition): string[] {
  return [...route.path.matchAll(/:([a-z_]+)/g)].map((match) => match[1] as string);
}

/** A value no field accepts (a key sent twice is refused too): longer than the longest field (2048), with unicode, or with a NUL. */
const hostileValue = fc.oneof(
  fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer({ min: 2049, max: 3000 }))
    .map(([text, length]) => `${text}${'x'.repeat(length)}`),
  fc
    .tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 10 }))
    .map(([a, b]) => `${a}\u0000${b}`),
);
const junkKey = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((key) => !/[[\]=&]/.test(key));
const junk = fc.dictionary(junkKey, fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 3 });
const validId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
// Not `.` or `..`: every HTTP client resolves those away before sending (Chargebee's SDK included).
const hostileId = fc.oneof(
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
    .filter((id) => !/^[A-Za-z0-9_-]+$/.test(id) && id !== '.' && id !== '..'),
  fc.constantFrom('a%2Fb', '%2F', 'a/b', '%00', 'a b', 'x'.repeat(101), '😀', 'ＡＢＣ', 'a\u0000b'),
);

type Probe = { path: string; body: string; contentType?: string; stream?: boolean; expect: Expectation };
type Expectation = { status: number[]; code?: string[]; params?: string[]; mentions?: RegExp };

function fillPath(route: RouteDefinition, ids: string[]): string {
  let index = 0;
  return route.path.replace(/:[a-z_]+/g, () => encodeURIComponent(ids[index++] ?? 'x'));
}

/** Requests that every endpoint must refuse, each with what the refusal must say. */
function probes(route: RouteDefinition): fc.Arbitrary<Probe> {
  const leaves = leafPaths(route.params);
  // A refusal may name a leaf, an object holding leaves (`customer : cannot be blank`) or a path id.
  const names = [
    ...new Set(leaves.flatMap((leaf) => leaf.map((_, i) => paramName(leaf.slice(0, i + 1))))),
    ...idNames(route),
  ];
  const ids = fc.array(fc.oneof(validId, hostileId), {
    minLength: idNames(route).length,
    maxLength: idNames(route).length,
  });
  const isGet = route.method === 'GET';
  const kinds: fc.Arbitrary<Probe>[] = [];

  if (leaves.length > 0) {
    kinds.push(
      fc
        .tuple(
          ids,
          fc.subarray(leaves, { minLength: 1, maxLength: Math.min(leaves.length, isGet ? 2 : 6) }),
          fc.array(hostileValue, { minLength: 6, maxLength: 6 }),
          junk,
        )
        .map(([pathIds, chosen, values, extra]) => {
          const params = new URLSearchParams(extra);
          for (const [i, leaf] of chosen.entries()) params.append(paramName(leaf), values[i] as string);
          return {
            path: fillPath(route, pathIds),
            body: params.toString(),
            expect: { status: [400, 413], code: ['param_wrong_value', 'invalid_request'], params: names },
          };
        }),
    );
  }
  const scalars = leaves.filter((leaf) => !leaf.some((part) => typeof part === 'number'));
  if (scalars.length > 0) {
    kinds.push(
      fc
        .tuple(
          ids.map((pathIds) => pathIds.map(() => 'valid_id')),
          fc.constantFrom(...scalars),
          fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 2, maxLength: 5 }),
        )
        .map(([pathIds, leaf, values]) => {
          const params = new URLSearchParams();
          for (const value of values) params.append(paramName(leaf), value);
          return {
            path: fillPath(route, pathIds),
            body: params.toString(),
            expect: { status: [400], code: ['param_wrong_value'], params: names },
          };
        }),
    );
  }
  if (idNames(route).length > 0) {
    kinds.push(
      fc
        .tuple(fc.array(hostileId, { minLength: 1, maxLength: 1 }), ids, junk)
        .map(([[bad], pathIds, extra]) => {
          const mixed = [...pathIds];
          mixed[0] = bad as string;
          return {
            path: fillPath(route, mixed),
            body: new URLSearchParams(extra).toString(),
            // A `.`, `..` or encoded slash changes which URL this is: then no route answers, or another one refuses.
            expect: { status: [400, 404, 405], params: names },
          };
        }),
    );
  }
  const structural = fc.oneof(
    fc
      .integer({ min: 5, max: 40 })
      .map((depth) => ({ key: `customer${'[a]'.repeat(depth)}`, body: `customer${'[a]'.repeat(depth)}=1` })),
    fc.integer({ min: 1001, max: 1500 }).map((count) => ({
      key: 'parameters',
      body: Array.from({ length: count }, (_, i) => `k${i}=1`).join('&'),
    })),
    fc.integer({ min: 101, max: 400 }).map((count) => ({
      key: 'array',
      body: Array.from({ length: count }, () => 'id[]=x').join('&'),
    })),
    fc
      .integer({ min: 101, max: 100000 })
      .map((index) => ({ key: 'index', body: `subscription_items[item_price_id][${index}]=x` })),
  );
  kinds.push(
    fc.tuple(ids, structural).map(([pathIds, { body }]) => ({
      path: fillPath(route, pathIds),
      body,
      expect: {
        status: [400, 404, 405],
        code: ['invalid_request', 'param_wrong_value', 'resource_not_found', 'http_method_not_supported'],
        params: names,
        mentions: /could not be read|must contain only|no API endpoint|not supported/,
      },
    })),
  );
  if (!isGet) {
    kinds.push(
      fc
        .tuple(
          ids,
          fc.constantFrom(
            'application/json',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/x-www-form-urlencodedx',
            'application/octet-stream',
          ),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        )
        .map(([pathIds, contentType, text]) => ({
          path: fillPath(
            route,
            pathIds.map(() => 'valid_id'),
          ),
          body: `{"id":${JSON.stringify(text)}}`,
          contentType,
          expect: { status: [400], code: ['invalid_request'], mentions: /x-www-form-urlencoded/ },
        })),
      fc.tuple(fc.integer({ min: maxBody + 1, max: 4 * maxBody }), fc.boolean()).map(([size, stream]) => ({
        path: fillPath(
          route,
          idNames(route).map(() => 'valid_id'),
        ),
        body: `id=${'x'.repeat(size)}`,
        stream,
        expect: { status: [413], code: ['invalid_request'], mentions: /larger than 65536 bytes/ },
      })),
    );
  }
  return fc.oneof(...kinds);
}

async function send(route: RouteDefinition, probe: Probe) {
  const base = `${inject('baseUrl')}/api/v2/${probe.path}`;
  const headers: Record<string, string> = { Authorization: auth, 'Content-Type': probe.contentType ?? form };
  let init: RequestInit & { duplex?: 'half' } = { method: route.method, headers };
  let url = base;
  if (route.method === 'GET') url = probe.body ? `${base}?${probe.body}` : base;
  else if (probe.stream) {
    const bytes = new TextEncoder().encode(probe.body);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16 * 1024)
          controller.enqueue(bytes.slice(at, at + 16 * 1024));
        controller.close();
      },
    });
    init = { ...init, body, duplex: 'half' };
  } else init = { ...init, body: probe.body };
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: response.status, type: response.headers.get('content-type') ?? '', body, text };
}

/** Everything a list endpoint shows: if any of it moves, some hostile request changed state. */
async function snapshot() {
  const lists = [
    'customers',
    'subscriptions',
    'invoices',
    'payment_sources',
    'events',
    'item_prices',
    'hosted_pages',
  ];
  const seen: Record<string, unknown> = {};
  for (const list of lists) {
    const answer = await api('GET', list, { limit: 100 });
    expect(answer.status, list).toBe(200);
    // Webhook delivery moves on by itself; which events exist is what a request could change.
    seen[list] =
      list === 'events'
        ? (answer.body.list as { event: { id: string; event_type: string } }[]).map(({ event }) => [
            event.id,
            event.event_type,
          ])
        : answer.body;
  }
  return seen;
}

describe('hostile input to every /api/v2 endpoint', () => {
  let before: Record<string, unknown>;
  beforeAll(async () => {
    const seeded = await api('POST', 'customers', { id: 'hostile_input_seed', email: 'seed@example.com' });
    expect(seeded.status).toBe(200);
    before = await snapshot();
  });

  it('is refused with a Chargebee-shaped 4xx that names the problem, never a 5xx', async () => {
    let probesSent = 0;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(probes(route), async (probe) => {
          probesSent += 1;
          const answer = await send(route, probe);
          const where = `${route.method} /api/v2/${probe.path.slice(0, 120)} body[${probe.body.length}]=${probe.body.slice(0, 160)} (${probe.contentType ?? form}) → ${answer.status} ${answer.text.slice(0, 300)}`;
          expect(probe.expect.status, where).toContain(answer.status);
          expect(answer.type, where).toMatch(/^application\/json/);
          const { body } = answer;
          expect(body.http_status_code, where).toBe(answer.status);
          expect(typeof body.api_error_code, where).toBe('string');
          expect(body.error_code, where).toBe(body.api_error_code);
          expect(typeof body.message, where).toBe('string');
          expect(body.error_msg, where).toBe(body.message);
          if (probe.expect.code) expect(probe.expect.code, where).toContain(body.api_error_code);
          if (body.api_error_code === 'param_wrong_value') {
            // The parameter itself, or (for a field that also takes `field[is]`) a key below it.
            const named = String(body.param);
            const known = (probe.expect.params ?? []).some(
              (name) => named === name || named.startsWith(`${name}[`),
            );
            expect(known, where).toBe(true);
            expect(String(body.message).startsWith(`${String(body.param)} : `), where).toBe(true);
          } else if (probe.expect.mentions) {
            expect(String(body.message), where).toMatch(probe.expect.mentions);
          }
        }),
        { numRuns: 25, seed: Number(process.env.FC_SEED ?? 72026) },
      );
    }
    expect(probesSent).toBeGreaterThanOrEqual(routes.length * 25);
  }, 150_000);

  it('changes no state', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
