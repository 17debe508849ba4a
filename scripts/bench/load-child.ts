import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What scripts/bench/load.mjs prints for one run. */
export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
};

/**
 * One autocannon run in a process of its own (scripts/bench/load.mjs), so the load generator never
 * shares an event loop with the script that reads its result. `spec` is load.mjs's target: url,
 * method, headers, body, connections, duration, sequence. A run that hangs is stopped after its
 * duration and a minute more, never waited on forever.
 */
export function loadInChild(spec: Record<string, unknown> & { duration: number }): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `gatehouse-load-${process.pid}-${Date.now()}-${Math.random()}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join('scripts', 'bench', 'load.mjs'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), (spec.duration + 60) * 1000);
    child.on('error', reject);
    // 'close', not 'exit': all of stdout has been read by then.
    child.on('close', (code) => {
      clearTimeout(limit);
      fs.rmSync(file, { force: true });
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0 || !line) throw new Error();
        resolve(JSON.parse(line) as LoadResult);
      } catch {
        reject(new Error(`load.mjs for ${String(spec.url)} exited ${code}: ${err || out.slice(0, 200)}`));
      }
    });
  });
}
