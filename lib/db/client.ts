import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import { type Env, env } from '../env';
import { acquireDirLock } from './dir-lock';
import { migratePostgres } from './pg-migrate';
import { nameStatements } from './pg-statements';
import { initPgliteFolder, pgliteOptions } from './pglite-memory';
import { enablePreparedStatements } from './pglite-statements';
import { describePostgresFailure } from './postgres-errors';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = Env['database']['kind'];

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  close: () => Promise<void>;
};

const migrationsFolder = path.join(process.cwd(), 'drizzle');

// On globalThis: Next.js bundles instrumentation and route handlers separately, and both use the handle.
const single = globalThis as typeof globalThis & { __gatehouseSingleProcess?: WeakSet<Database> };
single.__gatehouseSingleProcess ??= new WeakSet();

/**
 * Whether `db` is a PGlite handle: its folder is locked to this process, so no other process writes to
 * it and a value this process keeps in memory (the time machine's clock) cannot go stale behind its back.
 */
export function isSingleProcessDatabase(db: Database): boolean {
  return single.__gatehouseSingleProcess?.has(db) ?? false;
}

/**
 * Opens a database (PGlite in a folder, or a pooled PostgreSQL client) and applies migrations.
 * Queries then run as named prepared statements unless `preparedStatements` is false.
 */
export async function openDatabase(config: Env['database']): Promise<DatabaseHandle> {
  const preparedStatements = config.preparedStatements ?? true;
  if (config.kind === 'postgres') {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool: Pool = new Pool({
      connectionString: config.url,
      max: config.poolMax,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      query_timeout: 10_000,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', (error) => console.error('[db] idle PostgreSQL client failed:', error.message));
    // The pool listens only while a client is idle. One checked out (inside a transaction, between two
    // queries) would otherwise raise an uncaught exception when the server goes; its next query fails.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzle({ client: pool, schema, casing: 'snake_case' });
    try {
      await migratePostgres(pool, migrationsFolder);
    } catch (error) {
      await pool.end();
      throw describePostgresFailure(config.url, error);
    }
    if (preparedStatements) nameStatements(pool);
    return { db: db as unknown as Database, kind: 'postgres', close: () => pool.end() };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(config.dir, { recursive: true });
  const release = acquireDirLock(config.dir);
  let client: PGlite | undefined;
  try {
    await initPgliteFolder(config.dir);
    client = await PGlite.create(config.dir, await pgliteOptions());
    const db = drizzle({ client, schema, casing: 'snake_case' });
    await migrate(db, { migrationsFolder });
    if (preparedStatements) await enablePreparedStatements(client);
    const opened = client;
    single.__gatehouseSingleProcess?.add(db as unknown as Database);
    return {
      db: db as unknown as Database,
      kind: 'pglite',
      close: async () => {
        await opened.close();
        release();
      },
    };
  } catch (error) {
    await client?.close().catch(() => {});
    release();
    throw error;
  }
}

const holder = globalThis as typeof globalThis & { __gatehouseDb?: Promise<DatabaseHandle> };

/**
 * The process-wide database, opened on first use (instrumentation opens it at boot). Lives on
 * globalThis because Next.js bundles instrumentation and routes separately. A failed open is not
 * cached, so the next request tries again once the database is back.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!holder.__gatehouseDb) {
    const opening = openDatabase(env().database);
    holder.__gatehouseDb = opening;
    opening.catch(() => {
      if (holder.__gatehouseDb === opening) holder.__gatehouseDb = undefined;
    });
  }
  return holder.__gatehouseDb;
}

export async function db(): Promise<Database> {
  return (await getDatabase()).db;
}

export async function pingDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.db.execute(sql`select 1`);
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function queryRows<Row>(database: Database, query: SQL): Promise<Row[]> {
  const result = (await database.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
