import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';
import { refreshSession } from '@/lib/auth/next-auth';
import { env } from '@/lib/env';

// The site pages a signed-in reader browses; only these slide the session forward.
const sessionPages = /^\/(?:members(?:\/.*)?|account|pricing)?$/;

/**
 * A fresh nonce per request: Next reads it from the request's Content-Security-Policy and puts it on
 * its own scripts, so no inline script runs without it. Styles come from our own stylesheet; inline
 * style attributes (CSS variables for a section's accent colour) are allowed, inline <style> is not.
 */
function contentSecurityPolicy(nonce: string, https: boolean, formTargets: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
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
 * Every page: a nonce-based Content-Security-Policy (and HSTS when the app is served over https).
 * The site's reading pages also slide the session forward. Not the gate: members pages call
 * requireSubscriber().
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const { appUrl, portal, billing } = env();
  const https = appUrl.startsWith('https://');
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const policy = contentSecurityPolicy(nonce, https, formTargets(portal.allowedOrigins, billing));
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  if (sessionPages.test(request.nextUrl.pathname)) {
    const refreshed = await refreshSession(request, event);
    for (const cookie of refreshed?.headers.getSetCookie() ?? [])
      response.headers.append('Set-Cookie', cookie);
  }
  return response;
}

export const config = { matcher: ['/((?!api/|_next/|favicon.ico).*)'] };
