import type { RateLimitRule } from '@/lib/db/rate-limit';
import { sha256 } from '@/lib/provider/crypto';
import { normaliseEmail } from './codes';

/**
 * Per email the limits are tight (they bound guesses at one account: at most 10 tries an hour);
 * per client address they are looser, because many people can share one address.
 */
export const portalLimits = {
  sendPerEmail: { name: 'portal:send:email', limit: 5, windowSeconds: 3600 },
  sendPerAddress: { name: 'portal:send:address', limit: 50, windowSeconds: 600 },
  tryPerEmail: { name: 'portal:try:email', limit: 10, windowSeconds: 3600 },
  tryPerAddress: { name: 'portal:try:address', limit: 100, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;

/** Rate-limit subject for an email: hashed, so the counters table holds no addresses. */
export function emailSubject(email: string): string {
  return sha256(normaliseEmail(email));
}
