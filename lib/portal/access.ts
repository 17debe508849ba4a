import type { Database } from '@/lib/db/client';
import { env } from '@/lib/env';
import { idPattern } from '@/lib/provider/ids';
import { useAccessToken as spendAccessToken } from '@/lib/provider/portal-sessions';
import { startBrowserSession } from './browser-session';
import { resolveForwardUrl } from './sections';

export type AccessEndReason = 'used' | 'expired' | 'logged_out' | 'unknown';
export type AccessOutcome =
  | { ok: true; location: string; cookieToken: string }
  | { ok: false; location: string; reason: AccessEndReason };

function endedPage(reason: AccessEndReason, sessionId?: string): string {
  const query = new URLSearchParams({ reason, ...(sessionId ? { session: sessionId } : {}) });
  return `/portal/access-ended?${query}`;
}

/**
 * Opens an SSO access URL once: logs the session in, gives the browser its token, and says where to
 * go next (the portal home, or the session's forward_url when it names a page of this portal).
 */
export async function openAccessUrl(db: Database, token: string, clientIp?: string): Promise<AccessOutcome> {
  if (!idPattern.test(token)) return { ok: false, reason: 'unknown', location: endedPage('unknown') };
  const result = await spendAccessToken(db, token, clientIp);
  if (!result.ok) {
    return { ok: false, reason: result.reason, location: endedPage(result.reason, result.session?.id) };
  }
  const cookieToken = await startBrowserSession(db, result.session.id);
  if (!cookieToken)
    return { ok: false, reason: 'logged_out', location: endedPage('logged_out', result.session.id) };
  const origin = new URL(env().appUrl).origin;
  return {
    ok: true,
    cookieToken,
    location: resolveForwardUrl(result.session.forwardUrl, origin) ?? '/portal',
  };
}
