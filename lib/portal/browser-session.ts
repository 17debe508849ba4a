import type { Database } from '@/lib/db/client';
import { realSeconds } from '@/lib/provider/clock';
import { sha256 } from '@/lib/provider/crypto';
import { findCustomer } from '@/lib/provider/customers';
import { newToken } from '@/lib/provider/ids';
import { attachCookieHash, findSessionByCookieHash } from '@/lib/provider/portal-sessions';

export const portalCookieName = 'gatehouse_portal';
/** A browser stays signed in to the portal this long after signing in, then signs in again. */
export const browserSessionSeconds = 12 * 3600;

/** Gives a logged-in portal session a fresh browser token; only its SHA-256 is stored. */
export async function startBrowserSession(db: Database, sessionId: string): Promise<string | undefined> {
  const token = newToken();
  return (await attachCookieHash(db, sessionId, sha256(token))) ? token : undefined;
}

/** The session and customer behind a browser token, while the session is logged in and young enough. */
export async function findBrowserSession(db: Database, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const session = await findSessionByCookieHash(db, sha256(token));
  if (!session || (session.loginAt ?? 0) + browserSessionSeconds <= realSeconds()) return undefined;
  const customer = await findCustomer(db, session.customerId);
  return customer ? { session, customer } : undefined;
}
