import { describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';
import {
  type Browser,
  browser,
  mailedCode,
  newCustomer,
  renderedLinks,
  resolvedOrigin,
  signIntoSite,
} from './support';

const baseUrl = () => inject('baseUrl');

/** Open-redirect payloads aimed at a site whose only allowed origin is `origin`. */
function corpus(origin: string): string[] {
  const host = new URL(origin).host;
  const port = Number(new URL(origin).port);
  const evil = 'evil.example';
  return [
    // Other origins, plainly or by near misses of our own.
    `https://${evil}/`,
    `http://${host}.${evil}/`,
    `${origin}.${evil}/`,
    `http://localhost:${port}/`,
    `http://[::1]:${port}/`,
    `http://127.0.0.1:${port + 1}/`,
    `https://${host}/`,
    evil,
    `${host}/account`,
    // Protocol-relative and slash games.
    `//${evil}/`,
    `///${evil}/`,
    `////${evil}`,
    `/\\${evil}`,
    `\\\\${evil}`,
    `\\/${evil}`,
    `/\\/${evil}`,
    `https:\\\\${evil}`,
    `https:/\\${evil}`,
    `http:/\\/\\${evil}`,
    `http:${evil}`,
    `https:/${evil}`,
    `/.//${evil}`,
    `/..//${evil}`,
    `//${evil}/%2e%2e`,
    // User info: the allowed host before an @ or after it.
    `${origin}@${evil}/`,
    `http://${host}:80@${evil}/`,
    `http://${host}%40${evil}/`,
    `http://user:pass@${host}/`,
    `http://${evil}#@${host}/`,
    `http://${evil}?@${host}/`,
    `http://${evil}\\@${host}/`,
    `${origin}\\@${evil}`,
    `@${evil}`,
    // Script and data schemes.
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.domain)',
    `javascript://${host}/%0aalert(1)`,
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    // Encoded once, twice, and in mixed case.
    `%2F%2F${evil}`,
    `/%2F/${evil}`,
    `/%2f%2f${evil}`,
    `/%5C${evil}`,
    `%5C%5C${evil}`,
    `/%252F%252F${evil}`,
    `http%3A%2F%2F${evil}`,
    `https:%2F%2F${evil}`,
    `http://%65vil.example/`,
    `/%2e%2e//${evil}`,
    // CR/LF and whitespace.
    `${origin}/%0d%0aLocation:%20https://${evil}`,
    `${origin}/\r\nLocation: https://${evil}`,
    `/\r\nLocation: https://${evil}`,
    `\t//${evil}`,
    `/\t/${evil}`,
    `/ /${evil}`,
    ` //${evil}`,
    `\u0000//${evil}`,
    `https://${evil}\t`,
    // Unicode look-alikes of slashes, dots and letters.
    `\ufe68\ufe68${evil}`,
    `/\uff0f${evil}`,
    `/\u2215${evil}`,
    `http://\uff45vil.example/`,
    `http://${evil}\u3002${host}/`,
    `http://127\u30020\u30020\u30021:${port}/`,
    `${origin}\u200b/`,
    // Far too long.
    `${origin}/${'a'.repeat(3000)}`,
  ];
}

const allowed = () => [baseUrl()];

/** Records every place a response could send the browser: its Location and every link in its page. */
async function destinations(response: Response, pageUrl: string): Promise<string[]> {
  const found: string[] = [];
  const location = response.headers.get('location');
  if (location !== null) found.push(location);
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html')) found.push(...renderedLinks(await response.text()));
  else await response.body?.cancel();
  return found
    .filter((target) => !target.startsWith('#') && !target.startsWith('mailto:'))
    .map((target) => {
      try {
        return resolvedOrigin(target, pageUrl);
      } catch {
        return `unparsable:${target}`;
      }
    });
}

class OffSite {
  readonly seen: string[] = [];
  async check(sink: string, payload: string, response: Response, pageUrl: string) {
    for (const origin of await destinations(response, pageUrl)) {
      if (!allowed().includes(origin)) this.seen.push(`${sink} ${JSON.stringify(payload)} → ${origin}`);
    }
    return response;
  }
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(run));
}

const at = (path: string) => `${baseUrl()}${path}`;
const locationOf = (response: Response, base: string) =>
  new URL(response.headers.get('location') ?? '', base).toString();

