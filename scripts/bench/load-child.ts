import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LoadResult = {
  requests: number;
  rps: number;
  latency: { p50: number; p99: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
};

/**
 * One autocannon run in a process of its own (scripts/bench/load.mjs), so the load generator never
 * shares an event loop with the script that reads its result. `spec` is load.mjs's target: url,
 * method, headers, body, connections, duration.
 */
export function loadInChild(spec: Record<string, unknown> & { duration: number }): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `gatehouse-load-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join('scripts', 'bench', 'load.mjs'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), (spec.duration + 60) * 1000);
    child.on('error', reject);
    // 'close', not 'exit': all of stdout has been read by then.
    child.on('close', (code) => {
      clearTimeout(limit);
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load.mjs exited ${code}`));
      try {
        resolve(JSON.parse(out.trim()) as LoadResult);
      } catch {
        reject(new Error(`load.mjs printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}
