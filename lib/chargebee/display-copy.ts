type Clock = () => number;

/**
 * A short-lived copy of something the billing API says that pages show on every view (the plans on
 * sale, their features). Fresh for `freshMs`; after that the copy is still served while one refresh
 * runs in the background, up to `staleMs`, after which a view waits for the billing API again.
 * Concurrent misses share one call, and a failed call is never kept. The catalogue changes rarely, and
 * checkout and the gates read the billing API themselves, so a page that is a minute behind shows an
 * old price or feature list at worst, never charges or grants by it. Callers must not mutate the copy.
 *
 * `peek()` is for pages that must never wait on the billing API for it (a label on the home page): the
 * copy if there is one young enough, starting a refresh when it is due, and undefined otherwise.
 *
 * After a failed call, background refreshes (peek's, and the stale copy's) wait `retryAfterMs` before
 * the next try, so pages viewed while the billing API fails or limits the site do not each add a call;
 * a view that has no copy to show still asks (and shows its error) as before.
 */
export function createDisplayCopy<T>(
  load: () => Promise<T>,
  { freshMs = 60_000, staleMs = 10 * 60_000, retryAfterMs = 30_000, now = Date.now as Clock } = {},
): (() => Promise<T>) & { peek(): T | undefined } {
  let kept: { value: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  let failedAt: number | undefined;
  const refresh = () => {
    loading ??= load()
      .then(
        (value) => {
          kept = { value, at: now() };
          failedAt = undefined;
          return value;
        },
        (error: unknown) => {
          failedAt = now();
          throw error;
        },
      )
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  const refreshInBackground = () => {
    if (failedAt !== undefined && now() - failedAt < retryAfterMs) return;
    refresh().catch((error: Error) =>
      console.error(
        '[site] refreshing a copy of the catalogue failed; showing the one from before:',
        error.message,
      ),
    );
  };
  const current = (): Promise<T> => {
    const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
    if (kept && age < freshMs) return Promise.resolve(kept.value);
    if (kept && age < staleMs) {
      refreshInBackground();
      return Promise.resolve(kept.value);
    }
    return refresh();
  };
  const peek = (): T | undefined => {
    const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
    if (age >= freshMs) refreshInBackground();
    return kept && age < staleMs ? kept.value : undefined;
  };
  return Object.assign(current, { peek });
}
