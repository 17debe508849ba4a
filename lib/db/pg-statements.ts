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
type MarkedClient = PoolClient & { [marked]?: true };

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
  pool.on('acquire', (client: MarkedClient) => {
    if (client[marked]) return;
    client[marked] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    // pg's record of what this connection has prepared (name → SQL), and names the server still
    // holds with a plan that no longer fits their tables.
    const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
      .connection?.parsedStatements;
    const stale = new Set<string>();

    // After a named statement failed, pg can believe a statement is prepared that the server no
    // longer has (26000, or a parameter pg could not serialise: it closed the statement), or the
    // server keeps one whose plan no longer fits the tables (0A000, after a migration). Either way
    // every later use of that SQL on this connection would fail: forget it, and drop the stale one
    // before the connection's next statement outside the failed transaction.
    function recover(name: string, error: { code?: string }) {
      if (!error?.code || error.code === '26000') delete parsed?.[name];
      if (error?.code === '0A000') stale.add(name);
    }

    async function dropStale() {
      for (const name of [...stale]) {
        stale.delete(name);
        await query(`DEALLOCATE ${client.escapeIdentifier(name)}`).catch(() => {});
        delete parsed?.[name];
      }
    }

    client.query = ((config: unknown, ...rest: unknown[]) => {
      const text = typeof config === 'string' ? config : (config as QueryConfig | null)?.text;
      if (stale.size > 0 && !/^\s*(rollback|commit|end)\b/i.test(text ?? '')) {
        return dropStale().then(() => client.query(config as never, ...(rest as never[])));
      }
      const named = withName(config, rest[0]);
      if (!named) return query(config, ...rest);
      const answer = query(named, ...rest);
      // (With a callback instead of a promise, pg-pool's own error handling is all there is.)
      if (answer instanceof Promise)
        answer.catch((error: { code?: string }) => recover(named.name as string, error));
      return answer;
    }) as PoolClient['query'];
  });

  /** The query with a name, or undefined to send it as it is. */
  function withName(config: unknown, second: unknown): QueryConfig | undefined {
    if (typeof config !== 'object' || config === null) return undefined;
    const query = config as QueryConfig & { submit?: unknown };
    // Submittables (cursors, streams) and already named queries are left alone.
    if (query.name || typeof query.submit === 'function') return undefined;
    const params = Array.isArray(second) ? second : query.values;
    // Only parameterised single statements can be prepared; the rest (migrations) stay as sent.
    if (typeof query.text !== 'string' || !Array.isArray(params) || params.length === 0) return undefined;
    const name = nameFor(query.text);
    return name ? { ...query, name } : undefined;
  }
}
