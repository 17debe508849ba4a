import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { Jar } from '@/scripts/lib/cookie-jar';
import { mailedCode } from '../../mail/portal-client';
import { api, createCustomerWithEmail } from '../../support/api';

/** A browser talking to whichever instance a balancer picks: one cookie jar, one client address. */
export class Browser {
  readonly jar = new Jar();
  readonly address = `198.18.${randomInt(256)}.${randomInt(256)}`;

  async get(base: string, path: string, headers: Record<string, string> = {}) {
    return this.send(new URL(path, base), headers);
  }

  async post(base: string, path: string, fields: Record<string, string>) {
    return this.send(
      new URL(path, base),
      { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(base).origin },
      { method: 'POST', body: new URLSearchParams(fields).toString() },
    );
  }

  private async send(url: URL, extraHeaders: Record<string, string>, init: RequestInit = {}) {
    const headers: Record<string, string> = { 'X-Forwarded-For': this.address, ...extraHeaders };
    const cookie = this.jar.header();
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.absorb(response);
    return response;
  }
}

export const location = (response: Response) => response.headers.get('location') ?? '';

/** A wrong code that differs from the right one. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/**
 * The paywall sign-in, hop by hop, each hop on the instance given: /login, send-code, verify-code,
 * the return. Returns the portal session the site activated.
 */
export async function signIn(
  browser: Browser,
  email: string,
  hops: { login: string; sendCode: string; verifyCode: string; back: string },
) {
  const start = await browser.get(hops.login, '/login?next=%2Faccount');
  expect(start.status).toBe(303);
  const portal = new URL(location(start));
  const links = {
    return_url: portal.searchParams.get('return_url') ?? '',
    cancel_url: portal.searchParams.get('cancel_url') ?? '',
  };
  const portalBrowser = new Browser();
  const sent = await portalBrowser.post(hops.sendCode, '/portal/login/send-code', { ...links, email });
  expect(location(sent)).toContain('/portal/login/code');
  const code = await mailedCode(hops.sendCode, email);
  const verified = await portalBrowser.post(hops.verifyCode, '/portal/login/verify-code', {
    ...links,
    email,
    code,
  });
  const back = new URL(location(verified));
  const sessionId = back.searchParams.get('auth_session_id') ?? '';
  expect(sessionId).toMatch(/^portal_/);
  const returned = await browser.get(hops.back, `${back.pathname}${back.search}`);
  expect(location(returned)).toBe('/account');
  return sessionId;
}

export async function portalSessionStatus(base: string, id: string) {
  const answer = await api('GET', `portal_sessions/${id}`, {}, { baseUrl: base });
  return (answer.body.portal_session as { status: string }).status;
}

/** A customer with a card and an active subscription to the given plan. */
export async function newSubscriber(base: string, id: string, plan = 'reader-USD-monthly') {
  const email = `${id}@example.com`;
  await createCustomerWithEmail(email, { baseUrl: base, id });
  const card = await api(
    'POST',
    'payment_sources/create_card',
    {
      customer_id: id,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    },
    { baseUrl: base },
  );
  expect(card.status).toBe(200);
  const created = await api(
    'POST',
    `customers/${id}/subscription_for_items`,
    { subscription_items: { item_price_id: [plan] }, trial_end: 0 },
    { baseUrl: base },
  );
  expect(created.status).toBe(200);
  return { id, email, subscriptionId: (created.body.subscription as { id: string }).id };
}
