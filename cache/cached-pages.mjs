// Plain JavaScript: next.config.js (its rewrites) and proxy.ts (the policy) must agree on which requests
// get the cached copy of a public page, so both read it from here.

/** Public page → its prerendered copy in app/(cached), the same for every visitor without a session. */
export const cachedPages = { '/': '/cached/home', '/pricing': '/cached/pricing' };

/** Auth.js's session cookie under its names (https or not, whole or split into chunks). */
export const sessionCookies = [
  'authjs.session-token',
  'authjs.session-token.0',
  '__Secure-authjs.session-token',
  '__Secure-authjs.session-token.0',
];

/** Query parameters these pages answer per request: a notice after signing out, a reason for pricing. */
export const liveQueries = ['signed_out', 'reason'];

/**
 * Rewrites (next.config.js) to the cached copies for requests with no session cookie and none of the
 * live queries. Whether the cookie holds a valid session does not matter: with one at all, the page is
 * rendered for the reader.
 */
export function cachedPageRewrites() {
  const missing = [
    ...sessionCookies.map((key) => ({ type: 'cookie', key })),
    ...liveQueries.map((key) => ({ type: 'query', key })),
  ];
  return Object.entries(cachedPages).map(([source, destination]) => ({ source, destination, missing }));
}

/** Whether a request for `path` is answered with a cached copy: the same test as the rewrites. */
export function servesCachedCopy(path, cookieNames, queryNames) {
  if (Object.values(cachedPages).includes(path)) return true;
  if (!(path in cachedPages)) return false;
  return (
    !sessionCookies.some((name) => cookieNames.includes(name)) &&
    !liveQueries.some((name) => queryNames.includes(name))
  );
}
