import http from 'node:http';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Jar } from '@/scripts/lib/cookie-jar';
import { api, createCustomerWithEmail, uniqueId } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

const authSecret = 'site-paywall-test-secret-0123456789abcdef';
const slug = 'the-boring-database-wins';
// A sentence from the body, after the opening paragraph that teasers show to everyone.
const membersOnly = 'This single habit will teach you more about the durability of your system';
let server: TestServer;

async function request(
  path: string,
  jar?: Jar,
  init: RequestInit & { headers?: Record<string, string> } = {},
) {
  const url = path.startsWith('http') ? path : `${server.url}${path}`;
  const headers: Record<string, string> = { ...init.headers };
  if (jar?.header()) headers.Cookie = jar.header();
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar?.absorb(response);
  return response;
}

/**
 * A browser's document navigation (fetch metadata `navigate`/`document`), which fetch() cannot send:
 * it always says `cors`. Through node:http, answered as a Response.
 */
async function navigate(path: string, jar: Jar): Promise<Response> {
  const headers: Record<string, string> = { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
  if (jar.header()) headers.Cookie = jar.header();
  const answer = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.get(`${server.url}${path}`, { headers }, resolve).on('error', reject),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of answer) chunks.push(chunk as Buffer);
  const responseHeaders = new Headers();
  for (let i = 0; i < answer.rawHeaders.length; i += 2)
    responseHeaders.append(answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string);
  const body = answer.statusCode === 200 ? Buffer.concat(chunks).toString('utf8') : null;
  const response = new Response(body, { status: answer.statusCode, headers: responseHeaders });
  jar.absorb(response);
  return response;
}

/** Like a browser's router: follows Next's redirect to the `_rsc` cache-busting URL, same headers. */
async function probe(path: string, jar: Jar | undefined, headers: Record<string, string>) {
  let answer = await request(path, jar, { headers });
  for (
    let hop = 0;
    hop < 3 && answer.status === 307 && answer.headers.get('location')?.includes('_rsc');
    hop += 1
  ) {
    answer = await request(answer.headers.get('location') ?? '', jar, { headers });
  }
  return { status: answer.status, type: answer.headers.get('content-type') ?? '', body: await answer.text() };
}

async function postForm(path: string, jar: Jar, fields: Record<string, string>) {
  return request(path, jar, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams(fields).toString(),
  });
}

async function latestCode(email: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const answer = await fetch(`${server.url}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await answer.json()) as { messages: { subject: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.subject ?? '')?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No sign-in code was mailed to ${email}`);
}

/** Walks the portal login over HTTP as a browser would; returns where the portal sends the browser back. */
async function portalLogin(email: string, next: string, jar: Jar, start?: Response) {
  const started = start ?? (await request(`/login?next=${encodeURIComponent(next)}`, jar));
  expect(started.status).toBe(303);
  const portal = new URL(started.headers.get('location') ?? '', server.url);
  expect(portal.pathname).toBe('/portal/login');
  const links = {
    return_url: portal.searchParams.get('return_url') ?? '',
    cancel_url: portal.searchParams.get('cancel_url') ?? '',
  };
  const portalJar = new Jar();
  expect((await postForm('/portal/login/send-code', portalJar, { ...links, email })).status).toBe(303);
  const code = await latestCode(email);
  const verified = await postForm('/portal/login/verify-code', portalJar, { ...links, email, code });
  expect(verified.status).toBe(303);
  const back = new URL(verified.headers.get('location') ?? '');
  const sessionId = back.searchParams.get('auth_session_id') ?? '';
  expect(sessionId).toMatch(/^portal_/);
  return { returnUrl: back.toString(), sessionId };
}

/** A reader with an account and nothing more: the portal login admits only customers it knows. */
async function newReader(name: string) {
  const email = `${uniqueId(name)}@example.com`;
  await createCustomerWithEmail(email, { baseUrl: server.url });
  return email;
}

async function signIn(email: string, next = '/members') {
  const jar = new Jar();
  const { returnUrl, sessionId } = await portalLogin(email, next, jar);
  const back = await request(returnUrl, jar);
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe(next);
  return { jar, sessionId };
}

