import { deliverConfiguredWebhooks } from './webhooks';

/** A job's run gets the worker's stop signal: one that loops (webhook delivery) ends early once it fires. */
export type Job = { name: string; run: (stopping: AbortSignal) => Promise<void> };

type WorkerState = {
  jobs: Job[];
  running: Map<string, Promise<void>>;
  timer?: NodeJS.Timeout;
  stopping: AbortController;
  lastReported: Map<string, { message: string; at: number }>;
};

export const workerIntervalMs = 1_000;
const repeatReportAfterMs = 60_000;

// On globalThis: Next.js bundles instrumentation and route handlers separately, and both may register.
const holder = globalThis as typeof globalThis & { __gatehouseWorker?: WorkerState };

function state(): WorkerState {
  holder.__gatehouseWorker ??= {
    jobs: [{ name: 'webhook-delivery', run: deliverConfiguredWebhooks }],
    running: new Map(),
    lastReported: new Map(),
    stopping: new AbortController(),
  };
  return holder.__gatehouseWorker;
}

/** Adds a job the worker runs about every second. A second job with the same name is ignored. */
export function registerJob(name: string, run: Job['run']): void {
  const { jobs } = state();
  if (!jobs.some((job) => job.name === name)) jobs.push({ name, run });
}

function report(worker: WorkerState, job: Job, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const last = worker.lastReported.get(job.name);
  const now = Date.now();
  // A job failing every second (say, the database is down) logs one line a minute, not sixty.
  if (last && last.message === message && now - last.at < repeatReportAfterMs) return;
  worker.lastReported.set(job.name, { message, at: now });
  console.error(`[worker] ${job.name} failed: ${message.split('\n')[0]}`);
}

/** Starts every job that is not still running from the previous tick, so no job overlaps itself. */
function tick(worker: WorkerState): void {
  for (const job of worker.jobs) {
    if (worker.running.has(job.name)) continue;
    const run = Promise.resolve(worker.stopping.signal)
      .then(job.run)
      .then(
        () => {
          worker.lastReported.delete(job.name);
        },
        (error: unknown) => report(worker, job, error),
      )
      .finally(() => worker.running.delete(job.name));
    worker.running.set(job.name, run);
  }
}

function onSigterm(): void {
  void stopWorker();
  // Next.js exits on SIGTERM itself; without its handler ours must not swallow the signal.
  if (process.listenerCount('SIGTERM') === 0) process.exit(143);
}

/** Starts the process's one background loop; it never keeps the process alive on its own. */
export function startWorker(intervalMs = workerIntervalMs): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const worker = state();
  if (worker.timer) return;
  if (worker.stopping.signal.aborted) worker.stopping = new AbortController();
  worker.timer = setInterval(() => tick(worker), intervalMs);
  worker.timer.unref();
  process.once('SIGTERM', onSigterm);
  tick(worker);
}

/** Stops scheduling runs, tells the running ones to stop, and waits for them to finish. */
export async function stopWorker(): Promise<void> {
  const worker = state();
  worker.stopping.abort();
  if (worker.timer) clearInterval(worker.timer);
  worker.timer = undefined;
  process.off('SIGTERM', onSigterm);
  await Promise.all(worker.running.values());
}
