import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { distDir } from '@/scripts/lib/build';
import { api } from '../support/api';
import { testApiKey } from '../support/constants';
import { startTestServer, type TestServer } from '../support/server';
import { browser, mailedCode, newCustomer, signIntoPortal, signIntoSite } from './support';

const baseUrl = () => inject('baseUrl');

/** Every page route of the build, with `x` for each dynamic segment (the answer may be a 404 page). */
function pagePaths(): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir(), 'app-path-routes-manifest.json'), 'utf8'),
  ) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/page') && !entry.startsWith('/_'))
    .map(([, route]) => route.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, 'x'));
}

/** The app's route handlers outside /api, metadata files (icons, robots, manifest) left out. */
function routeHandlerPaths(): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir(), 'app-path-routes-manifest.json'), 'utf8'),
  ) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/route') && !entry.startsWith('/api/') && !entry.startsWith('/_'))
    .map(([, route]) => route.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, 'x'))
    .filter((route) => !/\.(?:ico|png|svg|txt|webmanifest|xml)$/.test(route));
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

/** Asserts a nonce-based policy and that every script in the page carries its nonce; returns the nonce. */
function expectNonceOnEveryScript(policy: string | null, html: string, where: string): string {
  expect(policy, where).toBeTruthy();
  const parsed = directives(policy ?? '');
  const scripts = parsed.get('script-src') ?? [];
  const nonce = scripts.find((value) => value.startsWith("'nonce-"))?.slice(7, -1) ?? '';
  expect(nonce, `${where}: script-src has a nonce`).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
  expect(scripts, where).not.toContain("'unsafe-inline'");
  expect(scripts, where).not.toContain("'unsafe-eval'");
  expect(parsed.get('style-src') ?? [], where).not.toContain("'unsafe-inline'");
  expect(parsed.get('object-src'), where).toEqual(["'none'"]);
  expect(parsed.get('base-uri'), where).toEqual(["'self'"]);
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
  for (const tag of tags)
    expect(tag, `${where}: every <script> carries the nonce`).toContain(`nonce="${nonce}"`);
  for (const tag of html.matchAll(/<style\b[^>]*>/gi))
    expect(tag[0], `${where}: every <style> carries the nonce`).toContain(`nonce="${nonce}"`);
  expect(html, `${where}: no inline event handlers`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  return nonce;
}

/**
 * Asserts the policy of a cached page: no nonce (it would be the same in every copy), and every inline
 * script's SHA-256 named in script-src, every other script a file of our own.
 */
function expectHashOfEveryInlineScript(policy: string | null, html: string, where: string) {
  const parsed = directives(policy ?? '');
  const scripts = parsed.get('script-src') ?? [];
  expect(
    scripts.some((value) => value.startsWith("'nonce-")),
    where,
  ).toBe(false);
  expect(scripts, where).not.toContain("'unsafe-inline'");
  expect(scripts, where).not.toContain("'unsafe-eval'");
  expect(scripts[0], where).toBe("'self'");
  expect(parsed.get('style-src') ?? [], where).not.toContain("'unsafe-inline'");
  expect(parsed.get('object-src'), where).toEqual(["'none'"]);
  expect(parsed.get('frame-ancestors'), where).toEqual(["'none'"]);
  let inline = 0;
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc=/.test(` ${attributes}`)) {
      expect(attributes, where).toMatch(/\ssrc="\/_next\/static\//);
      continue;
    }
    inline += 1;
    const hash = `'sha256-${createHash('sha256')
      .update(body ?? '')
      .digest('base64')}'`;
    expect(scripts, `${where}: inline script ${inline} is named by its hash`).toContain(hash);
  }
  expect(inline, where).toBeGreaterThan(0);
  expect(html, `${where}: no <style> without a hash`).not.toMatch(/<style\b/i);
  expect(html, `${where}: no inline event handlers`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
}

/** The pages a visitor without a session gets from the cache (cache/cached-pages.mjs). */
const cachedPages = new Set(['/', '/pricing', '/cached/home', '/cached/pricing']);

describe('Content-Security-Policy', () => {
  it('covers the cached public pages with the hashes of their own inline scripts', async () => {
    for (const page of cachedPages) {
      const response = await fetch(`${baseUrl()}${page}`);
      expect(response.status, page).toBe(200);
      expectHashOfEveryInlineScript(
        response.headers.get('content-security-policy'),
        await response.text(),
        page,
      );
    }
  });

  it('covers every other page of the build with a fresh nonce that every script carries', async () => {
    const paths = [...pagePaths(), '/no-such-page'].filter((page) => !cachedPages.has(page));
    expect(paths).toEqual(expect.arrayContaining(['/account', '/portal/login', '/pages/v3/x']));
    let pagesWithScripts = 0;
    for (const page of paths) {
      const response = await fetch(`${baseUrl()}${page}`, { redirect: 'manual' });
      const html = await response.text();
      expect(response.status, page).toBeLessThan(500);
      const policy = response.headers.get('content-security-policy');
      const nonce = expectNonceOnEveryScript(policy, html, page);
      expect(directives(policy ?? '').get('frame-ancestors'), page).toEqual(["'none'"]);
      if (html.includes('<script')) pagesWithScripts += 1;
      const again = await fetch(`${baseUrl()}${page}`, { redirect: 'manual' });
      await again.body?.cancel();
      expect(again.headers.get('content-security-policy'), page).not.toContain(nonce);
    }
    expect(pagesWithScripts).toBeGreaterThan(5);
  });

  it('holds on signed-in pages: the portal, the members library and a checkout', async () => {
    const { id, email } = await newCustomer(baseUrl(), 'csp');
    const portal = browser(baseUrl());
    await signIntoPortal(baseUrl(), portal, email);
    for (const page of ['/portal', '/portal/account', '/portal/payment-methods', '/portal/billing-history']) {
      const response = await portal.get(page);
      expect(response.status, page).toBe(200);
      expectNonceOnEveryScript(response.headers.get('content-security-policy'), await response.text(), page);
    }
    const site = browser(baseUrl());
    await signIntoSite(baseUrl(), site, email, '/account');
    const account = await site.get('/account');
    expect(account.status).toBe(200);
    expectNonceOnEveryScript(
      account.headers.get('content-security-policy'),
      await account.text(),
      '/account',
    );
    const checkout = await api('POST', 'hosted_pages/checkout_new_for_items', {
      customer: { id },
      subscription_items: { item_price_id: ['reader-USD-monthly'] },
    });
    expect(checkout.status).toBe(200);
    const url = (checkout.body.hosted_page as { url: string }).url;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expectNonceOnEveryScript(page.headers.get('content-security-policy'), await page.text(), url);
  });

  it('lets forms post to the allowed origins only, and is absent from the JSON API', async () => {
    const response = await fetch(`${baseUrl()}/portal/login`);
    const policy = directives(response.headers.get('content-security-policy') ?? '');
    expect(policy.get('form-action')).toEqual(["'self'", baseUrl()]);
    const answer = await api('GET', 'item_prices');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toBeNull();
  });
});

describe('framing, referrers and sniffing', () => {
  it('forbids framing and content sniffing on pages and API answers alike', async () => {
    for (const page of ['/', '/portal/login', '/pages/v3/x', '/api/health']) {
      const response = await fetch(`${baseUrl()}${page}`, { redirect: 'manual' });
      await response.body?.cancel();
      expect(response.headers.get('x-frame-options'), page).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), page).toBe('nosniff');
    }
  });

  it('sends no referrer to other sites, and none at all from URLs that carry a token', async () => {
    for (const page of [...pagePaths(), '/no-such-page']) {
      const response = await fetch(`${baseUrl()}${page}`, { redirect: 'manual' });
      expect(response.headers.get('referrer-policy'), page).toBe('same-origin');
      if (response.status >= 300 && response.status < 400) continue;
      const html = await response.text();
      const policies = [...html.matchAll(/<meta name="referrer" content="([^"]*)"/g)].map((m) => m[1]);
      expect(policies, page).toEqual(['same-origin']);
    }
    const tokenUrls = [
      '/portal/access/tok_unknown_0123456789',
      '/auth/portal/return?state=x&auth_session_id=portal_x&auth_session_token=secret',
    ];
    for (const page of tokenUrls) {
      const response = await fetch(`${baseUrl()}${page}`, { redirect: 'manual' });
      await response.body?.cancel();
      expect(response.status, page).toBe(303);
      expect(response.headers.get('referrer-policy'), page).toBe('no-referrer');
    }
    // proxy.ts's header replaces a route's own, so it must know every route handler by its path.
    for (const route of routeHandlerPaths()) {
      const response = await fetch(`${baseUrl()}${route}`, { redirect: 'manual' });
      await response.body?.cancel();
      expect(response.headers.get('referrer-policy'), route).toBe('no-referrer');
    }
  });
});

