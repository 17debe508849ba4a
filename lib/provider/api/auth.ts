import { db } from '@/lib/db/client';
import { hitRateLimit, type RateLimitRule } from '@/lib/db/rate-limit';
import { clientAddress } from '@/lib/http/client-address';
import { safeEqual } from '../crypto';
import { ApiError, errors } from './errors';

/**
 * Wrong API keys one client address may send before every request from it is refused for the rest
 * of the window: at most 20 guesses per 10 minutes. The count lives in the database, so every
 * instance sharing it shares the limit.
 */
export const apiKeyFailureLimit = {
  name: 'api:wrong-key:address',
  limit: 20,
  windowSeconds: 600,
} satisfies RateLimitRule;

// Addresses this instance has seen go over the limit, until their window ends. Only a shortcut: the
// count itself is in the database. It lets a locked-out address be refused even with the right key
// (or a guess that happens to be right would still be told so) without a query on that path.
const lockedOut = new Map<string, number>();
const maxRemembered = 10_000;

function lockedOutFor(subject: string, nowMs: number): number | undefined {
  const until = lockedOut.get(subject);
  if (until === undefined) return undefined;
  if (until > nowMs) return Math.ceil((until - nowMs) / 1000);
  lockedOut.delete(subject);
  return undefined;
}

function rememberLockout(subject: string, retryAfterSeconds: number, nowMs: number) {
  if (lockedOut.size >= maxRemembered) {
    for (const [key, until] of lockedOut) if (until <= nowMs) lockedOut.delete(key);
    if (lockedOut.size >= maxRemembered) lockedOut.delete(lockedOut.keys().next().value as string);
  }
  lockedOut.set(subject, nowMs + retryAfterSeconds * 1000);
}

/** The key sent as the Basic-auth user name, or the 401 to answer. */
function presentedKey(header: string | null): string | ApiError {
  if (!header)
    return errors.authenticationFailed(
      'Authentication failed: send the API key as the Basic-auth user name.',
    );
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header.trim());
  if (!match?.[1])
    return errors.authenticationFailed('Authentication failed: the Authorization header is malformed.');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator === -1 ? decoded : decoded.slice(0, separator);
}

/**
 * HTTP Basic auth with the API key as the user name and an empty password, as Chargebee expects.
 * The comparison takes the same time whatever the key sent. A right key costs no database work; a
 * wrong one is counted per client address, and past the limit the address gets 429s until the
 * window ends.
 */
export async function authenticate(headers: Headers, apiKey: string): Promise<void> {
  const subject = clientAddress(headers) ?? 'unknown';
  const nowMs = Date.now();
  const waiting = lockedOutFor(subject, nowMs);
  if (waiting !== undefined) throw errors.rateLimited(waiting);
  const key = presentedKey(headers.get('authorization'));
  if (key instanceof ApiError) throw key;
  if (safeEqual(key, apiKey)) return;
  const count = await hitRateLimit(await db(), apiKeyFailureLimit, subject, nowMs);
  if (!count.allowed) {
    rememberLockout(subject, count.retryAfterSeconds, nowMs);
    throw errors.rateLimited(count.retryAfterSeconds);
  }
  throw errors.authenticationFailed('Authentication failed: the API key is not valid.');
}
