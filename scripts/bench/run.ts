// `npm run bench` (scripts/bench/run.ts). Builds into .next-bench if the build is
// stale, starts the production server on a fresh embedded database (and a second time on PostgreSQL
// when BENCH_DATABASE_URL is set), prepares data through the billing API and the portal login, runs
// autocannon in a child process for a fixed time per target, with a short run of the no-op baseline
// before each, and prints one table per database with requests/s, p50/p99 latency and the ratio to the
// baseline runs around the target. Database statements and billing API calls per request are counted
// inside the server (scripts/bench/instrument.mjs).
// Writes bench/results/latest.json and the results section of docs/PERFORMANCE.md.
//
// Knobs: BENCH_DURATION (s per target, default 8, or 5 with PostgreSQL), BENCH_PAIR_DURATION (s of the
// baseline run before each target, 2, or 1 with PostgreSQL; 0 for none), BENCH_CONNECTIONS (16),
// BENCH_ACTIVATE_SESSIONS (160), BENCH_ONLY (comma-separated target ids), BENCH_BROWSER=0 (skip the
// browser sign-in), BENCH_SIGNIN_RUNS (10), BENCH_DATABASE_URL (a PostgreSQL database to run a second
// time on), BENCH_NO_DOCS=1 (do not rewrite docs/PERFORMANCE.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { startTestServer, type TestServer } from '../../tests/support/server';
import { buildIfStale, buildIsStale, distDir } from '../lib/build';
import { Jar } from '../lib/cookie-jar';
import { freePort } from '../lib/free-port';
import { timeBrowserSignIn } from './browser-sign-in';
import { firstLoadFromHtml, firstLoadFromManifests, type JsSize } from './first-load';
import {
  basicAuth,
  createCustomerWithEmail,
  encodeParams,
  type Http,
  http,
  newSubscriber,
  portalLogin,
  siteLoginLinks,
  siteSignIn,
} from './http';
import { type LoadResult, loadInChild } from './load-child';

process.env.NEXT_DIST_DIR ||= '.next-bench';
// Compiles the benchmark-only routes (`*.bench.ts(x)`: the no-op baseline and the ungated members page);
// next.config.js reads this flag, and production builds never set it.
process.env.BENCH_BUILD ||= '1';

/** Benchmark-only routes the harness uses when the build has them (see docs/PERFORMANCE.md). */
const benchRoutes = { noop: '/api/bench/noop', ungated: '/members/bench-ungated' };

const started = Date.now();
// 8 s per target on one database; 5 s when PostgreSQL runs too, so both fit in the 5 minutes.
const bothDatabases = Boolean(process.env.BENCH_DATABASE_URL);
const duration = Number(process.env.BENCH_DURATION ?? (bothDatabases ? 5 : 8));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const activateSessions = Number(process.env.BENCH_ACTIVATE_SESSIONS ?? 160);
// A short baseline run before every target: the machine is shared, and a baseline measured only at the
// start and the end of a run drifted by 3× once, so each ratio is taken against its neighbours.
const pairSeconds = Number(process.env.BENCH_PAIR_DURATION ?? (bothDatabases ? 1 : 2));
const signInRuns = Number(process.env.BENCH_SIGNIN_RUNS ?? 10);
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);
const authSecret = 'bench-auth-secret-0123456789abcdefghijkl';
const runId = Date.now().toString(36);
const benchDir = path.join(process.cwd(), 'scripts', 'bench');
const resultsFile = path.join(process.cwd(), 'bench', 'results', 'latest.json');
const docsFile = path.join(process.cwd(), 'docs', 'PERFORMANCE.md');
const slug = 'the-boring-database-wins';
/** A long read: it needs the `long-reads` feature, which only the Patron plan's entitlements grant. */
const longRead = 'the-migration-that-took-a-year';

type Kind = 'pglite' | 'postgres';

type Tally = { requests: number; statements: number; transactions: number; providerCalls: number };
type Counts = {
  pid: number;
  dbInstrumented: boolean;
  inFlight: number;
  tallies: Record<string, Tally>;
  memory: NodeJS.MemoryUsage;
};

type Target = {
  id: string;
  label: string;
  measures: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  expect: number;
  /** An /api/v2 target: its p99 must stay under 50 ms. */
  api: boolean;
  /** One prepared request per call (activate): run as a fixed count instead of a fixed time. */
  sequence?: { path: string; body: string }[];
  warmup?: { path: string; body: string }[];
};

type PerRequest = { statements: number; transactions: number; providerCalls: number; requests: number };

type TargetResult = {
  id: string;
  label: string;
  measures: string;
  request: string;
  mode: string;
  rps: number;
  ratio: number | null;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  statusCodes: Record<string, number>;
  expectedStatus: number;
  valid: boolean;
  problem?: string;
  perRequest: PerRequest | null;
  /** Requests the app made to itself while this target ran (its billing API calls, served here too). */
  otherRequests: Record<string, number>;
  /** Seconds waited for the server to go quiet before this run. */
  settledSeconds: number;
  /** Requests the load generator gave up on when its time ran out (not in the per-request figures). */
  aborted: number;
  /** req/s of the short baseline run just before this target (null for the baselines themselves). */
  baselineBefore: number | null;
  /** req/s of the short baseline run just after it (or of the closing baseline). */
  baselineAfter: number | null;
};

type Timing = { runs: number[]; median: number; min: number; max: number; note: string };

