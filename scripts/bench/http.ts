// Plain-HTTP helpers for the benchmark: a cookie jar, the billing API with Basic auth, and the portal
// login walked the way a browser walks it (tests/api/site-paywall.test.ts does the same in a test).
import { setTimeout as sleep } from 'node:timers/promises';
import qs from 'qs';
import { testApiKey } from '../../tests/support/constants';
import { Jar } from '../lib/cookie-jar';

export type Http = {
  base: string;
  request: (
    path: string,
    jar?: Jar,
    init?: RequestInit & { headers?: Record<string, string> },
  ) => Promise<Response>;
  postForm: (
    path: string,
    jar: Jar,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ) => Promise<Response>;
  api: (
    method: 'GET' | 'POST',
    path: string,
    params?: Record<string, unknown>,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
};

export function basicAuth(key = testApiKey): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export function encodeParams(params: Record<string, unknown>): string {
  return qs.stringify(params, { encodeValuesOnly: false, arrayFormat: 'indices' });
}

export function http(base: string): Http {
  const request: Http['request'] = async (path, jar, init = {}) => {
    const url = path.startsWith('http') ? path : `${base}${path}`;
    const headers: Record<string, string> = { ...init.headers };
    if (jar?.header()) headers.Cookie = jar.header();
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar?.absorb(response);
    return response;
  };
  return {
    base,
    request,
    postForm: (path, jar, fields, headers = {}) =>
      request(path, jar, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, ...headers },
        body: new URLSearchParams(fields).toString(),
      }),
    api: async (method, path, params = {}) => {
      const encoded = encodeParams(params);
      const headers: Record<string, string> = { Accept: 'application/json', Authorization: basicAuth() };
      let url = `${base}/api/v2/${path}`;
      let body: string | undefined;
      if (method === 'GET') {
        if (encoded) url += `?${encoded}`;
      } else {
        headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
        body = encoded;
      }
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
      } catch {
        throw new Error(`${method} ${path} answered ${response.status}, not JSON: ${text.slice(0, 200)}`);
      }
    },
  };
}

/** Waits for the newest sign-in code mailed to `email` (the development outbox, read over HTTP). */
export async function mailedCode(base: string, email: string, pollMs = 25, tries = 400): Promise<string> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const answer = await fetch(`${base}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await answer.json()) as { messages: { subject: string; text: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1];
    if (code) return code;
    await sleep(pollMs);
  }
  throw new Error(`No sign-in code was mailed to ${email}`);
}

export type LoginLinks = { return_url: string; cancel_url: string };

/** The portal-login links the site hands out (GET /login?next=…), with the state cookie in `jar`. */
export async function siteLoginLinks(client: Http, next: string, jar: Jar): Promise<LoginLinks> {
  const start = await client.request(`/login?next=${encodeURIComponent(next)}`, jar);
  if (start.status !== 303) throw new Error(`GET /login answered ${start.status}, expected 303`);
  const portal = new URL(start.headers.get('location') ?? '');
  return {
    return_url: portal.searchParams.get('return_url') ?? '',
    cancel_url: portal.searchParams.get('cancel_url') ?? '',
  };
}

/**
 * Signs in on the portal login with an emailed code. With links carrying a return_url, returns where
 * the portal sends the browser back (auth_session_id and auth_session_token, a not_yet_activated
 * portal session); without, the portal cookie lands in `portalJar`. `forwardedFor` gives the sign-in
 * a client address of its own, so many prepared sign-ins stay under the per-address rate limit.
 */
export async function portalLogin(
  client: Http,
  email: string,
  links: LoginLinks,
  portalJar: Jar,
  forwardedFor?: string,
): Promise<{ location: URL; sessionId: string; token: string }> {
  const headers: Record<string, string> = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {};
  const sent = await client.postForm('/portal/login/send-code', portalJar, { ...links, email }, headers);
  const sentTo = sent.headers.get('location') ?? '';
  if (sent.status !== 303 || !sentTo.includes('/portal/login/code') || sentTo.includes('error=')) {
    throw new Error(`send-code for ${email} answered ${sent.status} → ${sentTo}`);
  }
  const code = await mailedCode(client.base, email);
  const verified = await client.postForm(
    '/portal/login/verify-code',
    portalJar,
    { ...links, email, code },
    headers,
  );
  const target = verified.headers.get('location') ?? '';
  if (verified.status !== 303 || target.includes('error=')) {
    throw new Error(`verify-code for ${email} answered ${verified.status} → ${target}`);
  }
  const location = new URL(target, client.base);
  return {
    location,
    sessionId: location.searchParams.get('auth_session_id') ?? '',
    token: location.searchParams.get('auth_session_token') ?? '',
  };
}

/** Signs a visitor in on the site end to end over HTTP; returns the jar holding the session cookie. */
export async function siteSignIn(
  client: Http,
  email: string,
  next: string,
  forwardedFor?: string,
): Promise<Jar> {
  const jar = new Jar();
  const links = await siteLoginLinks(client, next, jar);
  const { location } = await portalLogin(client, email, links, new Jar(), forwardedFor);
  const back = await client.request(location.toString(), jar);
  if (back.status !== 303 || back.headers.get('location') !== next) {
    throw new Error(`The portal return answered ${back.status} → ${back.headers.get('location')}`);
  }
  if (!jar.get('authjs.session-token')) throw new Error('Signed in, but no session cookie was set.');
  return jar;
}

/**
 * A customer with this email and nothing more, made through the billing API; returns the email. The
 * portal login admits only emails it already knows, as Chargebee's does, so a benchmark reader is a
 * customer before it signs in.
 */
export async function createCustomerWithEmail(client: Http, email: string): Promise<string> {
  const answer = await client.api('POST', 'customers', { email, first_name: 'Bench' });
  if (answer.status !== 200)
    throw new Error(`POST customers: ${answer.status} ${JSON.stringify(answer.body)}`);
  return email;
}

/** A customer with a card and an active Reader Monthly subscription, made through the billing API. */
export async function newSubscriber(client: Http, id: string, itemPriceId = 'reader-USD-monthly') {
  const email = `${id}@example.com`;
  const steps: [string, Record<string, unknown>][] = [
    ['customers', { id, email, first_name: 'Bench', last_name: 'Reader' }],
    [
      'payment_sources/create_card',
      {
        customer_id: id,
        card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
      },
    ],
    [
      `customers/${id}/subscription_for_items`,
      { subscription_items: { item_price_id: [itemPriceId] }, trial_end: 0 },
    ],
  ];
  let subscriptionId = '';
  for (const [path, params] of steps) {
    const answer = await client.api('POST', path, params);
    if (answer.status !== 200)
      throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    const subscription = answer.body.subscription as { id?: string } | undefined;
    if (subscription?.id) subscriptionId = subscription.id;
  }
  return { id, email, subscriptionId };
}
