import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';
import { servesCachedCopy } from '@/cache/cached-pages.mjs';
import { cachedPolicyHeader, hashesMarker } from '@/cache/page-hashes.mjs';
import { addLoginState, loginStateCookieName } from '@/lib/auth/login-state';
import { customerOfToken, readSessionCookie, refreshSession } from '@/lib/auth/next-auth';
import { env } from '@/lib/env';
import { portalLoginUrl } from '@/lib/site/portal-login';

// The site pages a signed-in reader browses; only these slide the session forward.
const sessionPages = /^\/(?:members(?:\/.*)?|account|pricing)?$/;
/**
 * The pages whose own gate sends a signed-out visitor to /login. A browser that opens one without a
 * session goes from here straight to the portal's login, which spares the page's render and the hop
 * through /login. Only a shortcut: every page still gates itself.
 */
const signInFirstPages = /^\/(?:members(?:\/.*)?|account)$/;

/** Where app/(cached) lives: its two pages are served (rewrites in next.config.js), any other path 404s. */
const cachedPaths = /^\/cached(?:\/|$)/;

/** The embedded provider's pages: the hosted portal, hosted checkout and the demo outbox. */
const providerPages = /^\/(?:portal|pages\/v3)(?:\/|$)/;

/**
 * The route handlers outside /api: redirects onward (some from a URL that carries a token, some to
 * one) and downloads, never a page to read. tests/security/headers.test.ts checks every one is here.
 */
const routeHandlers =
  /^\/(?:login|portal_link|members\/[^/]+\/text|subscribe(?:\/return)?|auth\/(?:portal\/return|sign-out|switch-account)|portal\/(?:logout|login\/(?:send-code|verify-code)|access\/[^/]+|invoices\/[^/]+\/pdf)|pages\/v3\/[^/]+\/(?:pay|cancel))$/;

/**
 * Referrers, as a header as well as the pages' <meta>: `same-origin` for pages (addresses here can
 * carry ids and emails, so no other site is sent them) and `no-referrer` for the route handlers,
 * whose addresses can carry tokens. The proxy's header replaces a route's own, so it decides by path.
 */
function referrerPolicy(path: string): string {
  return routeHandlers.test(path) ? 'no-referrer' : 'same-origin';
}

/**
 * Inline scripts and styles run only when the policy names them. A page rendered per request names a
 * fresh nonce: Next reads it from the request's Content-Security-Policy and puts it on its own scripts,
 * and 'strict-dynamic' passes that trust on to the chunks they load. A cached page cannot carry a nonce
 * (it would be the same in every copy), so its policy names the hashes of its own inline scripts, which
 * the cache handler (cache/handler.mjs) puts where `hashesMarker` stands; its other scripts are
 * our own files ('self'). Styles come from our own stylesheet; inline style attributes (CSS variables for
 * a section's accent colour) are allowed, an inline <style> only by nonce or hash.
 */
function contentSecurityPolicy(nonce: string | null, https: boolean, formTargets: string[]): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` : `script-src 'self' ${hashesMarker}`,
    nonce ? `style-src 'self' 'nonce-${nonce}'` : `style-src 'self' ${hashesMarker}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Where a form on our pages may end up, redirects included (browsers check form-action on each hop):
 * the merchant origins the portal and checkout return to, and the billing service itself, since
 * Subscribe and sign-in end on its hosted checkout and portal login (Chargebee's, when configured).
 */
function formTargets(allowedOrigins: string[], billing: { apiBaseUrl: string; portalBaseUrl: string }) {
  const billingOrigins = [billing.apiBaseUrl, billing.portalBaseUrl].map((url) => new URL(url).origin);
  return [...new Set([...allowedOrigins, ...billingOrigins])];
}

/**
 * A browser loading a page as a document (address bar, link, reload). Next hides its router's own
 * headers from the proxy, but the browser's fetch metadata tells them apart: router fetches and
 * prefetches are `cors`, so they, and clients that send no fetch metadata, reach the page and its gate.
 */
function isDocumentNavigation(request: NextRequest): boolean {
  const { headers, method } = request;
  return (
    method === 'GET' &&
    headers.get('sec-fetch-mode') === 'navigate' &&
    headers.get('sec-fetch-dest') === 'document'
  );
}

/** What /login?next=<this page> would answer, in one hop: the portal's login, with a new state cookie. */
function sendToPortalLogin(request: NextRequest): NextResponse {
  const { state, cookie } = addLoginState(request.cookies.get(loginStateCookieName)?.value);
  const response = NextResponse.redirect(portalLoginUrl(state, request.nextUrl.pathname), 303);
  response.cookies.set(cookie);
  response.headers.set('Cache-Control', 'no-store');
  response.headers.set('Referrer-Policy', 'no-referrer');
  return response;
}

/**
 * Every page: a Content-Security-Policy (and HSTS when the app is served over https), nonce-based for
 * pages rendered per request, hash-based for the cached public pages, which visitors without a session
 * are sent to. The site's reading pages also slide the session forward, and a signed-out browser opening
 * a members page goes straight to sign in. Not the gate: members pages call requireSubscriber().
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const { appUrl, portal, billing, provider } = env();
  const https = appUrl.startsWith('https://');
  const path = request.nextUrl.pathname;
  const targets = formTargets(portal.allowedOrigins, billing);
  const cookies = request.cookies.getAll().map((cookie) => cookie.name);
  const cached = servesCachedCopy(path, cookies, [...request.nextUrl.searchParams.keys()]);
  const headers = new Headers(request.headers);
  headers.delete(cachedPolicyHeader);
  if (cached) {
    // The cache handler adds the policy, with the page's hashes, to the stored copy's headers; the
    // copy goes out with no cookie set, since a shared cache may keep it.
    headers.set(cachedPolicyHeader, contentSecurityPolicy(null, https, targets));
    const response = NextResponse.next({ request: { headers } });
    response.headers.set('Referrer-Policy', referrerPolicy(path));
    if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    return response;
  }
  const token = sessionPages.test(path) ? await readSessionCookie(request.headers) : null;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const policy = contentSecurityPolicy(nonce, https, targets);
  const signInFirst = signInFirstPages.test(path) && isDocumentNavigation(request) && !customerOfToken(token);
  headers.set('Content-Security-Policy', policy);
  // With the provider off its pages do not exist here, as its API does not: a portal login that
  // rendered would claim to mail codes that no one sends. The rewrite renders the app's 404 page, as it
  // does for any other path under app/(cached), which would otherwise cache a 404 for every name tried.
  const notServed = (!provider.enabled && providerPages.test(path)) || cachedPaths.test(path);
  const response = notServed
    ? NextResponse.rewrite(new URL('/_provider-off', request.url), { request: { headers } })
    : signInFirst
      ? sendToPortalLogin(request)
      : NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', referrerPolicy(path));
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  if (token && !signInFirst) {
    const refreshed = await refreshSession(request, event, token);
    for (const cookie of refreshed?.headers.getSetCookie() ?? [])
      response.headers.append('Set-Cookie', cookie);
  }
  return response;
}

export const config = { matcher: ['/((?!api/|_next/|favicon.ico).*)'] };