type RunResult = {
  database: Kind;
  /** True while GET /api/health stands in for the no-op baseline. */
  baselineIsStandIn: boolean;
  serverUrl: string;
  baselineNote: string;
  targets: TargetResult[];
  membersProbe: PerRequest & { note: string };
  idleBackground: { seconds: number; statements: number; transactions: number };
  signInHttp: Timing | null;
  signInBrowser: Timing | { skipped: string } | null;
  firstLoadHtml: JsSize[];
  loadAverage: { before: number[]; after: number[] };
  /** The server's resident memory once the run is over, and its peak, in MiB (from /proc). */
  memory: {
    residentMiB: number;
    peakMiB: number;
    /** V8's heap in use and reserved, and memory outside it (PGlite's WebAssembly memory, buffers). */
    heapUsedMiB: number;
    heapTotalMiB: number;
    externalMiB: number;
  } | null;
  seconds: number;
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

/** A made-up client address per prepared sign-in, so the per-address sign-in limits never trip. */
function forwardedFor(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
let addressCounter = Math.floor(Math.random() * 1_000_000);
function nextAddress(): string {
  addressCounter += 1;
  return forwardedFor(addressCounter);
}

async function counts(port: number, reset = false): Promise<Counts> {
  const answer = await fetch(`http://127.0.0.1:${port}/${reset ? 'reset' : 'counts'}`, {
    method: reset ? 'POST' : 'GET',
  });
  return (await answer.json()) as Counts;
}

/** The server's resident memory, its peak (VmRSS, VmHWM) and how it splits, in MiB; null off Linux. */
function memoryOf({ pid, memory }: Counts): RunResult['memory'] {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const mib = (key: string) =>
      round(Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))?.[1]) / 1024, 0);
    const inMiB = (bytes: number) => round(bytes / 1024 ** 2, 0);
    return {
      residentMiB: mib('VmRSS'),
      peakMiB: mib('VmHWM'),
      heapUsedMiB: inMiB(memory.heapUsed),
      heapTotalMiB: inMiB(memory.heapTotal),
      externalMiB: inMiB(memory.external),
    };
  } catch {
    return null;
  }
}

/** Waits until the server has answered every request it received (a run's last ones included). */
async function drained(port: number) {
  for (let i = 0; i < 300; i += 1) {
    if ((await counts(port)).inFlight === 0) return;
    await sleep(50);
  }
}

/**
 * Waits (up to 20 s) for a quiet half second: no request of the app to itself (webhook deliveries of the
 * events the preparation caused, billing API calls) and none in flight, so a run measures its target only.
 */
async function settle(port: number): Promise<number> {
  const since = Date.now();
  while (Date.now() - since < 20_000) {
    await counts(port, true);
    await sleep(500);
    const now = await counts(port);
    const others = Object.entries(now.tallies).filter(
      ([key, t]) => key.startsWith('(other)') && t.requests > 0,
    );
    if (others.length === 0 && now.inFlight === 0) break;
  }
  return round((Date.now() - since) / 1000);
}

function runLoad(target: Target, url: string, seconds = duration): Promise<LoadResult> {
  return loadInChild({
    url: `${url}${target.path}`,
    method: target.method,
    headers: { ...target.headers, 'x-bench-target': target.id },
    body: target.body,
    connections,
    duration: seconds,
    sequence: target.sequence,
  });
}

async function warm(client: Http, target: Target) {
  const items = target.warmup ?? Array.from({ length: 10 }, () => ({ path: target.path, body: target.body }));
  for (const item of items) {
    const response = await client.request(item.path, undefined, {
      method: target.method,
      headers: { ...target.headers, 'x-bench-target': 'warmup' },
      body: item.body,
    });
    await response.arrayBuffer();
  }
}

function perRequestOf(tally: Tally | undefined): PerRequest | null {
  if (!tally || tally.requests === 0) return null;
  return {
    requests: tally.requests,
    statements: round(tally.statements / tally.requests, 2),
    transactions: round(tally.transactions / tally.requests, 2),
    providerCalls: round(tally.providerCalls / tally.requests, 3),
  };
}

