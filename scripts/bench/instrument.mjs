// Benchmark-only instrumentation, preloaded into `next start` by scripts/bench/run.ts through
// NODE_OPTIONS="--import <this file>" and BENCH_COUNTER_PORT. It changes no app code: it counts, per
// incoming request, the SQL statements and transactions the app sends to its database and the HTTP
// calls it makes to a billing API (any URL whose path contains /api/v2/), and serves the tallies on
// 127.0.0.1:BENCH_COUNTER_PORT (GET /counts, POST /reset), with the number of requests in flight.
//
// Attribution: each incoming request runs inside an AsyncLocalStorage context keyed by its
// `x-bench-target` header (the load generator and the probes send it), so the background worker's
// queries and the app's own calls to /api/v2 (which arrive as separate requests) are never charged
// to the page that caused them. Without BENCH_COUNTER_PORT this file does nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';

const port = Number(process.env.BENCH_COUNTER_PORT ?? '');
const holderKey = '__gatehouseDb';

if (Number.isInteger(port) && port > 0) install();

function install() {
  const context = new AsyncLocalStorage();
  /** @type {Map<string, {requests: number, statements: number, transactions: number, providerCalls: number}>} */
  let tallies = new Map();
  let counterServer;
  let dbInstrumented = false;
  /** Requests of the app's server that have not finished answering. */
  let inFlight = 0;

  const tally = (key) => {
    let entry = tallies.get(key);
    if (!entry) {
      entry = { requests: 0, statements: 0, transactions: 0, providerCalls: 0 };
      tallies.set(key, entry);
    }
    return entry;
  };

  // A request's counts are kept on its own record and added to its target's tally when the answer has
  // been sent, so a request the client gave up on (the last ones of a timed run) lands under
  // "<target> (aborted)" instead of lowering the per-request figures. Work that goes on after the
  // answer (Next's after()) is still added to the same tally.
  const add = (field) => {
    const record = context.getStore();
    if (!record) tally('(background)')[field] += 1;
    else if (record.done) tally(record.key)[field] += 1;
    else record[field] += 1;
  };
  const flush = (record, key) => {
    const entry = tally(key);
    entry.requests += 1;
    entry.statements += record.statements;
    entry.transactions += record.transactions;
    entry.providerCalls += record.providerCalls;
    record.key = key;
    record.done = true;
  };

  // Incoming requests: one context per request of the app's own server.
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patchedEmit(event, ...args) {
    if (event === 'request' && this !== counterServer) {
      const [request, response] = args;
      const named = request?.headers?.['x-bench-target'];
      const key =
        typeof named === 'string' && named
          ? named
          : `(other) ${request?.method} ${String(request?.url ?? '').split('?')[0]}`;
      startCounterServer();
      const record = { key, statements: 0, transactions: 0, providerCalls: 0, done: false };
      inFlight += 1;
      response?.once('finish', () => flush(record, key));
      response?.once('close', () => {
        inFlight -= 1;
        if (!record.done) flush(record, `${key} (aborted)`);
      });
      return context.run(record, () => emit.call(this, event, ...args));
    }
    return emit.call(this, event, ...args);
  };

  // Outgoing billing API calls (the app's ky client uses the global fetch).
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function countedFetch(input, init) {
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
      if (typeof url === 'string' && new URL(url).pathname.includes('/api/v2/')) add('providerCalls');
    } catch {}
    return originalFetch.call(this, input, init);
  };

  const isBoundary = (text) => typeof text === 'string' && /^\s*(begin|commit|rollback)\b/i.test(text);

  function countStatement(text) {
    if (!isBoundary(text)) add('statements');
    else if (/^\s*begin/i.test(text)) add('transactions');
  }

  function instrumentPglite(client) {
    for (const name of ['query', 'exec']) {
      const original = client[name].bind(client);
      client[name] = (text, ...rest) => {
        countStatement(text);
        return original(text, ...rest);
      };
    }
    const transaction = client.transaction.bind(client);
    client.transaction = (callback) => {
      add('transactions');
      return transaction((tx) => {
        for (const name of ['query', 'exec']) {
          const original = tx[name];
          tx[name] = (text, ...rest) => {
            countStatement(text);
            return original(text, ...rest);
          };
        }
        return callback(tx);
      });
    };
  }

  function wrapPgClient(client) {
    if (client.__benchCounted) return client;
    const original = client.query.bind(client);
    client.query = (config, ...rest) => {
      // pool.query (already counted) reaches a pooled client with a callback as its last argument;
      // drizzle's transactions call the checked-out client without one.
      if (typeof rest[rest.length - 1] !== 'function') {
        countStatement(typeof config === 'string' ? config : config?.text);
      }
      return original(config, ...rest);
    };
    client.__benchCounted = true;
    return client;
  }

  function instrumentPgPool(pool) {
    const query = pool.query.bind(pool);
    pool.query = (config, ...rest) => {
      countStatement(typeof config === 'string' ? config : config?.text);
      return query(config, ...rest);
    };
    // Transactions check a client out with `await pool.connect()`; pool.query uses the callback form
    // internally, whose client must not be counted twice.
    const connect = pool.connect.bind(pool);
    pool.connect = (callback) => {
      if (typeof callback === 'function') return connect(callback);
      return connect().then(wrapPgClient);
    };
  }

  function instrument(handle) {
    const client = handle?.db?.$client;
    if (!client || client.__benchCounted) return;
    client.__benchCounted = true;
    if (handle.kind === 'pglite') instrumentPglite(client);
    else instrumentPgPool(client);
    dbInstrumented = true;
    startCounterServer();
  }

  // The app keeps its database handle on globalThis.__gatehouseDb (lib/db/client.ts).
  let held;
  Object.defineProperty(globalThis, holderKey, {
    configurable: true,
    get: () => held,
    set: (value) => {
      held = value;
      if (value && typeof value.then === 'function') value.then(instrument, () => {});
    },
  });

  function startCounterServer() {
    if (counterServer) return;
    counterServer = http.createServer((request, response) => {
      if (request.method === 'POST' && request.url === '/reset') tallies = new Map();
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          pid: process.pid,
          dbInstrumented,
          inFlight,
          tallies: Object.fromEntries(tallies),
          // Where the resident memory is: V8's heap, and memory outside it (WebAssembly, buffers).
          memory: process.memoryUsage(),
        }),
      );
    });
    counterServer.on('error', (error) => console.error('[bench] counter server:', error.message));
    counterServer.listen(port, '127.0.0.1');
    counterServer.unref();
  }
}
