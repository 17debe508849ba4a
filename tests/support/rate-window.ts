/**
 * Waits, when a fixed rate-limit window is about to end, until the next one has begun: a test that
 * makes `limit + 1` requests must make them all inside one window, or the counter restarts halfway
 * and the last request is (rightly) allowed. Waits at most `marginSeconds`.
 */
export async function awayFromWindowEdge(windowSeconds: number, marginSeconds = 30): Promise<void> {
  const now = Date.now() / 1000;
  const left = windowSeconds - (now % windowSeconds);
  if (left < marginSeconds) await new Promise((resolve) => setTimeout(resolve, (left + 1) * 1000));
}