function apiHeaders(post: boolean): Record<string, string> {
  return {
    Authorization: basicAuth(),
    Accept: 'application/json',
    ...(post ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
  };
}

/** Not-yet-activated portal sessions, made through the portal login over HTTP (4 at a time). */
async function prepareLoginSessions(
  client: Http,
  count: number,
  links: { return_url: string; cancel_url: string },
) {
  const sessions: { id: string; token: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const email = await createCustomerWithEmail(client, `bench_act_${runId}_${next}@example.com`);
      const { sessionId, token } = await portalLogin(client, email, links, new Jar(), nextAddress());
      if (!sessionId || !token) throw new Error('The portal login returned no auth session.');
      sessions.push({ id: sessionId, token });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return sessions;
}

async function signInOverHttp(client: Http, runs: number): Promise<Timing> {
  const times: number[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const subscriber = await newSubscriber(client, `bench_si_${runId}_${run}`);
    const startedAt = performance.now();
    const jar = await siteSignIn(client, subscriber.email, '/members', nextAddress());
    const page = await client.request('/members', jar);
    const html = await page.text();
    const elapsed = performance.now() - startedAt;
    if (page.status !== 200 || !html.includes('members-library')) {
      throw new Error(`After signing in, /members answered ${page.status}`);
    }
    if (run > 0) times.push(elapsed); // run 0 warms the path up
  }
  return {
    runs: times.map((t) => round(t)),
    median: round(median(times)),
    min: round(Math.min(...times)),
    max: round(Math.max(...times)),
    note: 'HTTP only (fetch, no browser): GET /login → send-code → mailed code → verify-code → return → GET /members; one warm-up run not counted.',
  };
}

async function signInInBrowser(client: Http, runs: number): Promise<Timing | { skipped: string }> {
  if (process.env.BENCH_BROWSER === '0') return { skipped: 'BENCH_BROWSER=0' };
  const { chromiumArgs, resolveChromium } = await import('../../e2e/support/browser');
  const executablePath = resolveChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  const times: number[] = [];
  try {
    for (let run = 0; run <= runs; run += 1) {
      const subscriber = await newSubscriber(client, `bench_br_${runId}_${run}`);
      const elapsed = await timeBrowserSignIn(browser, client.base, subscriber.email, nextAddress());
      if (run > 0) times.push(elapsed); // run 0 starts the browser's caches and is not counted
    }
  } finally {
    await browser.close();
  }
  return {
    runs: times.map((t) => round(t)),
    median: round(median(times)),
    min: round(Math.min(...times)),
    max: round(Math.max(...times)),
    note: 'Chromium (Playwright), fresh context per run: open /members → portal login → email → code (read from the dev mailbox, polled every 20 ms) → back on /members with the library visible; one warm-up run not counted.',
  };
}

/** Pages whose first-load JS the issue bounds, opened for real (signed in where they need it). */
async function firstLoadOfPages(
  client: Http,
  siteJar: Jar,
  subscriber: { email: string; subscriptionId: string },
) {
  const portalJar = new Jar();
  await portalLogin(client, subscriber.email, { return_url: '', cancel_url: '' }, portalJar, nextAddress());
  const pages: [string, Jar | undefined][] = [
    ['/', undefined],
    ['/pricing', undefined],
    ['/members', siteJar],
    [`/members/${slug}`, siteJar],
    ['/account', siteJar],
    ['/portal/login', undefined],
    ['/portal', portalJar],
    ['/portal/account', portalJar],
    ['/portal/address', portalJar],
    ['/portal/billing-history', portalJar],
    ['/portal/payment-methods', portalJar],
    ['/portal/subscriptions', portalJar],
    [`/portal/subscriptions/${subscriber.subscriptionId}`, portalJar],
    [`/portal/subscriptions/${subscriber.subscriptionId}/change`, portalJar],
    [`/portal/subscriptions/${subscriber.subscriptionId}/cancel`, portalJar],
  ];
  const sizes: JsSize[] = [];
  for (const [page, jar] of pages) {
    const response = await client.request(page, jar);
    const html = await response.text();
    if (response.status !== 200) {
      sizes.push({ route: `${page} (answered ${response.status})`, files: 0, rawBytes: 0, gzipBytes: 0 });
      continue;
    }
    const route = page
      .replace(subscriber.subscriptionId, '[id]')
      .replace(`/members/${slug}`, '/members/[slug]');
    sizes.push(firstLoadFromHtml(distDir(), route, html));
  }
  return sizes;
}

/** Whether `next build` prerendered this route (○), so `next start` serves it from the build. */
function isPrerendered(route: string): boolean {
  const manifest = path.join(distDir(), 'prerender-manifest.json');
  const { routes } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { routes: Record<string, unknown> };
  return route in routes;
}

/** Which benchmark-only routes this build has. */
function builtBenchRoutes(): { noop: boolean; ungated: boolean } {
  const manifest = path.join(distDir(), 'app-path-routes-manifest.json');
  const routes = new Set(
    Object.values(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>),
  );
  return { noop: routes.has(benchRoutes.noop), ungated: routes.has(benchRoutes.ungated) };
}

function targetsFor(
  kind: Kind,
  ids: { customerId: string; portalSessionId: string },
  siteCookie: string,
  patronCookie: string,
  activate: { id: string; token: string }[],
): Target[] {
  const built = builtBenchRoutes();
  const activateItem = (session: { id: string; token: string }) => ({
    path: `/api/v2/portal_sessions/${session.id}/activate`,
    body: encodeParams({ token: session.token }),
  });
  const baseline: Target = built.noop
    ? {
        id: 'baseline',
        label: `baseline: GET ${benchRoutes.noop} (no-op)`,
        measures:
          'A force-dynamic route handler that does nothing and answers a fixed body (benchmark builds only).',
        method: 'GET',
        path: benchRoutes.noop,
        expect: 200,
        api: false,
      }
    : {
        id: 'baseline',
        label: 'baseline: GET /api/health (stand-in)',
        measures:
          'Stand-in for the no-op route handler, which this build lacks (it was not made with BENCH_BUILD=1): a force-dynamic route handler that pings the database (1 × select 1) and answers JSON. A no-op handler would be faster, so ratios against it would be lower.',
        method: 'GET',
        path: '/api/health',
        expect: 200,
        api: false,
      };
  const ungated: Target[] = built.ungated
    ? [
        {
          id: 'members-ungated',
          label: `GET ${benchRoutes.ungated} (members page, gate removed)`,
          measures:
            'The same members library with requireSubscriber() removed (benchmark builds only), same session cookie, so the proxy does the same work: the difference to `members` is the price of the gate.',
          method: 'GET',
          path: benchRoutes.ungated,
          headers: { Cookie: siteCookie },
          expect: 200,
          api: false,
        },
      ]
    : [];
  const targets: Target[] = [
    baseline,
    {
      id: 'static',
      label: isPrerendered('/_not-found')
        ? 'static page: GET /_not-found (prerendered)'
        : 'static page: GET /_not-found (rendered per request in this build)',
      measures: isPrerendered('/_not-found')
        ? 'The only prerendered (○) page of the build, served from the build cache with status 404; every other page is dynamic.'
        : 'The 404 page, which this build renders per request: it prerenders no page, so there is no static page left to measure.',
      method: 'GET',
      path: '/_not-found',
      expect: 404,
      api: false,
    },
    {
      id: 'create',
      label: 'POST /api/v2/portal_sessions',
      measures: `Creates a portal session for one customer (Basic auth, form body, one transaction), ${kind}.`,
      method: 'POST',
      path: '/api/v2/portal_sessions',
      headers: apiHeaders(true),
      body: encodeParams({ customer: { id: ids.customerId } }),
      expect: 200,
      api: true,
    },
    {
      id: 'retrieve',
      label: 'GET /api/v2/portal_sessions/{id}',
      measures: 'Retrieves one portal session (token unsealed, linked_customers computed).',
      method: 'GET',
      path: `/api/v2/portal_sessions/${ids.portalSessionId}`,
      headers: apiHeaders(false),
      expect: 200,
      api: true,
    },
    {
      id: 'activate',
      label: 'POST /api/v2/portal_sessions/{id}/activate',
      measures: `Activates a fresh not_yet_activated session per request (${activate.length} made beforehand through the portal login over HTTP); a fixed count, not a fixed time.`,
      method: 'POST',
      path: activate[0] ? activateItem(activate[0]).path : '/api/v2/portal_sessions/none/activate',
      headers: apiHeaders(true),
      expect: 200,
      api: true,
      warmup: activate.slice(0, 5).map(activateItem),
      sequence: activate.slice(5).map(activateItem),
    },
    {
      id: 'subscriptions',
      label: 'GET /api/v2/subscriptions?customer_id[is]=…',
      measures: 'Lists the subscriptions of one customer (one active subscription).',
      method: 'GET',
      path: `/api/v2/subscriptions?${encodeParams({ customer_id: { is: ids.customerId } })}`,
      headers: apiHeaders(false),
      expect: 200,
      api: true,
    },
    {
      id: 'members',
      label: 'GET /members signed in, entitled',
      measures:
        'The members library as a subscriber: proxy (session refresh) + auth() + requireSubscriber() + render. The entitlement is fresh for 60 s, so at most one request per minute looks it up live.',
      method: 'GET',
      path: '/members',
      headers: { Cookie: siteCookie },
      expect: 200,
      api: false,
    },
    ...ungated,
    {
      id: 'patron-article',
      label: `GET /members/${longRead} signed in as a Patron`,
      measures:
        'A long read as a Patron: the members gate and then the feature gate (requireFeature), both from the one stored entitlement record, then the article render.',
      method: 'GET',
      path: `/members/${longRead}`,
      headers: { Cookie: patronCookie },
      expect: 200,
      api: false,
    },
    {
      id: 'members-out',
      label: 'GET /members signed out (redirect)',
      measures: 'The gate turning a visitor away: 307 to /login?next=%2Fmembers.',
      method: 'GET',
      path: '/members',
      expect: 307,
      api: false,
    },
    {
      id: 'home',
      label: 'GET / signed out',
      measures: 'The home page as a visitor without a session: the cached copy (app/(cached)).',
      method: 'GET',
      path: '/',
      expect: 200,
      api: false,
    },
    {
      id: 'pricing',
      label: 'GET /pricing signed out',
      measures: 'The public pricing page as a visitor without a session: the cached copy (app/(cached)).',
      method: 'GET',
      path: '/pricing',
      expect: 200,
      api: false,
    },
    {
      id: 'article',
      label: `GET /members/${slug} signed in, entitled`,
      measures: 'A members article as a subscriber: proxy (session refresh), the gate, the article rendered.',
      method: 'GET',
      path: `/members/${slug}`,
      headers: { Cookie: siteCookie },
      expect: 200,
      api: false,
    },
    { ...baseline, id: 'baseline-end', label: 'baseline again, at the end (drift check)' },
  ];
  return targets.filter(
    (target) => only.length === 0 || only.includes(target.id) || target.id.startsWith('baseline'),
  );
}

async function benchDatabase(kind: Kind, databaseUrl?: string): Promise<RunResult> {
  const runStarted = Date.now();
  const loadBefore = os.loadavg().map((v) => round(v, 2));
  const counterPort = await freePort();
  const preload = pathToFileURL(path.join(benchDir, 'instrument.mjs')).href;
  log(`${kind}: starting the production server (${distDir()})`);
  const server: TestServer = await startTestServer({
    AUTH_SECRET: authSecret,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(),
    BENCH_COUNTER_PORT: String(counterPort),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  try {
    const client = http(server.url);
    await (await client.request('/api/health')).arrayBuffer();
    await sleep(200);
    const instrumented = await counts(counterPort);
    if (!instrumented.dbInstrumented) throw new Error('The database instrumentation did not attach.');

    log(`${kind}: preparing a subscriber, a site session and ${activateSessions} portal-login sessions`);
    const subscriber = await newSubscriber(client, `bench_${runId}_${kind}`);
    const siteJar = await siteSignIn(client, subscriber.email, '/members', nextAddress());
    const check = await client.request('/members', siteJar);
    if (check.status !== 200) throw new Error(`The signed-in subscriber got ${check.status} on /members`);
    await check.arrayBuffer();
    const patron = await newSubscriber(client, `bench_${runId}_${kind}_patron`, 'patron-USD-monthly');
    const patronJar = await siteSignIn(client, patron.email, `/members/${longRead}`, nextAddress());
    const longReadPage = await client.request(`/members/${longRead}`, patronJar);
    if (longReadPage.status !== 200)
      throw new Error(`The Patron got ${longReadPage.status} on the long read`);
    await longReadPage.arrayBuffer();
    const created = await client.api('POST', 'portal_sessions', { customer: { id: subscriber.id } });
    const portalSessionId = (created.body.portal_session as { id: string }).id;
    const prepStarted = Date.now();
    const links = await siteLoginLinks(client, '/members', new Jar());
    const wanted = only.length === 0 || only.includes('activate') ? activateSessions + 5 : 0;
    const activate = await prepareLoginSessions(client, wanted, links);
    log(`${kind}: ${activate.length} sessions in ${((Date.now() - prepStarted) / 1000).toFixed(1)} s`);

    const targets = targetsFor(
      kind,
      { customerId: subscriber.id, portalSessionId },
      siteJar.header(),
      patronJar.header(),
      activate,
    );
    const results: TargetResult[] = [];
    const baselineTarget = targets.find((target) => target.id === 'baseline');
    for (const target of targets) {
      let baselineBefore: number | null = null;
      if (baselineTarget && !target.id.startsWith('baseline') && pairSeconds > 0) {
        await settle(counterPort);
        baselineBefore = round(
          (await runLoad({ ...baselineTarget, id: 'baseline-pair' }, server.url, pairSeconds)).rps,
        );
        await drained(counterPort);
      }
      await warm(client, target);
      const settledSeconds = await settle(counterPort);
      await counts(counterPort, true);
      const load = await runLoad(target, server.url);
      await drained(counterPort);
      const tallies = (await counts(counterPort)).tallies;
      const unexpected = Object.entries(load.statusCodes)
        .filter(([code]) => Number(code) !== target.expect)
        .reduce((sum, [, n]) => sum + n, 0);
      // With the embedded provider every billing API call the app makes arrives back here as a request:
      // the two counts must agree, or the fetch instrumentation is missing calls.
      const outgoing = Object.values(tallies).reduce((sum, t) => sum + t.providerCalls, 0);
      const arriving = Object.entries(tallies)
        .filter(([key]) => key.startsWith('(other)') && key.includes(' /api/v2/'))
        .reduce((sum, [, t]) => sum + t.requests, 0);
      const problems = [
        unexpected > 0 ? `${unexpected} answers other than ${target.expect}` : '',
        outgoing !== arriving ? `billing API calls counted ${outgoing}, but ${arriving} arrived` : '',
        load.errors > 0 ? `${load.errors} connection errors` : '',
        load.timeouts > 0 ? `${load.timeouts} timeouts` : '',
      ].filter(Boolean);
      const otherRequests: Record<string, number> = {};
      for (const [key, tally] of Object.entries(tallies)) {
        if (key.startsWith('(other)') && tally.requests > 0)
          otherRequests[key.replace('(other) ', '')] = tally.requests;
      }
      results.push({
        id: target.id,
        label: target.label,
        measures: target.measures,
        request: `${target.method} ${target.path.length > 80 ? `${target.path.slice(0, 77)}…` : target.path}`,
        mode: target.sequence ? `${target.sequence.length} requests` : `${duration} s`,
        rps: round(load.rps),
        ratio: null,
        p50: load.latency.p50,
        p99: load.latency.p99,
        max: load.latency.max,
        requests: load.requests,
        statusCodes: load.statusCodes,
        expectedStatus: target.expect,
        valid: problems.length === 0,
        problem: problems.join('; ') || undefined,
        perRequest: perRequestOf(tallies[target.id]),
        otherRequests,
        settledSeconds,
        aborted: tallies[`${target.id} (aborted)`]?.requests ?? 0,
        baselineBefore,
        baselineAfter: null,
      });
      log(
        `${kind}: ${target.id.padEnd(13)} ${round(load.rps).toString().padStart(7)} req/s  p50 ${load.latency.p50} ms  p99 ${load.latency.p99} ms${problems.length ? `  ✗ ${problems.join('; ')}` : ''}`,
      );
    }
    const baselines = results.filter((r) => r.id.startsWith('baseline')).map((r) => r.rps);
    const baselineRps = baselines.reduce((a, b) => a + b, 0) / Math.max(1, baselines.length);
    results.forEach((result, i) => {
      if (result.baselineBefore === null) {
        result.ratio = baselineRps > 0 ? round(result.rps / baselineRps, 2) : null;
        return;
      }
      const next = results[i + 1];
      result.baselineAfter = next ? (next.baselineBefore ?? next.rps) : null;
      const around = [result.baselineBefore, result.baselineAfter].filter((v): v is number => v !== null);
      const mean = around.reduce((a, b) => a + b, 0) / around.length;
      result.ratio = mean > 0 ? round(result.rps / mean, 2) : null;
    });
    const pairs = results.flatMap((r) => (r.baselineBefore === null ? [] : [r.baselineBefore]));

    // The members page, one request at a time, with the entitlement just refreshed: what one request costs.
    await (
      await client.request('/members', siteJar, { headers: { 'x-bench-target': 'warmup' } })
    ).arrayBuffer();
    await counts(counterPort, true);
    const probeRuns = 20;
    for (let i = 0; i < probeRuns; i += 1) {
      const page = await client.request('/members', undefined, {
        headers: { Cookie: siteJar.header(), 'x-bench-target': 'members-probe' },
      });
      if (page.status !== 200) throw new Error(`members probe answered ${page.status}`);
      await page.arrayBuffer();
    }
    await drained(counterPort);
    const probe = perRequestOf((await counts(counterPort)).tallies['members-probe']) ?? {
      requests: 0,
      statements: 0,
      transactions: 0,
      providerCalls: 0,
    };

    // What the server does on its own (the background worker), for scale.
    await counts(counterPort, true);
    await sleep(2_000);
    const idle = (await counts(counterPort)).tallies['(background)'];

    log(`${kind}: sign-in over HTTP, ${signInRuns} runs`);
    const signInHttp = await signInOverHttp(client, signInRuns);
    let signInBrowser: RunResult['signInBrowser'] = null;
    let firstLoadHtml: JsSize[] = [];
    if (kind === 'pglite') {
      if (process.env.BENCH_BROWSER !== '0') log(`${kind}: sign-in in Chromium, ${signInRuns} runs`);
      signInBrowser = await signInInBrowser(client, signInRuns).catch((error: Error) => ({
        skipped: `failed: ${error.message.split('\n')[0]}`,
      }));
      firstLoadHtml = await firstLoadOfPages(client, siteJar, subscriber);
    }
    const memory = memoryOf(await counts(counterPort));
    return {
      database: kind,
      baselineIsStandIn: !builtBenchRoutes().noop,
      serverUrl: server.url,
      baselineNote: pairs.length
        ? `ratio = req/s ÷ mean req/s of the ${pairSeconds} s baseline runs just before and just after the target (${pairs.length} of them, ${Math.round(Math.min(...pairs))}–${Math.round(Math.max(...pairs))} req/s; the baselines' own rows: ÷ the mean of ${baselines.map((b) => round(b)).join(' and ')})`
        : `ratio = req/s ÷ mean req/s of the two baseline runs (${baselines.map((b) => round(b)).join(' and ')})`,
      targets: results,
      membersProbe: {
        ...probe,
        note: `${probeRuns} sequential signed-in GET /members right after one that refreshed the entitlement`,
      },
      idleBackground: {
        seconds: 2,
        statements: idle?.statements ?? 0,
        transactions: idle?.transactions ?? 0,
      },
      signInHttp,
      signInBrowser,
      firstLoadHtml,
      loadAverage: { before: loadBefore, after: os.loadavg().map((v) => round(v, 2)) },
      memory,
      seconds: round((Date.now() - runStarted) / 1000),
    };
  } catch (error) {
    console.error(server.output().slice(-3000));
    throw error;
  } finally {
    await server.close();
  }
}

type Goal = { goal: string; measured: string; verdict: 'pass' | 'fail' | 'not measured' };

/** Gated ÷ ungated members page: their ratios to their own neighbouring baselines, so drift cancels. */
function gateShare(gated: TargetResult, open: TargetResult): number {
  return gated.ratio !== null && open.ratio ? gated.ratio / open.ratio : gated.rps / open.rps;
}

function goalsOf(runs: RunResult[], firstLoad: JsSize[]): Goal[] {
  const goals: Goal[] = [];
  const verdict = (ok: boolean) => (ok ? 'pass' : 'fail');
  for (const run of runs) {
    const byId = new Map(run.targets.map((t) => [t.id, t]));
    const create = byId.get('create');
    const floor = run.database === 'pglite' ? 0.5 : 0.6;
    if (create?.ratio != null)
      goals.push({
        goal: `${run.database}: POST portal_sessions ≥ ${floor * 100}% of baseline`,
        measured: `${Math.round(create.ratio * 100)}%${run.baselineIsStandIn ? ' (of /api/health, not of a no-op route)' : ''}`,
        verdict: verdict(create.ratio >= floor),
      });
    const retrieve = byId.get('retrieve');
    if (retrieve?.ratio != null)
      goals.push({
        goal: `${run.database}: retrieve ≥ 70% of baseline`,
        measured: `${Math.round(retrieve.ratio * 100)}%${run.baselineIsStandIn ? ' (of /api/health)' : ''}`,
        verdict: verdict(retrieve.ratio >= 0.7),
      });
    for (const [id, floor] of [
      ['home', 0.5],
      ['pricing', 0.4],
      ['article', 0.15],
    ] as const) {
      const page = byId.get(id);
      if (page?.ratio != null)
        goals.push({
          goal: `${run.database}: ${page.label} ≥ ${floor}× baseline`,
          measured: `${page.ratio}×`,
          verdict: verdict(page.ratio >= floor && page.valid),
        });
    }
    if (run.memory && run.database === 'pglite')
      goals.push({
        goal: `${run.database}: server resident memory after the run < 512 MiB`,
        measured: `${run.memory.residentMiB} MiB`,
        verdict: verdict(run.memory.residentMiB < 512),
      });
    const gated = byId.get('members');
    const open = byId.get('members-ungated');
    goals.push(
      gated && open && open.rps > 0
        ? {
            goal: `${run.database}: gated members page ≥ 70% of the ungated one`,
            measured: `${Math.round(gateShare(gated, open) * 100)}%`,
            verdict: verdict(gateShare(gated, open) >= 0.7 && gated.valid && open.valid),
          }
        : {
            goal: `${run.database}: gated members page ≥ 70% of the ungated one`,
            measured: 'no ungated variant in this build',
            verdict: 'not measured',
          },
    );
    for (const target of run.targets.filter(
      (t) => t.id !== 'baseline-end' && ['create', 'retrieve', 'activate', 'subscriptions'].includes(t.id),
    )) {
      goals.push({
        goal: `${run.database}: p99 of ${target.label} < 50 ms at ${connections} connections`,
        measured: `${target.p99} ms`,
        verdict: verdict(target.p99 < 50 && target.valid),
      });
    }
    goals.push({
      goal: `${run.database}: members page with a fresh entitlement: 0 API calls, ≤ 1 DB query`,
      measured: `per request: API calls ${run.membersProbe.providerCalls}, DB statements ${run.membersProbe.statements}, transactions ${run.membersProbe.transactions}`,
      verdict: verdict(
        run.membersProbe.providerCalls === 0 &&
          run.membersProbe.statements + run.membersProbe.transactions <= 1,
      ),
    });
    const patron = run.targets.find((target) => target.id === 'patron-article');
    if (patron?.perRequest)
      goals.push({
        goal: `${run.database}: Patron long read (members and feature gate): ≤ 1 DB statement and no API call per request, but for the once-a-minute refresh`,
        measured: `per request: API calls ${patron.perRequest.providerCalls}, DB statements ${patron.perRequest.statements}, transactions ${patron.perRequest.transactions}`,
        verdict: verdict(
          patron.valid &&
            patron.perRequest.providerCalls < 0.05 &&
            patron.perRequest.statements + patron.perRequest.transactions <= 1.05,
        ),
      });
    if (run.signInBrowser && 'median' in run.signInBrowser)
      goals.push({
        goal: `${run.database}: sign-in in a real browser, median < 1.5 s over ${run.signInBrowser.runs.length} runs`,
        measured: `${run.signInBrowser.median} ms`,
        verdict: verdict(run.signInBrowser.median < 1500),
      });
  }
  for (const size of firstLoad) {
    if (!/^\/(members|portal)/.test(size.route) || size.files === 0) continue;
    goals.push({
      goal: `first-load JS of ${size.route} ≤ 130 kB gzip`,
      measured: `${round(size.gzipBytes / 1024)} kB`,
      verdict: verdict(size.gzipBytes <= 130 * 1024),
    });
  }
  return goals;
}

const kb = (bytes: number) => round(bytes / 1024).toFixed(1);

function tableOf(run: RunResult): string {
  const lines = [
    '| target | req/s | × baseline | p50 ms | p99 ms | run | DB statements / req | transactions / req | billing API calls / req | answers |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const t of run.targets) {
    const per = t.perRequest;
    const codes = Object.entries(t.statusCodes)
      .map(([code, n]) => `${n}× ${code}`)
      .join(', ');
    lines.push(
      `| ${t.label} | ${t.rps} | ${t.ratio ?? '–'} | ${t.p50} | ${t.p99} | ${t.mode} | ${per?.statements ?? '–'} | ${per?.transactions ?? '–'} | ${per?.providerCalls ?? '–'} | ${t.valid ? codes : `✗ ${t.problem} (${codes})`} |`,
    );
  }
  const gated = run.targets.find((t) => t.id === 'members');
  const open = run.targets.find((t) => t.id === 'members-ungated');
  lines.push(
    gated && open && open.rps > 0
      ? `| gated members page ÷ ungated (their ratios) | – | ${round(gateShare(gated, open), 2)} | – | – | – | – | – | – | – |`
      : '| gated members page ÷ ungated | – | – | – | – | not measured | – | – | – | needs a benchmark-only ungated page |',
  );
  return lines.join('\n');
}

function markdownOf(report: Report): string {
  const out: string[] = [];
  out.push(
    `Measured ${report.generatedAt} with \`${report.command}\` in ${report.seconds} s (${report.buildSeconds ? `${report.buildSeconds} s of it building` : 'the build was fresh'}).`,
  );
  out.push('');
  const m = report.machine;
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, Next ${m.next}. The server and the load generator share these cores (and other people's work did too: load average ${report.runs.map((r) => `${r.database} ${r.loadAverage.before[0]} → ${r.loadAverage.after[0]}`).join(', ')}).`,
  );
  out.push(
    `Settings: ${report.config.connections} connections, ${report.config.duration} s per target with a ${report.config.pairSeconds} s baseline run before each, autocannon ${report.config.autocannon} in its own process, one \`next start\` process, build in \`${report.config.distDir}\`.`,
  );
  for (const run of report.runs) {
    out.push('');
    out.push(`### ${run.database === 'pglite' ? 'Embedded database (PGlite)' : 'PostgreSQL'}`);
    out.push('');
    out.push(tableOf(run));
    out.push('');
    out.push(`${run.baselineNote}. Statements exclude BEGIN/COMMIT, counted as transactions.`);
    if (run.memory)
      out.push(
        `Server memory after the run: ${run.memory.residentMiB} MiB resident (peak ${run.memory.peakMiB} MiB); V8 heap ${run.memory.heapUsedMiB} MiB used of ${run.memory.heapTotalMiB} MiB, outside it ${run.memory.externalMiB} MiB (PGlite's WebAssembly memory, buffers).`,
      );
    const probe = run.membersProbe;
    out.push(
      `Members page, one request at a time (${probe.note}), per request: DB statements ${probe.statements}, transactions ${probe.transactions}, billing API calls ${probe.providerCalls}. Background worker while idle: ${run.idleBackground.statements} statements in ${run.idleBackground.seconds} s (not charged to any request).`,
    );
    const others = run.targets
      .filter((t) => Object.keys(t.otherRequests).length > 0)
      .map(
        (t) =>
          `${t.id}: ${Object.entries(t.otherRequests)
            .map(([k, n]) => `${n}× ${k}`)
            .join(', ')}`,
      );
    if (others.length)
      out.push(`Requests the app made to its own billing API during a run: ${others.join('; ')}.`);
    if (run.signInHttp)
      out.push(
        `Sign-in over HTTP (no browser): median ${run.signInHttp.median} ms (min ${run.signInHttp.min}, max ${run.signInHttp.max}, ${run.signInHttp.runs.length} runs).`,
      );
    if (run.signInBrowser && 'median' in run.signInBrowser)
      out.push(
        `Sign-in in Chromium, end to end: median ${run.signInBrowser.median} ms (min ${run.signInBrowser.min}, max ${run.signInBrowser.max}, ${run.signInBrowser.runs.length} runs).`,
      );
    else if (run.signInBrowser) out.push(`Sign-in in Chromium: skipped (${run.signInBrowser.skipped}).`);
  }
  out.push('');
  out.push('### First-load JavaScript (gzip -9, from this build)');
  out.push('');
  out.push('| page | from the HTML served | files | from the manifests | files |');
  out.push('|---|---:|---:|---:|---:|');
  const manifest = new Map(report.firstLoadManifest.map((s) => [s.route, s]));
  const html = report.runs[0]?.firstLoadHtml ?? [];
  const seen = new Set<string>();
  for (const s of html) {
    const fromManifest = manifest.get(s.route);
    seen.add(s.route);
    out.push(
      `| ${s.route} | ${s.files ? `${kb(s.gzipBytes)} kB` : '–'} | ${s.files || '–'} | ${fromManifest ? `${kb(fromManifest.gzipBytes)} kB` : '–'} | ${fromManifest?.files ?? '–'} |`,
    );
  }
  for (const s of report.firstLoadManifest) {
    if (seen.has(s.route)) continue;
    out.push(`| ${s.route} | – | – | ${kb(s.gzipBytes)} kB | ${s.files} |`);
  }
  out.push('');
  out.push('### Goals');
  out.push('');
  out.push('| goal | measured | verdict |');
  out.push('|---|---|---|');
  for (const g of report.goals) out.push(`| ${g.goal} | ${g.measured} | ${g.verdict} |`);
  out.push('');
  out.push('Not measured in this run:');
  out.push('');
  for (const line of report.notMeasured) out.push(`- ${line}`);
  return out.join('\n');
}

type Report = {
  generatedAt: string;
  command: string;
  seconds: number;
  /** Time spent in `next build` (0 when the build was fresh). */
  buildSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; node: string; next: string };
  config: {
    duration: number;
    connections: number;
    activateSessions: number;
    pairSeconds: number;
    distDir: string;
    autocannon: string;
    only: string[];
  };
  runs: RunResult[];
  firstLoadManifest: JsSize[];
  goals: Goal[];
  notMeasured: string[];
};

function notMeasured(): string[] {
  const built = builtBenchRoutes();
  return [
    built.noop
      ? ''
      : `A no-op route handler as the baseline: none in this build (${benchRoutes.noop}); GET /api/health (one \`select 1\`) stands in, so every ratio is against a slightly slower baseline than the issue asks for.`,
    built.ungated
      ? ''
      : `The members page with the gate removed: needs the benchmark-only page ${benchRoutes.ungated}, never part of a production build.`,
    isPrerendered('/_not-found')
      ? 'A true static page: the app prerenders none but /_not-found, which stands in.'
      : 'A static page: this build prerenders no page at all (/_not-found is rendered per request), so the static target measures a dynamic 404.',
    'The members page with a stale entitlement (older than 60 s, one live lookup): not forced; a timed run sees at most one such request.',
    process.env.BENCH_DATABASE_URL ? '' : 'PostgreSQL: BENCH_DATABASE_URL was not set.',
  ].filter(Boolean);
}

function writeDocs(report: Report) {
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const block = `${start}\n${markdownOf(report)}\n${end}`;
  let doc = fs.existsSync(docsFile)
    ? fs.readFileSync(docsFile, 'utf8')
    : '# Performance\n\n## Latest results\n\n';
  if (doc.includes(start) && doc.includes(end)) {
    doc = doc.slice(0, doc.indexOf(start)) + block + doc.slice(doc.indexOf(end) + end.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${block}\n`;
  }
  fs.writeFileSync(docsFile, doc);
}

/** The command as run, with any database password left out. */
function commandLine(): string {
  const url = process.env.BENCH_DATABASE_URL;
  const shown = url ? `BENCH_DATABASE_URL=${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')} ` : '';
  return `${shown}npm run bench`;
}

async function main() {
  const stale = buildIsStale();
  const buildStarted = Date.now();
  buildIfStale();
  const buildSeconds = stale ? round((Date.now() - buildStarted) / 1000) : 0;
  const runs: RunResult[] = [];
  runs.push(await benchDatabase('pglite'));
  if (process.env.BENCH_DATABASE_URL)
    runs.push(await benchDatabase('postgres', process.env.BENCH_DATABASE_URL));
  const firstLoadManifest = firstLoadFromManifests(distDir());
  const readVersion = (name: string) =>
    (
      JSON.parse(fs.readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  const report: Report = {
    generatedAt: new Date().toISOString(),
    command: commandLine(),
    seconds: round((Date.now() - started) / 1000),
    buildSeconds,
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      next: readVersion('next'),
    },
    config: {
      duration,
      connections,
      activateSessions,
      pairSeconds,
      distDir: distDir(),
      autocannon: readVersion('autocannon'),
      only,
    },
    runs,
    firstLoadManifest,
    goals: goalsOf(runs, runs[0]?.firstLoadHtml ?? []),
    notMeasured: notMeasured(),
  };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(`${resultsFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(`${resultsFile}.tmp`, resultsFile);
  if (process.env.BENCH_NO_DOCS !== '1') writeDocs(report);
  console.log('');
  console.log(markdownOf(report));
  console.log(
    `\nWrote ${path.relative(process.cwd(), resultsFile)}${process.env.BENCH_NO_DOCS === '1' ? '' : ` and ${path.relative(process.cwd(), docsFile)}`} (${report.seconds} s).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
