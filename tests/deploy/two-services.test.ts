import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/free-port';
import { api } from '../support/api';
import { latestCode, locationOf, SiteBrowser } from '../support/site-http';
import { createDeployDatabase, type Spawned, spawnServer, waitForAnswer } from './support';

const apiKey = 'test_two_services_provider_key';
const webhook = { username: 'site-hook', password: 'two-services-webhook-password' };
type Service = { url: string; server: Spawned; databaseUrl: string; drop: () => Promise<void> };

/** `next start` on the production build with only the variables README "Deploy" (shape 3) lists. */
async function startService(
  port: number,
  env: Record<string, string>,
  healthStatuses = [200],
): Promise<Service> {
  const database = await createDeployDatabase();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnServer('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { NODE_ENV: 'production', PORT: String(port), APP_URL: url, DATABASE_URL: database.url, ...env },
  });
  await waitForAnswer(`${url}/api/health`, server, healthStatuses, 45_000);
  return { url, server, databaseUrl: database.url, drop: database.drop };
}

async function count(databaseUrl: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

describe('the website and the embedded provider as two services', () => {
  let provider: Service;
  let site: Service;

  beforeAll(async () => {
    const [providerPort, sitePort] = [await freePort(), await freePort()];
    const siteOrigin = `http://127.0.0.1:${sitePort}`;
    // The provider: a demo (its outbox holds the sign-in codes this test reads) that returns people
    // to the site and posts events to the site's receiver with the site's credentials.
    provider = await startService(providerPort, {
      DEMO_MODE: 'true',
      AUTH_SECRET: 'two-services-provider-auth-secret-0123456789',
      PROVIDER_API_KEY: apiKey,
      PORTAL_ALLOWED_ORIGINS: siteOrigin,
      PROVIDER_WEBHOOK_URL: `${siteOrigin}/api/webhooks/chargebee`,
      PROVIDER_WEBHOOK_USERNAME: webhook.username,
      PROVIDER_WEBHOOK_PASSWORD: webhook.password,
    });
    // The site: a real production configuration, its provider off.
    site = await startService(sitePort, {
      AUTH_SECRET: 'two-services-site-auth-secret-0123456789abc',
      CHARGEBEE_BASE_URL: provider.url,
      CHARGEBEE_API_KEY: apiKey,
      CHARGEBEE_WEBHOOK_USERNAME: webhook.username,
      CHARGEBEE_WEBHOOK_PASSWORD: webhook.password,
    });
  });
  afterAll(async () => {
    await site?.server.stop();
    await provider?.server.stop();
    await site?.drop();
    await provider?.drop();
  });

  it("reports the site's billing API in its health, and serves no provider pages or API on the site", async () => {
    expect(await (await fetch(`${site.url}/api/health`)).json()).toEqual({
      status: 'ok',
      db: 'postgres',
      billing: 'ok',
    });
    expect(site.server.output()).toContain(`billing API ready at ${provider.url}/api/v2`);
    for (const path of ['/portal/login', '/portal', '/portal/login/code', '/pages/v3/x']) {
      const answer = await fetch(`${site.url}${path}`, { redirect: 'manual' });
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(await answer.text(), path).not.toContain('send-code');
    }
    expect((await api('GET', 'customers', {}, { baseUrl: site.url, key: apiKey })).status).toBe(404);
  });

  it('reports a refused key or a dead billing API in the site health and its boot log, naming the variable', async () => {
    const deadPort = await freePort();
    for (const [billing, expected] of [
      [
        { CHARGEBEE_BASE_URL: provider.url, CHARGEBEE_API_KEY: 'test_not_the_provider_key' },
        'CHARGEBEE_API_KEY',
      ],
      [
        { CHARGEBEE_BASE_URL: `http://127.0.0.1:${deadPort}`, CHARGEBEE_API_KEY: apiKey },
        'CHARGEBEE_BASE_URL',
      ],
    ] as const) {
      const wrong = await startService(
        await freePort(),
        {
          AUTH_SECRET: 'two-services-wrong-auth-secret-0123456789abc',
          CHARGEBEE_WEBHOOK_USERNAME: webhook.username,
          CHARGEBEE_WEBHOOK_PASSWORD: webhook.password,
          ...billing,
        },
        [503],
      );
      try {
        const started = Date.now();
        const health = await fetch(`${wrong.url}/api/health`);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(health.status).toBe(503);
        const body = await health.json();
        expect(body).toMatchObject({ status: 'unavailable', db: 'postgres', billing: 'unavailable' });
        expect(body.reason).toContain(expected);
        expect(JSON.stringify(body)).not.toContain('test_not_the_provider_key');
        expect(wrong.server.output()).toContain(expected);
      } finally {
        await wrong.server.stop();
        await wrong.drop();
      }
    }
  });

  it('walks a subscription webhook, sign-in and SSO between them', async () => {
    const email = `two-services-${Date.now()}@example.com`;
    const customer = await api(
      'POST',
      'customers',
      { email, first_name: 'Ada' },
      { baseUrl: provider.url, key: apiKey },
    );
    const customerId = (customer.body.customer as { id: string }).id;
    const subscribed = await api(
      'POST',
      `customers/${customerId}/subscription_for_items`,
      { subscription_items: { item_price_id: ['reader-USD-monthly'] } },
      { baseUrl: provider.url, key: apiKey },
    );
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);

    // The provider's worker posts the events to the site, which stores them in its own database.
    const receipts = `select count(*) from webhook_receipts`;
    const deadline = Date.now() + 30_000;
    while ((await count(site.databaseUrl, receipts)) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await count(site.databaseUrl, receipts)).toBeGreaterThan(0);

    // Sign-in: the site sends the reader to the provider's portal login, which returns them signed in.
    const reader = new SiteBrowser(site.url);
    const started = await reader.get('/login?next=/members');
    expect(started.status).toBe(303);
    const login = new URL(locationOf(started));
    expect(login.origin).toBe(provider.url);
    expect(login.pathname).toBe('/portal/login');
    const links = {
      return_url: login.searchParams.get('return_url') ?? '',
      cancel_url: login.searchParams.get('cancel_url') ?? '',
    };
    const portal = new SiteBrowser(provider.url);
    expect((await portal.post('/portal/login/send-code', { ...links, email })).status).toBe(303);
    const code = await latestCode(provider.url, email);
    const verified = await portal.post('/portal/login/verify-code', { ...links, email, code });
    const back = locationOf(verified);
    expect(back.startsWith(`${site.url}/auth/portal/return`)).toBe(true);
    const returned = await reader.get(back);
    expect(returned.status).toBe(303);
    expect(reader.signedIn).toBe(true);
    const members = await reader.get('/members');
    expect(members.status).toBe(200);

    // SSO: "Manage billing" opens the provider's portal signed in as the same customer.
    const link = await reader.get('/portal_link');
    expect(link.status).toBe(303);
    const access = new URL(locationOf(link));
    expect(access.origin).toBe(provider.url);
    const browser = new SiteBrowser(provider.url);
    let answer = await browser.get(access.pathname + access.search);
    for (let hop = 0; hop < 3 && answer.status >= 300 && answer.status < 400; hop++) {
      answer = await browser.get(locationOf(answer));
    }
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(email);
  });

  it('logs the origin the portal refused, naming PORTAL_ALLOWED_ORIGINS', async () => {
    const answer = await fetch(
      `${provider.url}/portal/login?return_url=${encodeURIComponent('https://shop.example.net/back')}`,
    );
    expect(answer.status).toBe(200);
    await expect
      .poll(() => provider.server.output())
      .toContain(
        'refused return_url on https://shop.example.net: that origin is not in PORTAL_ALLOWED_ORIGINS',
      );
  });

  it('warns once a minute about refused webhook credentials, naming the webhook variables', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await fetch(`${site.url}/api/webhooks/chargebee`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${webhook.username}:wrong-password-0000`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: '{}',
      });
      expect(refused.status).toBe(401);
    }
    await expect.poll(() => site.server.output()).toContain('[site] refused a webhook');
    const warnings = site.server.output().match(/\[site\] refused a webhook[^\n]*/g) ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('CHARGEBEE_WEBHOOK_USERNAME and CHARGEBEE_WEBHOOK_PASSWORD');
    expect(warnings[0]).not.toContain('wrong-password');
  });
});
