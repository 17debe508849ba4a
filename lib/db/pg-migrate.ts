import { setTimeout as sleep } from 'node:timers/promises';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Pool } from 'pg';

/** Any fixed number: the key of the advisory lock that instances take to migrate one at a time. */
const migrationLockKey = 7_411_525_014;
/** How long an instance waits for another one's migrations before it gives up booting. */
const migrationWaitMs = 5 * 60_000;

/**
 * Drizzle's PostgreSQL migrator, made safe for several instances booting on one database at once (a
 * rolling deploy, a scaled service). Drizzle's own takes no lock, so each instance finds the same
 * migrations pending and all but one fail on "already exists". Here everything runs in one transaction
 * on one connection that first takes a transaction-scoped advisory lock: the others wait for it, then
 * find nothing left to apply. The lock ends with the transaction, so none is left behind by a crash,
 * and a pooler in transaction mode keeps the whole transaction on one server connection. The lock is
 * tried rather than awaited, so no single query outlasts the pool's query timeout.
 *
 * The bookkeeping is Drizzle's own (schema `drizzle`, table `__drizzle_migrations`, the same columns
 * and the same "newer than the last applied" rule), so `drizzle-kit` and Drizzle's migrator agree
 * with it. Returns how many migrations it applied.
 */
export async function migratePostgres(pool: Pool, migrationsFolder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      const deadline = Date.now() + migrationWaitMs;
      const tryLock = 'select pg_try_advisory_xact_lock($1) as locked';
      while (!(await client.query<{ locked: boolean }>(tryLock, [migrationLockKey])).rows[0]?.locked) {
        if (Date.now() > deadline)
          throw new Error('Another instance has been applying migrations for 5 minutes; not starting.');
        await sleep(200);
      }
      await client.query('create schema if not exists "drizzle"');
      await client.query(
        'create table if not exists "drizzle"."__drizzle_migrations" (id serial primary key, hash text not null, created_at bigint)',
      );
      const last = await client.query<{ created_at: string | null }>(
        'select created_at from "drizzle"."__drizzle_migrations" order by created_at desc limit 1',
      );
      const lastAt = last.rows[0] ? Number(last.rows[0].created_at) : undefined;
      let applied = 0;
      for (const migration of migrations) {
        if (lastAt !== undefined && lastAt >= migration.folderMillis) continue;
        for (const statement of migration.sql) await client.query(statement);
        await client.query(
          'insert into "drizzle"."__drizzle_migrations" (hash, created_at) values ($1, $2)',
          [migration.hash, migration.folderMillis],
        );
        applied += 1;
      }
      await client.query('commit');
      return applied;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}
