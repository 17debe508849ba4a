import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';

/**
 * Named prepared statements for PGlite. `PGlite.query` parses and plans its SQL again on every call
 * and makes six trips into the engine (parse, describe, bind, describe, execute, sync). Here a
 * statement's SQL is parsed once under a name; each later call binds and executes it in a single
 * trip, and PostgreSQL reuses the plan. Measured in-process on the portal-session look-up: 1082 µs
 * through `PGlite.query`, 269 µs this way (scripts/bench/pglite-statements.ts).
 *
 * Only queries outside a transaction take this path (the API's and the site's hot look-ups are);
 * `transaction()` keeps PGlite's own. Results, parameter serialising and errors are PGlite's own
 * code, so callers see no difference. A PGlite instance has a single session and nothing else
 * shares it, so named statements cannot collide the way they would behind a connection pooler.
 */

const maxStatements = 256;

type Statement = { name: string; paramTypes: number[] };

// 26000: the prepared statement does not exist; 0A000: its cached plan would change result type.
const isStale = (error: unknown) => ['26000', '0A000'].includes((error as { code?: string }).code ?? '');

/** What `PGlite.query` attaches to its errors, for the same logs. */
function withQuery(error: unknown, query: string, params: unknown[], queryOptions?: QueryOptions) {
  return error instanceof Error ? Object.assign(error, { query, params, queryOptions }) : error;
}

export type StatementCache = { size: () => number; misses: () => number };

export async function enablePreparedStatements(client: PGlite): Promise<StatementCache> {
  const { parse, protocol } = await import('@electric-sql/pglite');
  const { serialize } = protocol;
  const plainQuery = client.query.bind(client);
  const statements = new Map<string, Statement>();
  let counter = 0;
  let misses = 0;

  /** Protocol messages in one trip into the engine, without flushing its files. */
  const send = (parts: Uint8Array[]) =>
    client.execProtocol(new Uint8Array(Buffer.concat(parts)), { syncToFs: false });

  // The client's parsers with a query's own on top; looked up through the prototype, so types
  // PGlite learns later still count.
  type Parsers = PGlite['parsers'];
  const merged = new WeakMap<object, Parsers>();
  function parsersWith(own: object): Parsers {
    let parsers = merged.get(own);
    if (!parsers) {
      parsers = Object.assign(Object.create(client.parsers) as Parsers, own);
      merged.set(own, parsers);
    }
    return parsers;
  }

  async function prepare(text: string): Promise<Statement> {
    const found = statements.get(text);
    if (found) {
      // Keep the map in least-recently-used order.
      statements.delete(text);
      statements.set(text, found);
      return found;
    }
    misses++;
    const close: Uint8Array[] = [];
    if (statements.size >= maxStatements) {
      const [oldestText, oldest] = statements.entries().next().value as [string, Statement];
      statements.delete(oldestText);
      close.push(serialize.close({ type: 'S', name: oldest.name }));
    }
    const name = `gh_${++counter}`;
    const { messages } = await send([
      ...close,
      serialize.parse({ name, text }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    return statement;
  }

  /** Drops a statement here and in the engine (closing a name that no longer exists is no error). */
  async function forget(text: string) {
    const statement = statements.get(text);
    if (!statement) return;
    statements.delete(text);
    await send([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]);
  }

  async function run<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const statement = await prepare(text);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i] as number;
      const serializer = options?.serializers?.[type] ?? client.serializers[type];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await send([
      serialize.bind({ statement: statement.name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    await client.syncToFs();
    if (!options?.parsers) return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
    // PGlite would copy its whole parser table (one entry per type and array type) into a new object
    // on every call that brings parsers of its own, as drizzle's do: 6% of a retrieve's CPU.
    const { parsers, ...rest } = options;
    return parse.parseResults(messages, parsersWith(parsers), rest)[0] as Results<T>;
  }

  const query = async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    // A blob (COPY) or explicit parameter types keep PGlite's own path: statements are keyed by SQL alone.
    if (options?.blob || options?.paramTypes) return plainQuery<T>(text, params, options);
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        try {
          return await run<T>(text, params, options);
        } catch (error) {
          if (!isStale(error)) throw withQuery(error, text, params, options);
          // The named statement is gone or no longer fits the tables: prepare it again, once.
          await forget(text);
          try {
            return await run<T>(text, params, options);
          } catch (again) {
            throw withQuery(again, text, params, options);
          }
        }
      }),
    );
  };
  client.query = query as PGlite['query'];
  return { size: () => statements.size, misses: () => misses };
}
