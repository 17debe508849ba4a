import { env } from '@/lib/env';

const noStore = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/**
 * A 303 to a same-site path or an absolute URL. The Location is relative for paths, so it works
 * whichever host name the visitor used; nothing in it is ever cached or sent on as a referrer.
 */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...noStore } });
}

/** For form posts from our own pages: refuses a request another site's page sent. */
export function isSameOriginPost(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const own = new Set([new URL(env().appUrl).origin, new URL(request.url).origin]);
  const host = request.headers.get('host');
  if (host) own.add(`${new URL(request.url).protocol}//${host}`);
  return own.has(origin);
}

export function refuseCrossSite(): Response {
  return new Response('This form can only be sent from this site. Go back, reload the page and try again.', {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...noStore },
  });
}
