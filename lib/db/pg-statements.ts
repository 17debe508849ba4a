import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig } from 'pg';

/**
 * Named prepared statements on PostgreSQL. Drizzle sends its queries unnamed, so the server parses
 * and plans each one again on every execution. Here every parameterised query is given a name made
 * from its SQL; `pg` prepares it once per connection and afterwards only binds and executes it. On
 * the portal-session look-up this took 877 µs → 260 µs a query, serially, on this machine.
 *
 * A connection pooler in transaction mode that does not carry prepared statements between server
 * connections breaks this (PgBouncer before 1.21, or without `max_prepared_statements`): set
 * DATABASE_PREPARED_STATEMENTS=false there.
 */

// Distinct SQL texts that get a name; past this, queries go unnamed (each connection keeps what it
// prepared until the pool closes it).
const maxNamed = 500;
const marked = Symbol('gatehouse.namedStatements');

export function nameStatements(pool: Pool): void {
  const names = new Map<string, string>();

  function nameFor(text: string): string | undefined {
    let name = names.get(text);
    if (name === undefined && names.size < maxNamed) {
      name = `gh_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  }

  // Every query, the pool's own `query` included, runs on a checked-out client.
  pool.on('acquire', (client: PoolClient & { [marked]?: true }) => {
    if (client[marked]) return;
    client[marked] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((config: unknown, ...rest: unknown[]) => {
      if (typeof config === 'object' && config !== null && !(config as QueryConfig).name) {
        const { text, values } = config as QueryConfig;
        const params = (rest[0] as unknown[] | undefined) ?? values;
        // Only parameterised single statements can be prepared; the rest (migrations) stay as sent.
        const name = typeof text === 'string' && params?.length ? nameFor(text) : undefined;
        if (name) return query({ ...(config as QueryConfig), name }, ...rest);
      }
      return query(config, ...rest);
    }) as PoolClient['query'];
  });
}