describe('over plain http (APP_URL http://…)', () => {
  it('sends no HSTS and marks no cookie Secure; every cookie is HttpOnly and SameSite=Lax', async () => {
    const home = await fetch(`${baseUrl()}/`);
    await home.body?.cancel();
    expect(home.headers.get('strict-transport-security')).toBeNull();
    expect(home.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const { email } = await newCustomer(baseUrl(), 'cookies');
    const client = browser(baseUrl());
    const cookies: string[] = [];
    const start = await client.get('/login?next=%2Faccount');
    expect(start.headers.get('strict-transport-security')).toBeNull();
    cookies.push(...start.headers.getSetCookie());
    cookies.push(...(await signIntoSite(baseUrl(), client, email, '/account')).headers.getSetCookie());
    const portal = browser(baseUrl());
    expect((await portal.post('/portal/login/send-code', { email })).status).toBe(303);
    const verified = await portal.post('/portal/login/verify-code', {
      email,
      code: await mailedCode(baseUrl(), email, 2),
    });
    cookies.push(...verified.headers.getSetCookie());
    const byName = new Map(cookies.map((line) => [line.slice(0, line.indexOf('=')), line]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['gatehouse_login_state', 'authjs.session-token', 'gatehouse_portal']),
    );
    expect(byName.get('authjs.session-token')).toMatch(/; Path=\/(;|$)/);
    expect(byName.get('gatehouse_portal')).toMatch(/; Path=\/portal(;|$)/);
    for (const line of cookies.filter((cookie) => !/^[^=]+=;/.test(cookie))) {
      expect(line, line).toMatch(/; HttpOnly/i);
      expect(line, line).toMatch(/; SameSite=lax/i);
      expect(line, line).not.toMatch(/; Secure/i);
    }
  });
});

describe('behind https (APP_URL https://…)', () => {
  // TLS ends at a proxy in front of the app; here the app is reached over plain HTTP on loopback.
  // `provider` serves the portal and the API; `site` is a second app using it as its Chargebee.
  const publicOrigin = 'https://gatehouse.test';
  let provider: TestServer;
  let site: TestServer;
  beforeAll(async () => {
    provider = await startTestServer({ APP_URL: publicOrigin });
    site = await startTestServer({
      APP_URL: publicOrigin,
      CHARGEBEE_BASE_URL: provider.url,
      CHARGEBEE_API_KEY: testApiKey,
    });
  });
  afterAll(async () => {
    await Promise.all([provider?.close(), site?.close()]);
  });

  it('sends HSTS and upgrade-insecure-requests on every page', async () => {
    for (const [server, page] of [
      [site, '/'],
      [site, '/pricing'],
      [provider, '/portal/login'],
      [provider, '/pages/v3/x'],
    ] as const) {
      const response = await fetch(`${server.url}${page}`, { redirect: 'manual' });
      await response.body?.cancel();
      expect(response.headers.get('strict-transport-security'), page).toBe(
        'max-age=63072000; includeSubDomains',
      );
      expect(response.headers.get('content-security-policy'), page).toContain('upgrade-insecure-requests');
    }
  });

  it('lets forms end on the billing service the site uses (its hosted checkout and portal login)', async () => {
    const response = await fetch(`${site.url}/pricing`);
    await response.body?.cancel();
    const policy = directives(response.headers.get('content-security-policy') ?? '');
    expect(policy.get('form-action')).toEqual(["'self'", publicOrigin, provider.url]);
  });

  it('marks every cookie Secure, HttpOnly and SameSite=Lax, the session cookie with the __Secure- prefix', async () => {
    const { email } = await newCustomer(provider.url, 'https');
    const visitor = browser(site.url);
    const start = await visitor.get('/login?next=%2Faccount');
    const cookies = [...start.headers.getSetCookie()];
    const portalLogin = new URL(start.headers.get('location') ?? '');
    expect(portalLogin.origin).toBe(provider.url);
    const links = {
      return_url: portalLogin.searchParams.get('return_url') ?? '',
      cancel_url: portalLogin.searchParams.get('cancel_url') ?? '',
      email,
    };
    const portal = browser(provider.url);
    const behindProxy = { 'X-Forwarded-Host': 'gatehouse.test' };
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${provider.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': portal.address,
          Origin: publicOrigin,
          ...behindProxy,
        },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post('/portal/login/send-code', links)).status).toBe(303);
    const verified = await post('/portal/login/verify-code', {
      ...links,
      code: await mailedCode(provider.url, email),
    });
    const back = new URL(verified.headers.get('location') ?? '');
    expect(back.origin).toBe(publicOrigin);
    const returned = await visitor.get(`${site.url}${back.pathname}${back.search}`);
    expect(returned.headers.get('location')).toBe('/account');
    cookies.push(...returned.headers.getSetCookie());
    expect((await post('/portal/login/send-code', { email })).status).toBe(303);
    const signedIn = await post('/portal/login/verify-code', {
      email,
      code: await mailedCode(provider.url, email, 2),
    });
    cookies.push(...signedIn.headers.getSetCookie());
    const names = cookies.map((line) => line.slice(0, line.indexOf('=')));
    expect(names).toEqual(
      expect.arrayContaining(['gatehouse_login_state', '__Secure-authjs.session-token', 'gatehouse_portal']),
    );
    // Cookies being deleted (empty, expired) carry no value to protect.
    for (const line of cookies.filter((cookie) => !/^[^=]+=;/.test(cookie))) {
      expect(line, line).toMatch(/; Secure/i);
      expect(line, line).toMatch(/; HttpOnly/i);
      expect(line, line).toMatch(/; SameSite=lax/i);
    }
  });
});
