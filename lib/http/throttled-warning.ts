const intervalMs = 60_000;

type Kept = { at: number; suppressed: number };
const holder = globalThis as typeof globalThis & { __gatehouseWarnings?: Map<string, Kept> };

/**
 * Logs a warning about a refused request at most once a minute per key, counting the ones left out, so
 * an operator sees a misconfiguration at once and a flood of bad requests cannot flood the log.
 * Only a log: nothing here decides whether a request is served.
 */
export function warnThrottled(key: string, message: string, now = Date.now()): void {
  holder.__gatehouseWarnings ??= new Map();
  const warnings = holder.__gatehouseWarnings;
  const kept = warnings.get(key);
  if (kept && now - kept.at < intervalMs) {
    kept.suppressed += 1;
    return;
  }
  const more = kept?.suppressed ? ` (${kept.suppressed} more like it in the last minute)` : '';
  warnings.set(key, { at: now, suppressed: 0 });
  if (warnings.size > 1_000) warnings.delete(warnings.keys().next().value as string);
  console.warn(`${message}${more}`);
}
