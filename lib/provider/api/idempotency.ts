import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { idempotencyKeys } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { hmacSha256, sha256 } from '../crypto';
import { errors } from './errors';

/** A third party measured Chargebee's replay window at 30 minutes. */
export const idempotencyWindowMs = 30 * 60 * 1000;

export type StoredResponse = { status: number; body: string };

/**
 * Claims an idempotency key inside the request's transaction. Returns the stored answer when the same
 * request already succeeded, throws 422 when the key came with a different request, and otherwise
 * returns a function that stores this request's answer in the same transaction. A concurrent request
 * with the same key waits on the row and then sees the stored answer.
 */
export async function claimIdempotencyKey(
  tx: Database,
  key: string,
  request: { method: string; path: string; body: string },
): Promise<StoredResponse | ((response: StoredResponse) => Promise<void>)> {
  const now = Date.now();
  // Keyed, because a body may hold a card number whose unknown digits a plain hash would let one guess.
  const requestHash = hmacSha256(env().authSecret, `${request.method} ${request.path}\n${request.body}`);
  const scopedKey = sha256(key);
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.key, scopedKey), lt(idempotencyKeys.createdAt, now - idempotencyWindowMs)));
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ key: scopedKey, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) {
    const [stored] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, scopedKey));
    if (!stored || stored.requestHash !== requestHash) {
      throw errors.unableToProcess(
        'This idempotency key was already used with a different request. Use a new key for a new request.',
      );
    }
    if (stored.responseStatus === null || stored.responseBody === null) {
      throw errors.invalidState('A request with this idempotency key is still being processed.');
    }
    return { status: stored.responseStatus, body: stored.responseBody };
  }
  return async (response) => {
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: response.status, responseBody: response.body })
      .where(eq(idempotencyKeys.key, scopedKey));
  };
}