describe('open redirects: zero destinations off the allowed origins', () => {
  it('has a corpus of at least 50 payloads', () => {
    expect(corpus(baseUrl()).length).toBeGreaterThanOrEqual(50);
  });

  it('portal login: return_url and cancel_url on the page, on send-code and on verify-code with a right code', async () => {
    const off = new OffSite();
    const client = browser(baseUrl());
    // A right code for a known email; one spent by a payload that is on an allowed origin is replaced.
    let email = '';
    let code = '';
    const freshCode = async () => {
      email = (await newCustomer(baseUrl(), 'redir_login')).email;
      expect((await client.post('/portal/login/send-code', { email })).status).toBe(303);
      code = await mailedCode(baseUrl(), email);
    };
    await freshCode();
    for (const payload of corpus(baseUrl())) {
      for (const field of ['return_url', 'cancel_url']) {
        const query = new URLSearchParams({ [field]: payload, email });
        for (const page of ['/portal/login', '/portal/login/code']) {
          const path = `${page}?${query}`;
          await off.check(`GET ${page} ${field}`, payload, await client.get(path), at(path));
        }
        const form = { [field]: payload, email, code };
        for (const step of ['send-code', 'verify-code']) {
          const answer = await client.post(`/portal/login/${step}`, form);
          expect(answer.status).toBe(303);
          await off.check(`POST ${step} ${field}`, payload, answer, at(`/portal/login/${step}`));
          // A payload on an allowed origin goes through: a new code voids ours, a sign-in spends it.
          const went = answer.headers.get('location') ?? '';
          const error = new URL(went, baseUrl()).searchParams.get('error');
          if (
            step === 'send-code'
              ? went.startsWith('/portal/login/code') && !error
              : /auth_session_id=|^\/portal$/.test(went)
          )
            await freshCode();
        }
      }
    }
    // The code was right all along: with an allowed return_url it signs in and goes there.
    const returnUrl = at('/auth/portal/return?state=x');
    const good = await client.post('/portal/login/verify-code', { return_url: returnUrl, email, code });
    expect(good.headers.get('location')?.startsWith(`${returnUrl}&auth_session_id=`)).toBe(true);
    expect(off.seen).toEqual([]);
  }, 120_000);

  it('site sign-in: next on /login (signed out and in) and on /auth/portal/return after a real sign-in', async () => {
    const off = new OffSite();
    const payloads = corpus(baseUrl());
    const signedIn = browser(baseUrl());
    const { email } = await newCustomer(baseUrl(), 'redir_site');
    await signIntoSite(baseUrl(), signedIn, email, '/account');
    for (const payload of payloads) {
      const path = `/login?next=${encodeURIComponent(payload)}`;
      await off.check('GET /login (signed in) next', payload, await signedIn.get(path), at(path));
      const out = await browser(baseUrl()).get(path);
      expect(out.status).toBe(303);
      const portalLogin = new URL(locationOf(out, at(path)));
      const returnUrl = portalLogin.searchParams.get('return_url') ?? '';
      const next = new URL(returnUrl).searchParams.get('next') ?? '';
      for (const target of [portalLogin.toString(), returnUrl, new URL(next, returnUrl).toString()])
        if (!allowed().includes(new URL(target).origin))
          off.seen.push(`GET /login (signed out) next ${JSON.stringify(payload)} → ${target}`);
    }
    let completed = 0;
    await inBatches(payloads, 4, async (payload) => {
      const client = browser(baseUrl());
      const { email: reader } = await newCustomer(baseUrl(), 'redir_next');
      const start = await client.get('/login?next=%2Faccount');
      const portalLogin = new URL(locationOf(start, at('/login')));
      const returnUrl = new URL(portalLogin.searchParams.get('return_url') ?? '');
      returnUrl.searchParams.set('next', payload);
      const links = { return_url: returnUrl.toString(), email: reader };
      expect((await client.post('/portal/login/send-code', links)).status).toBe(303);
      const code = await mailedCode(baseUrl(), reader);
      const verified = await client.post('/portal/login/verify-code', { ...links, code });
      const back = locationOf(verified, at('/portal/login/verify-code'));
      if (!back.startsWith(`${returnUrl}&auth_session_id=`)) {
        // The portal refused the return_url itself (the longest payload makes it too long).
        await off.check(
          'POST verify-code (return_url with next)',
          payload,
          verified,
          at('/portal/login/verify-code'),
        );
        return;
      }
      completed += 1;
      const finished = await client.get(back);
      expect(finished.status).toBe(303);
      expect(client.jar.get('authjs.session-token')).toBeTruthy();
      await off.check('GET /auth/portal/return next', payload, finished, back);
    });
    expect(completed).toBeGreaterThanOrEqual(payloads.length - 2);
    expect(off.seen).toEqual([]);
  }, 120_000);

  it('portal sessions from the API: hostile redirect_url or forward_url, then access, the portal, log out and the ended link', async () => {
    const off = new OffSite();
    const { id: customerId } = await newCustomer(baseUrl(), 'redir_sso');
    const cases = corpus(baseUrl()).flatMap((payload) => [
      { payload, field: 'redirect_url' },
      { payload, field: 'forward_url' },
    ]);
    let accepted = 0;
    await inBatches(cases, 4, async ({ payload, field }) => {
      const created = await api('POST', 'portal_sessions', {
        customer: { id: customerId },
        [field]: payload,
      });
      if (created.status !== 200) {
        expect(created.status, `${field} ${JSON.stringify(payload)}`).toBe(400);
        expect(created.body.param).toBe(field);
        return;
      }
      accepted += 1;
      const accessUrl = (created.body.portal_session as { access_url: string }).access_url;
      const client: Browser = browser(baseUrl());
      const opened = await off.check(`access ${field}`, payload, await client.get(accessUrl), accessUrl);
      const landing = locationOf(opened, accessUrl);
      if (allowed().includes(new URL(landing).origin))
        await off.check(`portal page ${field}`, payload, await client.get(landing), landing);
      const logout = await client.post('/portal/logout', {});
      expect(logout.status).toBe(303);
      await off.check(`logout ${field}`, payload, logout, at('/portal/logout'));
      const reused = await client.get(accessUrl);
      const ended = locationOf(reused, accessUrl);
      expect(ended).toContain('/portal/access-ended');
      await off.check(`access-ended ${field}`, payload, await client.get(ended), ended);
    });
    expect(accepted).toBeGreaterThan(5);
    expect(off.seen).toEqual([]);
  }, 120_000);

  it('hosted checkout: hostile redirect_url and cancel_url, then paid or cancelled', async () => {
    const off = new OffSite();
    let accepted = 0;
    await inBatches(corpus(baseUrl()), 4, async (payload) => {
      const pages: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const created = await api('POST', 'hosted_pages/checkout_new_for_items', {
          subscription_items: { item_price_id: ['reader-USD-monthly'] },
          customer: { email: `redir-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com` },
          redirect_url: payload,
          cancel_url: payload,
        });
        if (created.status !== 200) {
          expect(created.status, JSON.stringify(payload)).toBe(400);
          expect(['redirect_url', 'cancel_url']).toContain(created.body.param);
          return;
        }
        pages.push((created.body.hosted_page as { url: string }).url);
      }
      accepted += 1;
      const [toPay, toCancel] = pages as [string, string];
      const client = browser(baseUrl());
      await off.check('checkout page', payload, await client.get(toPay), toPay);
      const paid = await client.post(`${new URL(toPay).pathname}pay`, {
        email: `redir-paid-${Date.now()}@example.com`,
        number: '4111111111111111',
        expiry_month: '12',
        expiry_year: String(new Date().getFullYear() + 3),
        cvv: '123',
        name: 'Grace Hopper',
      });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location') ?? '', 'a new buyer with an email pays').not.toContain('attempt=');
      await off.check('checkout pay', payload, paid, `${toPay}pay`);
      await off.check('checkout paid page', payload, await client.get(toPay), toPay);
      const cancelled = await client.post(`${new URL(toCancel).pathname}cancel`, {});
      expect(cancelled.status).toBe(303);
      await off.check('checkout cancel', payload, cancelled, `${toCancel}cancel`);
      await off.check('checkout cancelled page', payload, await client.get(toCancel), toCancel);
    });
    expect(accepted).toBeGreaterThan(5);
    expect(off.seen).toEqual([]);
  }, 120_000);
});
