import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { Jar } from '@/scripts/lib/cookie-jar';
import { createCustomerWithEmail, uniqueId } from '../support/api';

/** A browser-like HTTP client on one server: keeps cookies, never follows redirects, has its own address. */
/**
 * A browser with its own cookie jar and client address. Addresses are drawn from 198.51.0.0/16, so two
 * browsers rarely share one; a test that counts hits per address passes one of its own instead.
 */
export function browser(baseUrl: string, address = `198.51.${randomInt(256)}.${randomInt(256)}`) {
  const jar = new Jar();
  async function send(
    path: string,
    init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
  ) {
    const url = path.startsWith('http') ? path : `${baseUrl}${path}`;
    const headers: Record<string, string> = { 'X-Forwarded-For': address, ...init.headers };
    if (jar.header()) headers.Cookie = jar.header();
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.absorb(response);
    return response;
  }
  return {
    jar,
    address,
    get: (path: string, headers: Record<string, string> = {}) => send(path, { headers }),
    post: (path: string, fields: Record<string, string>) =>
      send(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
        body: new URLSearchParams(fields).toString(),
      }),
  };
}
export type Browser = ReturnType<typeof browser>;

/** The newest 6-digit code mailed to an address (development mailbox, DEMO_MODE). */
export async function mailedCode(baseUrl: string, email: string, count = 1): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await fetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await answer.json()) as { messages: { subject: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.subject ?? '')?.[1];
    if (code && messages.length >= count) return code;
    await sleep(100);
  }
  throw new Error(`No sign-in code was mailed to ${email}`);
}

/** A customer the portal knows: its login admits no one else, as Chargebee's does. */
export async function newCustomer(baseUrl: string, prefix = 'sec') {
  const id = uniqueId(prefix);
  const email = `${id}@example.com`;
  await createCustomerWithEmail(email, { baseUrl, id, firstName: 'Sec' });
  return { id, email };
}

/** Signs a browser into the portal with an emailed code (no return_url), so it holds a portal cookie. */
export async function signIntoPortal(baseUrl: string, client: Browser, email: string) {
  expect((await client.post('/portal/login/send-code', { email })).status).toBe(303);
  const code = await mailedCode(baseUrl, email);
  const verified = await client.post('/portal/login/verify-code', { email, code });
  expect(verified.headers.get('location')).toBe('/portal');
}

/** Walks the whole site sign-in over HTTP: /login, the portal's code, the return; the browser ends signed in. */
export async function signIntoSite(baseUrl: string, client: Browser, email: string, next = '/members') {
  const start = await client.get(`/login?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(303);
  const portal = new URL(start.headers.get('location') ?? '');
  const links = {
    return_url: portal.searchParams.get('return_url') ?? '',
    cancel_url: portal.searchParams.get('cancel_url') ?? '',
  };
  expect((await client.post('/portal/login/send-code', { ...links, email })).status).toBe(303);
  const code = await mailedCode(baseUrl, email);
  const verified = await client.post('/portal/login/verify-code', { ...links, email, code });
  expect(verified.status).toBe(303);
  const back = await client.get(verified.headers.get('location') ?? '');
  expect(back.status).toBe(303);
  return back;
}

/** Every href, src, action and formaction a page renders, and every meta refresh target. */
export function renderedLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\b(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi))
    links.push(decodeEntities(match[1] ?? match[2] ?? ''));
  for (const match of html.matchAll(/http-equiv\s*=\s*"refresh"[^>]*content\s*=\s*"[^"]*url=([^"]*)"/gi))
    links.push(decodeEntities(match[1] ?? ''));
  return links;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/**
 * Where a browser on `pageUrl` would go for `target`, or undefined for targets that go nowhere
 * (fragments). Schemes other than http(s) count as off-site.
 */
export function resolvedOrigin(target: string, pageUrl: string): string {
  // Browsers strip tabs and newlines and trim spaces before resolving, and read `\` as `/`.
  const cleaned = target.replace(/[\t\n\r]/g, '').trim();
  const url = new URL(cleaned, pageUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}(scheme)`;
  return url.origin;
}