async function portalSessionStatus(id: string) {
  const answer = await api('GET', `portal_sessions/${id}`, {}, { baseUrl: server.url });
  return (answer.body.portal_session as { status: string }).status;
}

async function newSubscriber() {
  const id = uniqueId('pw_sub');
  const email = `${id}@example.com`;
  await api('POST', 'customers', { id, email, first_name: 'Sam' }, { baseUrl: server.url });
  await api(
    'POST',
    'payment_sources/create_card',
    {
      customer_id: id,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    },
    { baseUrl: server.url },
  );
  const created = await api(
    'POST',
    `customers/${id}/subscription_for_items`,
    { subscription_items: { item_price_id: ['reader-USD-monthly'] } },
    { baseUrl: server.url },
  );
  expect(created.status).toBe(200);
  return { id, email };
}

async function tokenOf(jar: Jar) {
  const cookie = jar.get('authjs.session-token');
  if (!cookie) throw new Error('no session cookie');
  return decode({ token: cookie, secret: authSecret, salt: 'authjs.session-token' });
}

const leakProbes: [string, string, Record<string, string>][] = [
  ['page', `/members/${slug}`, {}],
  ['RSC: 1', `/members/${slug}`, { RSC: '1' }],
  ['prefetch', `/members/${slug}`, { RSC: '1', 'Next-Router-Prefetch': '1' }],
  [
    'segment prefetch',
    `/members/${slug}`,
    { RSC: '1', 'Next-Router-Prefetch': '1', 'Next-Router-Segment-Prefetch': '/_tree' },
  ],
  ['.rsc suffix', `/members/${slug}.rsc`, {}],
  ['.rsc suffix with RSC', `/members/${slug}.rsc`, { RSC: '1' }],
  ['_rsc query', `/members/${slug}?_rsc=1a2b3`, { RSC: '1' }],
  [
    'middleware subrequest',
    `/members/${slug}`,
    { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
  ],
  [
    'proxy subrequest',
    `/members/${slug}`,
    { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy', RSC: '1' },
  ],
  ['trailing slash', `/members/${slug}/`, {}],
  ['encoded slug', `/members/%74he-boring-database-wins`, { RSC: '1' }],
  ['index', '/members', { RSC: '1' }],
];

beforeAll(async () => {
  server = await startTestServer({ AUTH_SECRET: authSecret });
});

afterAll(async () => {
  await server?.close();
});

describe('the paywall, over HTTP', () => {
  it('sends a visitor without a session to sign in, keeping where they were going', async () => {
    const answer = await request(`/members/${slug}`);
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/members/${slug}`)}`);
    expect((await request('/members')).headers.get('location')).toBe('/login?next=%2Fmembers');
  });

  it('sends a browser opening a members page without a session straight to the portal login', async () => {
    for (const next of [`/members/${slug}`, '/members', '/account']) {
      const jar = new Jar();
      const answer = await navigate(next, jar);
      expect(answer.status, next).toBe(303);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const portal = new URL(answer.headers.get('location') ?? '', server.url);
      expect(`${portal.origin}${portal.pathname}`).toBe(`${server.url}/portal/login`);
      const back = new URL(portal.searchParams.get('return_url') ?? '');
      expect(`${back.origin}${back.pathname}`).toBe(`${server.url}/auth/portal/return`);
      expect(back.searchParams.get('next')).toBe(next);
      expect(back.searchParams.get('state')).toBe(jar.get('gatehouse_login_state'));
    }
    // The sign-in it starts completes like one started at /login, and lands on the page asked for.
    const subscriber = await newSubscriber();
    const jar = new Jar();
    const start = await navigate(`/members/${slug}`, jar);
    const { returnUrl } = await portalLogin(subscriber.email, `/members/${slug}`, jar, start);
    const back = await request(returnUrl, jar);
    expect(back.headers.get('location')).toBe(`/members/${slug}`);
    const page = await navigate(`/members/${slug}`, jar);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(membersOnly);
    // Router fetches (fetch metadata `cors`) and other pages are left to the page itself.
    expect((await request('/members', new Jar(), { headers: { RSC: '1' } })).status).not.toBe(303);
    expect((await navigate('/pricing', new Jar())).status).toBe(200);
  });

  it('starts sign-in with a short-lived HttpOnly state cookie and a return URL carrying it', async () => {
    const jar = new Jar();
    const answer = await request('/login?next=%2Fmembers%2Fthe-boring-database-wins', jar);
    expect(answer.status).toBe(303);
    const cookie =
      answer.headers.getSetCookie().find((line) => line.startsWith('gatehouse_login_state=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=900/i);
    const portal = new URL(answer.headers.get('location') ?? '');
    expect(`${portal.origin}${portal.pathname}`).toBe(`${server.url}/portal/login`);
    expect(portal.searchParams.get('cancel_url')).toBe(`${server.url}/`);
    const back = new URL(portal.searchParams.get('return_url') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(`${server.url}/auth/portal/return`);
    expect(back.searchParams.get('state')).toBe(jar.get('gatehouse_login_state'));
    expect(back.searchParams.get('next')).toBe('/members/the-boring-database-wins');
    const hostile = await request('/login?next=%2F%2Fevil.example', new Jar());
    const hostileBack = new URL(
      new URL(hostile.headers.get('location') ?? '').searchParams.get('return_url') ?? '',
    );
    expect(hostileBack.searchParams.get('next')).toBe('/members');
  });

  it.each(leakProbes)('never shows members content to a visitor (%s)', async (_name, path, headers) => {
    expect((await probe(path, undefined, headers)).body).not.toContain(membersOnly);
  });

  it('shows the full article to a subscriber, never cacheable across users', async () => {
    const subscriber = await newSubscriber();
    const { jar } = await signIn(subscriber.email, `/members/${slug}`);
    const page = await request(`/members/${slug}`, jar);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(membersOnly);
    const cacheControl = page.headers.get('cache-control') ?? '';
    expect(cacheControl).toContain('private');
    expect(cacheControl).toContain('no-store');
    const flight = await probe(`/members/${slug}`, jar, { RSC: '1' });
    expect(flight.type).toContain('text/x-component');
    expect(flight.body).toContain(membersOnly);
  });

  it('sends a signed-in customer without a subscription to pricing, saying why', async () => {
    const email = await newReader('pw_free');
    const { jar } = await signIn(email, '/members');
    const answer = await request(`/members/${slug}`, jar);
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe('/pricing?reason=no_subscription');
    for (const [, path, headers] of leakProbes) {
      expect((await probe(path, jar, headers)).body).not.toContain(membersOnly);
    }
    const pricing = await request('/pricing?reason=no_subscription', jar);
    expect(await pricing.text()).toContain('Members articles need a subscription');
  });

  it('signs nobody in from a return link without this browser’s state, and logs that session out', async () => {
    const owner = new Jar();
    const { returnUrl, sessionId } = await portalLogin(await newReader('pw_state'), '/members', owner);
    const stranger = new Jar();
    const answer = await request(returnUrl, stranger);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/auth/problem?reason=state');
    expect(stranger.get('authjs.session-token')).toBeUndefined();
    expect(await portalSessionStatus(sessionId)).toBe('logged_out');
    const members = await request('/members', stranger);
    expect(members.headers.get('location')).toMatch(/^\/login/);
    const late = await request(returnUrl, owner);
    expect(late.headers.get('location')).toBe('/auth/problem?reason=rejected');
    expect(owner.get('authjs.session-token')).toBeUndefined();
  });

  it('refuses a state from another sign-in, and a forged state', async () => {
    const victim = new Jar();
    const { returnUrl } = await portalLogin(await newReader('pw_forge'), '/members', victim);
    const attacker = new Jar();
    await request('/login?next=%2Fmembers', attacker);
    const forged = new URL(returnUrl);
    forged.searchParams.set('state', attacker.get('gatehouse_login_state') ?? 'x');
    expect((await request(forged.toString(), victim)).headers.get('location')).toBe(
      '/auth/problem?reason=state',
    );
    expect(victim.get('authjs.session-token')).toBeUndefined();
  });

  it('returns to a clean URL, sanitising a hostile next', async () => {
    const jar = new Jar();
    const { returnUrl } = await portalLogin(await newReader('pw_next'), '/members', jar);
    const hostile = new URL(returnUrl);
    hostile.searchParams.set('next', '//evil.example/steal');
    const answer = await request(hostile.toString(), jar);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/members');
    expect(jar.get('authjs.session-token')).toBeTruthy();
  });

  it('does not sign in through the Auth.js callback directly', async () => {
    const jar = new Jar();
    const { returnUrl } = await portalLogin(await newReader('pw_cb'), '/members', jar);
    const params = new URL(returnUrl).searchParams;
    const answer = await request('/api/auth/callback/chargebee-portal', new Jar(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        auth_session_id: params.get('auth_session_id') ?? '',
        auth_session_token: params.get('auth_session_token') ?? '',
      }).toString(),
    });
    expect(answer.headers.getSetCookie().some((line) => line.startsWith('authjs.session-token='))).toBe(
      false,
    );
  });
});

describe('single sign-on and sign-out', () => {
  it('opens the portal with a new session and logs every portal session out on sign-out', async () => {
    const subscriber = await newSubscriber();
    const { jar, sessionId } = await signIn(subscriber.email, '/account');
    expect(await portalSessionStatus(sessionId)).toBe('activated');
    const token = await tokenOf(jar);
    expect(token?.sub).toBe(subscriber.id);
    expect(JSON.stringify(token)).not.toMatch(/active|entitle|status/);

    const link = await request('/portal_link?section=payment_sources', jar);
    expect(link.status).toBe(303);
    expect(link.headers.get('cache-control')).toContain('no-store');
    expect(link.headers.get('location')).toMatch(/\/portal\/access\//);
    const ids = (await tokenOf(jar))?.portalSessionIds as string[];
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(sessionId);
    const sso = await api('GET', `portal_sessions/${ids[1]}`, {}, { baseUrl: server.url });
    expect(sso.body.portal_session).toMatchObject({
      status: 'created',
      customer_id: subscriber.id,
      redirect_url: `${server.url}/account`,
    });

    const out = await request('/auth/sign-out', jar, { method: 'POST', headers: { Origin: server.url } });
    expect(out.status).toBe(303);
    expect(jar.get('authjs.session-token')).toBeUndefined();
    for (const id of ids) expect(await portalSessionStatus(id)).toBe('logged_out');
    expect((await request('/account', jar)).headers.get('location')).toMatch(/^\/login/);
  });

  it('logs out every portal session on sign-out even when several tabs opened the portal at once', async () => {
    const subscriber = await newSubscriber();
    const { jar } = await signIn(subscriber.email, '/account');
    const links = await Promise.all(Array.from({ length: 5 }, () => request('/portal_link', jar)));
    const accessUrls = links.map((link) => link.headers.get('location') ?? '');
    expect(accessUrls.every((url) => /\/portal\/access\//.test(url))).toBe(true);

    const out = await request('/auth/sign-out', jar, { method: 'POST', headers: { Origin: server.url } });
    expect(out.status).toBe(303);
    for (const url of accessUrls) {
      const opened = await request(new URL(url, server.url).pathname, new Jar());
      expect(opened.headers.get('location')).toMatch(/\/portal\/access-ended\?reason=logged_out/);
    }
  });

  it('sends a visitor to sign in before the portal, and refuses a cross-site sign-out', async () => {
    const answer = await request('/portal_link?section=payment_sources');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/portal_link?section=payment_sources')}`,
    );
    const { jar } = await signIn(await newReader('pw_csrf'), '/account');
    const forged = await request('/auth/sign-out', jar, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect((await request('/account', jar)).status).toBe(200);
  });
});

describe('session lifetime and checkout', () => {
  it('slides an eight-hour session forward at most once an hour, keeping what it holds', async () => {
    const { jar } = await signIn(await newReader('pw_life'), '/account');
    const fresh = await request('/account', jar);
    expect(fresh.status).toBe(200);
    // A fresh cookie is left alone, so a request in flight can never write back an older token.
    expect(fresh.headers.getSetCookie().some((line) => line.startsWith('authjs.session-token='))).toBe(false);

    const claims = await tokenOf(jar);
    if (!claims) throw new Error('the session cookie does not decode');
    const twoHoursOld = await encode({
      token: claims,
      secret: authSecret,
      salt: 'authjs.session-token',
      maxAge: 6 * 3600,
    });
    const aged = new Jar();
    aged.set('authjs.session-token', twoHoursOld);
    const visit = await request('/account', aged);
    expect(visit.status).toBe(200);
    const cookie = visit.headers.getSetCookie().find((line) => line.startsWith('authjs.session-token='));
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie ?? '')?.[1] ?? '');
    expect(Math.abs(expires - (Date.now() + 8 * 3600_000))).toBeLessThan(5 * 60_000);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const renewed = await tokenOf(aged);
    expect(renewed).toMatchObject({
      sub: claims.sub,
      sid: claims.sid,
      portalSessionIds: claims.portalSessionIds,
    });
  });

  it('reads the session from its cookie only, never from an Authorization header', async () => {
    const { jar } = await signIn(await newReader('pw_bearer'), '/account');
    const token = jar.get('authjs.session-token') ?? '';
    expect((await request('/account', jar)).status).toBe(200);
    const bearer = await request('/account', new Jar(), { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(307);
    expect(bearer.headers.get('location')).toContain('/login?next=%2Faccount');
  });

  it('checks a signed-in customer out under their own id, and refuses a cross-site form', async () => {
    const form = new URLSearchParams({ item_price_id: 'reader-USD-monthly' }).toString();
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url };
    const visitor = await request('/subscribe', undefined, {
      method: 'POST',
      headers: { ...headers, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      body: form,
    });
    expect(visitor.status).toBe(403);
    const reader = await newReader('pw_buy');
    const { jar } = await signIn(reader, '/pricing');
    const forged = await request('/subscribe', jar, {
      method: 'POST',
      headers: { ...headers, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      body: form,
    });
    expect(forged.status).toBe(403);
    const started = await request('/subscribe', jar, { method: 'POST', headers, body: form });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toMatch(/\/pages\/v3\/[A-Za-z0-9]+\/$/);
    const pageId = /\/pages\/v3\/([A-Za-z0-9]+)\//.exec(started.headers.get('location') ?? '')?.[1];
    const page = await api('GET', `hosted_pages/${pageId}`, {}, { baseUrl: server.url });
    expect((page.body.hosted_page as { pass_thru_content?: string }).pass_thru_content).toBeUndefined();
    expect(started.headers.getSetCookie().some((line) => line.startsWith('gatehouse_checkout='))).toBe(false);
  });

  it('does not trust a checkout return that has not succeeded, or is not a checkout at all', async () => {
    const customerId = uniqueId('pw_ret');
    const email = `${customerId}@example.com`;
    await api('POST', 'customers', { id: customerId, email }, { baseUrl: server.url });
    const { jar } = await signIn(email, '/pricing');
    const created = await api(
      'POST',
      'hosted_pages/checkout_new_for_items',
      {
        subscription_items: { item_price_id: ['reader-USD-monthly'] },
        customer: { id: customerId },
        redirect_url: `${server.url}/subscribe/return`,
      },
      { baseUrl: server.url },
    );
    const pageId = (created.body.hosted_page as { id: string }).id;
    const early = await request(`/subscribe/return?id=${pageId}&state=succeeded`, jar);
    expect(early.headers.get('location')).toBe('/pricing?reason=checkout_incomplete');
    const unknown = await request('/subscribe/return?id=no_such_page_123&state=succeeded', jar);
    expect(unknown.headers.get('location')).toBe('/pricing?reason=checkout_unverified');
    const hostile = await request(
      `/subscribe/return?id=${encodeURIComponent('../customers/x')}&state=succeeded`,
      jar,
    );
    expect(hostile.headers.get('location')).toBe('/pricing?reason=checkout_unverified');
    const visitor = await request(`/subscribe/return?id=${pageId}&state=succeeded`);
    expect(visitor.headers.get('location')).toBe('/pricing?reason=checkout_incomplete');
    expect((await request(`/members/${slug}`, jar)).headers.get('location')).toBe(
      '/pricing?reason=no_subscription',
    );
  });
});
