import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerJob, startWorker, stopWorker } from '@/lib/provider/worker';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-worker-'));
const childEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PROVIDER_API_KEY: 'test_worker_key_123456',
  VITEST: '',
};

function runScript(script: string): {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
} {
  // Plain node with tsx as a loader: the tsx command would relay signals and pick its own exit code.
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: childEnv,
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the background worker', () => {
  beforeAll(() => {
    process.env.DATA_DIR = dataDir;
    process.env.PROVIDER_API_KEY = 'test_worker_key_123456';
  });
  afterAll(async () => {
    await stopWorker();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs jobs repeatedly, never overlapping a slow one, and keeps going after a job throws', {
    timeout: 60_000,
  }, async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let running = 0;
    let mostAtOnce = 0;
    let slowRuns = 0;
    registerJob('slow', async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(120);
      running -= 1;
      slowRuns += 1;
    });
    let flakyCalls = 0;
    let flakySuccesses = 0;
    registerJob('flaky', async () => {
      flakyCalls += 1;
      if (flakyCalls <= 3) throw new Error('database went away');
      flakySuccesses += 1;
    });
    startWorker(20);
    // The worker's own webhook job opens the embedded database on its first tick, which holds the
    // event loop for seconds on a loaded machine; the counts below are what matters, not how fast.
    await vi.waitFor(() => expect(flakySuccesses).toBeGreaterThanOrEqual(3), { timeout: 20_000 });
    await vi.waitFor(() => expect(slowRuns).toBeGreaterThanOrEqual(3), { timeout: 20_000 });
    expect(mostAtOnce).toBe(1);
    const flakyLines = errors.mock.calls.filter(([line]) => String(line).includes('flaky'));
    expect(flakyLines).toEqual([['[worker] flaky failed: database went away']]);
    errors.mockRestore();

    await stopWorker();
    const after = flakyCalls;
    await sleep(150);
    expect(flakyCalls).toBe(after);
  });

  it('does not keep the process alive on its own', async () => {
    const run = runScript(
      "import { startWorker } from './lib/provider/worker.ts'; startWorker(50); console.log('started');",
    );
    const code = await Promise.race([run.exited, sleep(15_000).then(() => 'still running')]);
    if (code === 'still running') run.child.kill('SIGKILL');
    expect(run.output()).toContain('started');
    expect(code).toBe(0);
  });

  it('stops scheduling runs on SIGTERM and leaves the exit to the server', async () => {
    const run = runScript(
      [
        "import { registerJob, startWorker } from './lib/provider/worker.ts';",
        'let runs = 0;',
        "registerJob('count', async () => { runs += 1; });",
        "process.on('SIGTERM', () => { const at = runs;",
        "  setTimeout(() => { console.log('runs after SIGTERM: ' + (runs - at)); process.exit(0); }, 300); });",
        "startWorker(20); setInterval(() => {}, 1000); setTimeout(() => console.log('ready'), 200);",
      ].join('\n'),
    );
    await vi.waitFor(() => expect(run.output()).toContain('ready'), { timeout: 15_000 });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('runs after SIGTERM: 0');
  });

  it('exits on SIGTERM itself when no server handles the signal', async () => {
    const run = runScript(
      "import { startWorker } from './lib/provider/worker.ts'; startWorker(50); setInterval(() => {}, 1000); console.log('ready');",
    );
    await vi.waitFor(() => expect(run.output()).toContain('ready'), { timeout: 15_000 });
    run.child.kill('SIGTERM');
    const code = await Promise.race([run.exited, sleep(5_000).then(() => 'still running')]);
    if (code === 'still running') run.child.kill('SIGKILL');
    expect(code).toBe(143);
  });
});
