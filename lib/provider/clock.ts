import { AsyncLocalStorage } from 'node:async_hooks';

const frozen = new AsyncLocalStorage<number>();

/** Unix seconds, the unit of every timestamp on the wire. */
export function nowSeconds(): number {
  return frozen.getStore() ?? Math.floor(Date.now() / 1000);
}

/**
 * The wall clock in Unix seconds, whatever time `work` runs at: for the short-lived things that keep
 * real time under the time machine (its own "never beyond the present" rule, for one).
 */
export function realSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Runs `work` as if it were `at` (Unix seconds): demo data with a history (renewals months ago) is made
 * by the same code paths as live changes, and once the time machine has been started every provider
 * entry point runs at the machine's time (lib/provider/machine-clock.ts).
 */
export function atTime<T>(at: number, work: () => Promise<T>): Promise<T> {
  return frozen.run(at, work);
}

/**
 * A resource version in milliseconds that strictly increases within this process, so two changes in
 * the same millisecond still order. Across instances, a later change reads the stored version first.
 */
let lastVersion = 0;
export function nextResourceVersion(previous = 0): number {
  const frozenAt = frozen.getStore();
  const base = frozenAt === undefined ? Date.now() : frozenAt * 1000;
  lastVersion = Math.max(base, lastVersion + 1, previous + 1);
  return lastVersion;
}
