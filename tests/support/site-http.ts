import { expect } from 'vitest';
import { Jar } from '@/scripts/lib/cookie-jar';

export const sessionCookieName = 'authjs.session-token';
const expiryYear = String(new Date().getUTCFullYear() + 3);

/**
 * A browser of the site over plain HTTP: a cookie jar, no redirects followed, and form posts that
 * carry the Origin the site's same-origin check expects.
 */
export class SiteBrowser {
  constructor(
    readonly baseUrl: string,
    readonly jar = new Jar(),
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { headers });
  }

  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.send(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: new URL(this.baseUrl).origin,
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  get signedIn(): boolean {
    return this.jar.get(sessionCookieName) !== undefined;
  }

  private async send(path: string, init: RequestInit & { headers: Record<string, string> }) {
    const url = new URL(path, this.baseUrl);
    const headers = { ...init.headers };
    if (this.jar.header()) headers.Cookie = this.jar.header();
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.absorb(response);
    return response;
  }
}

export function locationOf(response: Response): string {
  return response.headers.get('location') ?? '';
}

/** The newest sign-in code the demo outbox holds for an email. */
export async function latestCode(baseUrl: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const answer = await fetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await answer.json()) as { messages: { subject: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.subject ?? '')?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No sign-in code was mailed to ${email}`);
}

/**
 * Signs `browser` in through /login and the portal login with `email`, as a reader would; returns the
 * site's answer to the portal's return (a 303 to `next` on success).
 */
export async function signInThroughPortal(browser: SiteBrowser, email: string, next = '/members') {
  const started = await browser.get(`/login?next=${encodeURIComponent(next)}`);
  expect(started.status).toBe(303);
  const portal = new URL(locationOf(started), browser.baseUrl);
  expect(portal.pathname).toBe('/portal/login');
  const links = {
    return_url: portal.searchParams.get('return_url') ?? '',
    cancel_url: portal.searchParams.get('cancel_url') ?? '',
  };
  // The portal may be on another origin than the site (a billing server of its own).
  const portalBrowser = new SiteBrowser(portal.origin);
  expect((await portalBrowser.post('/portal/login/send-code', { ...links, email })).status).toBe(303);
  const code = await latestCode(portal.origin, email);
  const verified = await portalBrowser.post('/portal/login/verify-code', { ...links, email, code });
  expect(verified.status).toBe(303);
  return browser.get(locationOf(verified));
}

/** The hosted checkout's card form, paid with a test card by a buyer who types their details. */
export function checkoutForm(
  buyer: { email: string; first_name?: string; last_name?: string },
  card = '4111 1111 1111 1111',
) {
  return {
    email: buyer.email,
    first_name: buyer.first_name ?? 'Nell',
    last_name: buyer.last_name ?? 'Reader',
    number: card,
    expiry_month: '12',
    expiry_year: expiryYear,
    cvv: '123',
    name: 'Nell Reader',
  };
}

/** The hosted page id at the end of a hosted checkout URL. */
export function hostedPageIdOf(url: string): string {
  const id = /\/pages\/v3\/([A-Za-z0-9_-]+)\/?$/.exec(new URL(url).pathname)?.[1];
  if (!id) throw new Error(`not a hosted page URL: ${url}`);
  return id;
}
