import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/provider/api/errors';

const key = 'test_auth_unit_key_0123456789';
const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;
const headers = (authorization?: string) =>
  new Headers({ 'x-forwarded-for': '203.0.113.9', ...(authorization ? { authorization } : {}) });

// The configured database is a PostgreSQL nobody listens on: any query fails with a connection error.
const holder = globalThis as { __gatehouseEnv?: unknown; __gatehouseDb?: unknown };
const saved = { ...process.env };
let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-auth-'));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:9/none',
    PROVIDER_API_KEY: key,
  });
  holder.__gatehouseEnv = undefined;
  holder.__gatehouseDb = undefined;
});
afterAll(() => {
  process.env = saved;
  holder.__gatehouseEnv = undefined;
  holder.__gatehouseDb = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('API key check', () => {
  it('accepts the right key without touching the database', async () => {
    const { authenticate } = await import('@/lib/provider/api/auth');
    await expect(authenticate(headers(basic(key)), key)).resolves.toBeUndefined();
  });

  it('answers a missing or malformed header with a 401 and no database work', async () => {
    const { authenticate } = await import('@/lib/provider/api/auth');
    for (const header of [undefined, 'Bearer abc', 'Basic !!!']) {
      const error = await authenticate(headers(header), key).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
    }
  });

  it('counts a wrong key in the database: with the database down, a wrong key cannot pass as a 401', async () => {
    const { authenticate } = await import('@/lib/provider/api/auth');
    const error = await authenticate(headers(basic('test_wrong_key')), key).catch(
      (caught: unknown) => caught,
    );
    expect(error).not.toBeInstanceOf(ApiError);
    const { isDatabaseUnavailable } = await import('@/lib/provider/api/router');
    expect(isDatabaseUnavailable(error)).toBe(true);
  }, 20_000);
});
