import { cookies } from 'next/headers';
import { db } from '@/lib/db/client';
import { clientAddress } from '@/lib/http/client-address';
import { portalCookieName } from '@/lib/portal/browser-session';
import { allowedMerchantUrl } from '@/lib/portal/checkout';
import { isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { clearPortalCookie } from '@/lib/portal/session';
import { sha256 } from '@/lib/provider/crypto';
import { findSessionByCookieHash, logoutPortalSession } from '@/lib/provider/portal-sessions';

/**
 * Logs the portal session out and sends the browser to the session's redirect_url when it is on the
 * allow-list (PORTAL_ALLOWED_ORIGINS), else to the login.
 */
export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const token = (await cookies()).get(portalCookieName)?.value;
  const database = await db();
  const session = token ? await findSessionByCookieHash(database, sha256(token)) : undefined;
  if (session) await logoutPortalSession(database, session.id, clientAddress(request.headers));
  const response = seeOther(allowedMerchantUrl(session?.redirectUrl ?? undefined) ?? '/portal/login');
  clearPortalCookie(response);
  return response;
}
