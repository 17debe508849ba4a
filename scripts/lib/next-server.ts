import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type RunningServer = {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server printed, for diagnosing a failed start. */
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export type StartOptions = {
  port: number;
  host?: string;
  env: Record<string, string | undefined>;
  /** Print the server's output as it comes (the demo), instead of only keeping it. */
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
  /** The app to serve (its own node_modules and build); the project itself when left out. */
  cwd?: string;
};

/**
 * V8's old-generation limit for the server, as `npm start` and the container image set it too. Without
 * it V8 keeps growing its heap under load (230 MiB reserved for 120 MiB in use after a few seconds of
 * pages), and the process ends a benchmark above 512 MiB resident; see docs/PERFORMANCE.md, "Memory".
 */
export const serverHeapLimit = '--max-old-space-size=320';

/**
 * Starts `next start` on a production build in its own process group, so stopping it also stops the
 * `next-server` child that would otherwise keep the port. Resolves once /api/health answers.
 */
export async function startNextServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // A server bound to every interface is probed and reported on loopback.
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.port}`;
  const cwd = options.cwd ?? process.cwd();
  const nextBin = path.join(cwd, 'node_modules', '.bin', 'next');
  const child = spawn(nextBin, ['start', '-p', String(options.port), '-H', host], {
    cwd,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
      NODE_OPTIONS: `${serverHeapLimit} ${options.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? ''}`.trim(),
    },
    detached: true,
    stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      return;
    }
    const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      await exit;
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`next start exited before it was ready:\n${log}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3_000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 503) {
        return { url, port: options.port, process: child, output: () => log, stop };
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await stop('SIGKILL');
  throw new Error(`next start did not answer on ${url} within the time allowed:\n${log}`);
}
