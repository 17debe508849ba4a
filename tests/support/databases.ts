import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { seedPgliteFolder } from './pglite-template';

export type TestDatabase = { handle: DatabaseHandle; drop: () => Promise<void> };
export type Backend = { name: 'pglite' | 'postgres'; create: () => Promise<TestDatabase> };

async function createPglite(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  await seedPgliteFolder(dir);
  const handle = await openDatabase({ kind: 'pglite', dir });
  return {
    handle,
    drop: async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL database per suite, created beside TEST_DATABASE_URL's and dropped afterwards. */
export async function createPostgresDatabase(
  baseUrl: string,
  prefix = 'gatehouse_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: baseUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const { url, drop } = await createPostgresDatabase(requirePostgresUrl());
  const handle = await openDatabase({ kind: 'postgres', url, poolMax: 5 });
  return {
    handle,
    drop: async () => {
      await handle.close();
      await drop();
    },
  };
}

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

function requirePostgresUrl(): string {
  const url = postgresUrl();
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Same tests, same assertions. */
export function backends(): Backend[] {
  const list: Backend[] = [{ name: 'pglite', create: createPglite }];
  if (postgresUrl()) list.push({ name: 'postgres', create: createPostgres });
  return list;
}
