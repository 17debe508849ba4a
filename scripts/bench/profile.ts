// Where the time of the API targets and the site's pages goes:
//   npx tsx scripts/bench/profile.ts create retrieve activate subscriptions noop
//   npx tsx scripts/bench/profile.ts members members-ungated article home
// Prepares the data (a subscriber, its site session, a portal session, not-yet-activated sessions) on a fresh embedded
// database, or in the empty PostgreSQL database PROFILE_DATABASE_URL names. Then, for each target, it
// restarts the production server on that data with `--cpu-prof`, loads it with autocannon for
// BENCH_DURATION seconds (8) and prints self time by area (framework, Node, database, our bundle…)
// and by function, for the load window only, also per request. Profiles stay in $PROFILE_DIR.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testApiKey } from '../../tests/support/constants';
import { startTestServer } from '../../tests/support/server';
import { distDir } from '../lib/build';
import { Jar } from '../lib/cookie-jar';
import { freePort } from '../lib/free-port';
import {
  basicAuth,
  createCustomerWithEmail,
  encodeParams,
  http,
  newSubscriber,
  portalLogin,
  siteLoginLinks,
  siteSignIn,
} from './http';
import { type LoadResult, loadInChild } from './load-child';

process.env.NEXT_DIST_DIR ||= '.next-perf';
const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const wanted = process.argv.slice(2);
const targets = wanted.length ? wanted : ['create', 'retrieve', 'activate', 'subscriptions'];
const profileRoot = process.env.PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-prof-'));
const authSecret = 'bench-auth-secret-0123456789abcdefghijkl';
const runId = Date.now().toString(36);

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function bucketOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.includes('pglite')) return 'pglite';
  if (url.includes('drizzle')) return 'drizzle';
  if (url.includes('/zod')) return 'zod';
  if (url.includes('/qs/') || url.includes('side-channel')) return 'qs';
  if (url.includes('react-dom') || url.includes('react-server')) return 'react';
  if (url.includes('node_modules/next/') || url.includes('next/dist')) return 'next';
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/chunks/')) return 'app bundle (ours + bundled libs)';
  return url.replace(/^.*node_modules\//, '').split('/')[0] ?? url;
}

/**
 * Self time per function and per area, counting only samples from `skipUs` after the profile began
 * (the server's start and the warm-up are left out) and, per request, divided by `requests`.
 */
