import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresDatabase } from '../support/databases';

export const postgresBaseUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const nextBin = path.join(process.cwd(), 'node_modules', '.bin', 'next');

/** A database of its own on the test PostgreSQL, named deploy_…, dropped afterwards. */
export function createDeployDatabase() {
  return createPostgresDatabase(postgresBaseUrl, 'deploy');
}

/**
 * Only what a server needs from the test runner's environment: no DATABASE_URL, DATA_DIR or secrets
 * of the machine leak into a deployment under test.
 */
export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', NEXT_TELEMETRY_DISABLED: '1' };
  return Object.fromEntries(
    Object.entries({ ...base, ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ) as NodeJS.ProcessEnv;
}

export type Spawned = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  stop: () => Promise<void>;
};

/** Starts a command in its own process group, keeping everything it prints. */
export function spawnServer(
  command: string,
  args: string[],
  options: { env: Record<string, string | undefined>; cwd?: string; uid?: number; gid?: number },
): Spawned {
  const started = Date.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: cleanEnv(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  let log = '';
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
  const stop = async () => {
    if (done || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      await exited;
    }
  };
  return { child, output: () => log, exited, stop };
}

/**
 * `next start` on the production build, expected to stop by itself: resolves with its exit code, how
 * long it ran and what it printed, or with code null when it was still running after `withinMs`.
 */
export async function startExpectingExit(
  port: number,
  env: Record<string, string | undefined>,
  options: { withinMs?: number; uid?: number; gid?: number } = {},
) {
  const server = spawnServer(nextBin, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { PORT: String(port), ...env },
    uid: options.uid,
    gid: options.gid,
  });
  const withinMs = options.withinMs ?? 30_000;
  const result = await Promise.race([server.exited, sleep(withinMs).then(() => undefined)]);
  if (!result) {
    await server.stop();
    return { code: null, ms: withinMs, output: server.output() };
  }
  return { code: result.code, ms: result.ms, output: server.output() };
}

/** Waits until `url` answers with one of `statuses`, or throws with what the server printed. */
export async function waitForAnswer(url: string, server: Spawned, statuses = [200], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      const text = await response.text();
      last = `${response.status} ${text}`;
      if (statuses.includes(response.status)) return { status: response.status, text };
    } catch (error) {
      last = (error as Error).message;
    }
    if (server.child.exitCode !== null) break;
    await sleep(250);
  }
  await server.stop();
  throw new Error(`${url} did not answer ${statuses.join('/')} (last: ${last}):\n${server.output()}`);
}

/** Every file and folder name under `dir`, relative to it. */
export function listTree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? [relative, ...listTree(path.join(dir, entry.name), relative)] : [relative];
  });
}
