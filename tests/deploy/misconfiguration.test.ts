import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/free-port';
import { cleanEnv, spawnServer, startExpectingExit, waitForAnswer } from './support';

const exitWithinMs = 20_000;
const temp: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-misconfig-'));
  temp.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
});

/** A demo-mode start on the embedded database: everything valid except what a case breaks. */
function demoEnv(port: number, extra: Record<string, string | undefined>) {
  return {
    NODE_ENV: 'production',
    DEMO_MODE: 'true',
    APP_URL: `http://127.0.0.1:${port}`,
    PROVIDER_API_KEY: 'test_misconfiguration_key',
    ...extra,
  };
}

async function expectStopsNamingDataDir(
  dataDir: string,
  why: RegExp,
  options: { uid?: number; gid?: number } = {},
) {
  const port = await freePort();
  const result = await startExpectingExit(port, demoEnv(port, { DATA_DIR: dataDir }), {
    withinMs: exitWithinMs,
    ...options,
  });
  expect(result.code, result.output).toBe(1);
  expect(result.ms).toBeLessThan(exitWithinMs);
  expect(result.output).toContain('DATA_DIR cannot be used');
  expect(result.output).toMatch(why);
  expect(result.output).not.toMatch(/\n\s+at /);
}

describe('a misconfigured server stops at boot with one message naming the variable', () => {
  it('lists every configuration problem together, an invalid APP_URL included', async () => {
    const port = await freePort();
    const result = await startExpectingExit(
      port,
      { NODE_ENV: 'production', APP_URL: 'not a url', DATA_DIR: tempDir() },
      { withinMs: exitWithinMs },
    );
    expect(result.code, result.output).toBe(1);
    expect(result.ms).toBeLessThan(exitWithinMs);
    for (const variable of [
      'APP_URL is invalid',
      'AUTH_SECRET',
      'PROVIDER_API_KEY',
      'SMTP_URL',
      'CHARGEBEE_WEBHOOK_PASSWORD',
    ]) {
      expect(result.output).toContain(variable);
    }
    expect(result.output).toMatch(/cannot start: 5 configuration problems/);
  });

  it('stops when a file is in the way of DATA_DIR', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    await expectStopsNamingDataDir(path.join(file, 'data'), /a file is in the way/);
    await expectStopsNamingDataDir(file, /a file is in the way/);
  });

  it('stops when DATA_DIR is under /proc, even through /proc/self', async () => {
    await expectStopsNamingDataDir('/proc/gatehouse-data', /\/proc is a kernel pseudo-filesystem/);
    await expectStopsNamingDataDir('/proc/self/cwd/.data-proc', /\/proc is a kernel pseudo-filesystem/);
  });

  it('stops when this process may not write DATA_DIR', async () => {
    const parent = tempDir();
    const dataDir = path.join(parent, 'locked');
    fs.mkdirSync(dataDir);
    // Root writes anywhere, so as root the server runs as nobody; anyone else meets a read-only folder.
    const asRoot = process.getuid?.() === 0;
    fs.chmodSync(parent, 0o755);
    fs.chmodSync(dataDir, asRoot ? 0o755 : 0o555);
    await expectStopsNamingDataDir(dataDir, /may not write there/, asRoot ? { uid: 65534, gid: 65534 } : {});
  });

  describe('when PostgreSQL cannot be reached', () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    let refusedPort: number;
    let server: ReturnType<typeof spawnServer>;
    let url: string;
    beforeAll(async () => {
      refusedPort = await freePort();
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server = spawnServer('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
        env: demoEnv(port, {
          PORT: String(port),
          DATA_DIR: tempDir(),
          DATABASE_URL: `postgres://gatehouse:hunter2-secret@127.0.0.1:${refusedPort}/gatehouse?sslmode=disable`,
        }),
      });
      await waitForAnswer(`${url}/api/health`, server, [503]);
    });
    afterAll(async () => {
      await server?.stop();
      for (const socket of sockets) socket.destroy();
      silent.close();
    });

    it('logs host and port and DATABASE_URL without its password, and keeps serving to recover', async () => {
      const log = server.output();
      expect(log).toContain(`PostgreSQL at 127.0.0.1:${refusedPort} is not reachable: connection refused`);
      expect(log).toContain(`DATABASE_URL (postgres://gatehouse@127.0.0.1:${refusedPort}/gatehouse)`);
      expect(log).not.toContain('hunter2');
      expect(log).not.toContain('Failed query');
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(503);
      const body = await health.json();
      expect(body).toMatchObject({ status: 'unavailable', db: 'postgres' });
      expect(body.reason).toBe('PostgreSQL is not reachable: connection refused.');
    });

    // A visitor's /pricing may come from the cached copy an earlier server of this build kept (Next's
    // cache lives in the build folder), which is the point of the cache; a page rendered now (a live
    // query always is) says the plans could not be loaded. Both answer fast.
    it('answers /pricing fast: from the cached copy, or rendered with the page\'s own "unavailable" message', async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        let started = Date.now();
        const cached = await fetch(`${url}/pricing`);
        await cached.text();
        expect(cached.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(4_000);

        started = Date.now();
        const rendered = await fetch(`${url}/pricing?reason=cancelled`);
        const html = await rendered.text();
        expect(Date.now() - started).toBeLessThan(4_000);
        expect(html).toContain('data-testid="plans-unavailable"');
      }
    });
  });

  it('`npm run db:migrate` on PostgreSQL writes nothing into DATA_DIR or the app folder', async () => {
    const { createDeployDatabase } = await import('./support');
    const database = await createDeployDatabase();
    const dataDir = path.join(tempDir(), 'must-not-exist');
    try {
      const run = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['scripts/db-migrate.ts'], {
        env: cleanEnv({ DATABASE_URL: database.url, DATA_DIR: dataDir }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /Migrations applied to PostgreSQL \(postgres:\/\/postgres@127\.0\.0\.1:5432\/deploy_/,
      );
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await database.drop();
    }
  });
});
