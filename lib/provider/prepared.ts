import type { Database } from '@/lib/db/client';

const byDatabase = new WeakMap<Database, Map<string, unknown>>();

/**
 * A hot query built once per database handle and then only executed. Drizzle's query building cost
 * about 300 µs of the 1.1 ms a portal-session look-up took on PGlite (measured in-process). Drizzle
 * gets no name: whether the database prepares the statement is decided below drizzle, for every query
 * alike (lib/db/pglite-statements.ts, lib/db/pg-statements.ts). A transaction is a handle of its own,
 * so inside one the query is built for that transaction (and dropped with it).
 */
export function prepared<T>(db: Database, name: string, build: (db: Database, unnamed: '') => T): T {
  let queries = byDatabase.get(db);
  if (!queries) {
    queries = new Map();
    byDatabase.set(db, queries);
  }
  let query = queries.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db, '');
    queries.set(name, query);
  }
  return query;
}
