import { db } from '@/lib/db/client';
import { clientAddress } from '@/lib/http/client-address';
import { openAccessUrl } from '@/lib/portal/access';
import { seeOther } from '@/lib/portal/requests';
import { setPortalCookie } from '@/lib/portal/session';

export const dynamic = 'force-dynamic';

// The token is in this URL: no referrer may carry it anywhere, whatever happens next.
const private_ = { 'Referrer-Policy': 'no-referrer' };

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const outcome = await openAccessUrl(await db(), token, clientAddress(request.headers));
  const response = seeOther(outcome.location, private_);
  if (outcome.ok) setPortalCookie(response, outcome.cookieToken);
  return response;
}

/** Link checkers and previews ask with HEAD: answer without spending the one-time link. */
export function HEAD() {
  return new Response(null, { status: 200, headers: { ...private_, 'Cache-Control': 'no-store' } });
}