function summarise(file: string, skipUs: number, requests: number, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock >= skipUs) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const bucket = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/(node_modules|\.next[^/]*)\//, '');
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const b = bucketOf(url, functionName);
    bucket.set(b, (bucket.get(b) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const busy = total - (bucket.get('(idle)') ?? 0);
  const perRequest = (us: number) => `${(us / Math.max(1, requests)).toFixed(0).padStart(5)} µs/req`;
  console.log(
    `  ${(total / 1e6).toFixed(1)} s sampled under load, ${(busy / 1e6).toFixed(1)} s busy (not idle): ${perRequest(busy)} over ${requests} requests`,
  );
  console.log('  by area:');
  for (const [b, us] of [...bucket].sort((a, z) => z[1] - a[1]).slice(0, 14))
    console.log(`    ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${perRequest(us)}  ${b}`);
  console.log('  top functions by self time:');
  for (const [k, us] of [...fn].sort((a, z) => z[1] - a[1]).slice(0, top))
    console.log(`    ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k.slice(0, 150)}`);
}

/** `next start` runs the server in its own process, so node's --cpu-prof (not allowed in NODE_OPTIONS) goes on the command line. */
async function startProfiledServer(dir: string, dataDir: string, extra: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      'node_modules/next/dist/bin/next',
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        DEMO_MODE: 'true',
        PORT: String(port),
        APP_URL: url,
        DATA_DIR: dataDir,
        DATABASE_URL: process.env.PROFILE_DATABASE_URL ?? '',
        PROVIDER_API_KEY: testApiKey,
        ...extra,
      },
    },
  );
  const exit = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 300; i += 1) {
    try {
      const answer = await fetch(`${url}/api/health`);
      await answer.body?.cancel();
      if (answer.status === 200) break;
    } catch {}
    await sleep(200);
  }
  return {
    url,
    stop: async () => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exit, sleep(15_000)]);
    },
  };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-prof-data-'));
  // PROFILE_DATABASE_URL: an empty PostgreSQL database to profile on instead of PGlite.
  const env = { AUTH_SECRET: authSecret, DATABASE_URL: process.env.PROFILE_DATABASE_URL ?? '' };
  const prep = await startTestServer(env, { dataDir });
  const client = http(prep.url);
  let ids: {
    customerId: string;
    portalSessionId: string;
    sessions: { id: string; token: string }[];
    cookie: string;
  };
  try {
    const subscriber = await newSubscriber(client, `prof_${runId}`);
    const siteTargets = ['members', 'members-ungated', 'article'];
    const cookie = targets.some((target) => siteTargets.includes(target))
      ? (await siteSignIn(client, subscriber.email, '/members')).header()
      : '';
    const created = await client.api('POST', 'portal_sessions', { customer: { id: subscriber.id } });
    const sessions: { id: string; token: string }[] = [];
    if (targets.includes('activate')) {
      const links = await siteLoginLinks(client, '/members', new Jar());
      const count = Number(process.env.PROFILE_ACTIVATE_SESSIONS ?? 400);
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next += 1;
          const n = next;
          const s = await portalLogin(
            client,
            await createCustomerWithEmail(client, `prof_act_${runId}_${n}@example.com`),
            links,
            new Jar(),
            `10.9.${n >> 8}.${n & 255}`,
          );
          sessions.push({ id: s.sessionId, token: s.token });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
    ids = {
      customerId: subscriber.id,
      portalSessionId: (created.body.portal_session as { id: string }).id,
      sessions,
      cookie,
    };
  } finally {
    await prep.stop();
  }

  const auth = { Authorization: basicAuth(), Accept: 'application/json' };
  const form = { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' };
  const specs: Record<string, Record<string, unknown>> = {
    noop: { path: '/api/bench/noop', method: 'GET' },
    health: { path: '/api/health', method: 'GET' },
    create: {
      path: '/api/v2/portal_sessions',
      method: 'POST',
      headers: form,
      body: encodeParams({ customer: { id: ids.customerId } }),
    },
    retrieve: { path: `/api/v2/portal_sessions/${ids.portalSessionId}`, method: 'GET', headers: auth },
    activate: {
      path: '/api/v2/portal_sessions/x/activate',
      method: 'POST',
      headers: form,
      sequence: ids.sessions.map((s) => ({
        path: `/api/v2/portal_sessions/${s.id}/activate`,
        body: encodeParams({ token: s.token }),
      })),
    },
    subscriptions: {
      path: `/api/v2/subscriptions?${encodeParams({ customer_id: { is: ids.customerId } })}`,
      method: 'GET',
      headers: auth,
    },
    members: { path: '/members', method: 'GET', headers: { Cookie: ids.cookie } },
    'members-ungated': { path: '/members/bench-ungated', method: 'GET', headers: { Cookie: ids.cookie } },
    article: { path: '/members/the-boring-database-wins', method: 'GET', headers: { Cookie: ids.cookie } },
    home: { path: '/', method: 'GET' },
  };

  for (const target of targets) {
    const spec = specs[target];
    if (!spec) throw new Error(`unknown target ${target}`);
    const dir = path.join(profileRoot, target);
    fs.mkdirSync(dir, { recursive: true });
    const spawnedAt = Date.now();
    const server = await startProfiledServer(dir, dataDir, env);
    let parsed: LoadResult | undefined;
    let skipUs = 0;
    try {
      const url = `${server.url}${spec.path}`;
      if (!spec.sequence) await loadInChild({ connections, ...spec, url, duration: 1 }); // warm-up, left out of the summary
      skipUs = (Date.now() - spawnedAt) * 1000;
      parsed = await loadInChild({ connections, duration, ...spec, url });
    } finally {
      await server.stop();
    }
    if (!parsed) throw new Error(`no load result for ${target}`);
    console.log(
      `\n== ${target}: ${parsed.rps.toFixed(1)} req/s, p50 ${parsed.latency.p50} ms, p99 ${parsed.latency.p99} ms, ${JSON.stringify(parsed.statusCodes)}, load ${os.loadavg()[0]?.toFixed(2)}`,
    );
    // The biggest profile is the server's (the `next` CLI parent only waits).
    const files = fs
      .readdirSync(dir)
      .map((f) => path.join(dir, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    if (files[0]) summarise(files[0], skipUs, parsed.requests);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`\nProfiles in ${profileRoot} (build ${distDir()}).`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
