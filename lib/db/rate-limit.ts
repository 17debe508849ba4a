import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';

export type RateLimitRule = {
  /** Names the counter, e.g. `portal-login:send:email`. */
  name: string;
  limit: number;
  windowSeconds: number;
};

export type RateLimitResult = {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the current window ends and the counter starts again. */
  retryAfterSeconds: number;
};

/**
 * Counts one hit against a fixed-window limit for one subject (an email hash, a client address). The
 * counter lives in the database and is bumped by a single upsert, so every app instance sharing the
 * database shares the limit, and concurrent hits are never lost.
 */
export async function hitRateLimit(
  db: Database,
  rule: RateLimitRule,
  subject: string,
  nowMs = Date.now(),
): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject}`;
  const now = Math.floor(nowMs / 1000);
  const windowStart = now - (now % rule.windowSeconds);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  await db.delete(rateLimits).where(and(eq(rateLimits.key, key), lt(rateLimits.windowStart, windowStart)));
  const count = row?.count ?? Number.POSITIVE_INFINITY;
  return {
    allowed: count <= rule.limit,
    count,
    retryAfterSeconds: windowStart + rule.windowSeconds - now,
  };
}

/** Hits every limit (so each keeps counting); returns the refusal with the longest wait, if any. */
export async function hitRateLimits(
  db: Database,
  hits: { rule: RateLimitRule; subject: string | undefined }[],
  nowMs = Date.now(),
): Promise<RateLimitResult | undefined> {
  let refused: RateLimitResult | undefined;
  for (const { rule, subject } of hits) {
    if (subject === undefined) continue;
    const result = await hitRateLimit(db, rule, subject, nowMs);
    if (!result.allowed && (!refused || result.retryAfterSeconds > refused.retryAfterSeconds)) {
      refused = result;
    }
  }
  return refused;
}
