import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { hitRateLimit, hitRateLimits, type RateLimitRule } from '@/lib/db/rate-limit';
import { rateLimits } from '@/lib/db/schema';
import { backends, createPostgresDatabase, postgresUrl, type TestDatabase } from '../support/databases';

let counter = 0;
const subject = () => `subject-${Date.now()}-${++counter}`;
const rule: RateLimitRule = { name: 'test:hits', limit: 3, windowSeconds: 60 };
const windowStartMs = 1_900_000_020_000; // a whole minute, in milliseconds

describe.each(backends())('fixed-window rate limits on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('allows the limit within a window, refuses the next hit, and starts again in the next window', async () => {
    const { db } = database.handle;
    const who = subject();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(db, rule, who, windowStartMs + 10_000));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, count: 4, retryAfterSeconds: 50 });
    const next = await hitRateLimit(db, rule, who, windowStartMs + 60_000);
    expect(next).toEqual({ allowed: true, count: 1, retryAfterSeconds: 60 });
  });

  it('counts each subject and each rule on its own', async () => {
    const { db } = database.handle;
    const [a, b] = [subject(), subject()];
    for (let i = 0; i < 3; i++) await hitRateLimit(db, rule, a, windowStartMs);
    expect((await hitRateLimit(db, rule, a, windowStartMs)).allowed).toBe(false);
    expect((await hitRateLimit(db, rule, b, windowStartMs)).allowed).toBe(true);
    expect((await hitRateLimit(db, { ...rule, name: 'test:other' }, a, windowStartMs)).allowed).toBe(true);
  });

  it('never lets more than the limit through when hits arrive at once', async () => {
    const { db } = database.handle;
    const who = subject();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => hitRateLimit(db, { ...rule, limit: 5 }, who, windowStartMs)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
    expect(results.map((result) => result.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('drops the counters of windows that have ended', async () => {
    const { db } = database.handle;
    const who = subject();
    await hitRateLimit(db, rule, who, windowStartMs);
    await hitRateLimit(db, rule, who, windowStartMs + 120_000);
    const rows = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `${rule.name}:${who}`));
    expect(rows.map((row) => row.windowStart)).toEqual([windowStartMs / 1000 + 120]);
  });

  it('hits every limit and reports the refusal with the longest wait, skipping unknown subjects', async () => {
    const { db } = database.handle;
    const who = subject();
    const hourly: RateLimitRule = { name: 'test:hourly', limit: 1, windowSeconds: 3600 };
    const hits = [
      { rule, subject: who },
      { rule: hourly, subject: who },
      { rule, subject: undefined },
    ];
    expect(await hitRateLimits(db, hits, windowStartMs)).toBeUndefined();
    const refused = await hitRateLimits(db, hits, windowStartMs);
    expect(refused?.allowed).toBe(false);
    expect(refused?.retryAfterSeconds).toBeGreaterThan(60);
  });
});

describe.runIf(postgresUrl())('rate limits shared by two app instances on one PostgreSQL', () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createPostgresDatabase(postgresUrl() as string);
    drop = created.drop;
    first = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 4 });
    second = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 4 });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await drop?.();
  });

  it('counts hits from both handles against one limit', async () => {
    const who = subject();
    const handles = [first, second, first, second, first];
    const allowed = [];
    for (const handle of handles)
      allowed.push((await hitRateLimit(handle.db, rule, who, windowStartMs)).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
  });

  it('lets exactly the limit through when both handles hit at the same time', async () => {
    const who = subject();
    const limited = { ...rule, limit: 7 };
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        hitRateLimit((i % 2 === 0 ? first : second).db, limited, who, windowStartMs),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
  });
});
