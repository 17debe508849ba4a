import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';
import { locationOf, SiteBrowser, signInThroughPortal } from '../support/site-http';

// Access by plan, decided by the billing system's entitlements: a long read needs the `long-reads`
// feature, which Patron grants and Reader does not.
const longRead = 'the-migration-that-took-a-year';
const longReadBody = 'It is a story about why the honest estimate was never six weeks';
const article = `/members/${longRead}`;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const call = (method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}) =>
  api(method, path, params, { baseUrl: server.url });

async function subscriberOn(itemPriceId: string) {
  const id = uniqueId('tier');
  const email = `${id}@example.com`;
  await call('POST', 'customers', { id, email, first_name: 'Tia' });
  await call('POST', 'payment_sources/create_card', {
    customer_id: id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
  });
  const created = await call('POST', `customers/${id}/subscription_for_items`, {
    subscription_items: { item_price_id: [itemPriceId] },
    trial_end: 0,
  });
  const browser = new SiteBrowser(server.url);
  await signInThroughPortal(browser, email, '/members');
  return { browser, subscriptionId: (created.body.subscription as { id: string }).id };
}

const bypasses: [string, string, Record<string, string>][] = [
  ['page', article, {}],
  ['RSC: 1', article, { RSC: '1' }],
  ['prefetch', article, { RSC: '1', 'Next-Router-Prefetch': '1' }],
  [
    'segment prefetch',
    article,
    { RSC: '1', 'Next-Router-Prefetch': '1', 'Next-Router-Segment-Prefetch': '/_tree' },
  ],
  ['.rsc suffix', `${article}.rsc`, { RSC: '1' }],
  ['_rsc query', `${article}?_rsc=1a2b3`, { RSC: '1' }],
  ['trailing slash', `${article}/`, {}],
];

describe('a long read, by plan', () => {
  it('sends a Reader to the upgrade page, which offers Patron from the billing API, and never leaks the text', async () => {
    const { browser } = await subscriberOn('reader-USD-monthly');
    const refused = await browser.get(article);
    expect(refused.status).toBe(307);
    expect(locationOf(refused)).toBe(`/upgrade?feature=long-reads&next=${encodeURIComponent(article)}`);
    const upgrade = await browser.get(locationOf(refused));
    expect(upgrade.status).toBe(200);
    const html = await upgrade.text();
    expect(html).toContain('Long-read magazine is not in your plan');
    expect(html).toContain('Your Reader plan does not include it.');
    expect(html).toContain('Upgrade to Patron');
    expect(html).not.toContain('Upgrade to Reader');
    for (const [name, path, headers] of bypasses) {
      const answer = await browser.get(path, headers);
      expect(await answer.text(), name).not.toContain(longReadBody);
    }
    // The library still opens, and marks the long read.
    const library = await (await browser.get('/members')).text();
    expect(library).toContain('The migration that took a year');
    expect(library).toContain('Long read');
  });

  it('opens it to a Patron, and to a Reader once the plan changes to Patron', async () => {
    const patron = await subscriberOn('patron-USD-monthly');
    const reads = await patron.browser.get(article);
    expect(reads.status).toBe(200);
    expect(await reads.text()).toContain(longReadBody);
    expect(locationOf(await patron.browser.get('/upgrade?feature=long-reads&next=%2Fmembers'))).toBe(
      '/members',
    );

    const reader = await subscriberOn('reader-USD-monthly');
    expect((await reader.browser.get(article)).status).toBe(307);
    await call('POST', `subscriptions/${reader.subscriptionId}/update_for_items`, {
      subscription_items: { item_price_id: ['patron-USD-monthly'] },
      change_option: 'immediately',
    });
    // The site hears of it by webhook (subscription_changed, subscription_entitlements_updated).
    await expect
      .poll(async () => (await reader.browser.get(article)).status, { timeout: 20_000, interval: 250 })
      .toBe(200);
    expect(await (await reader.browser.get(article)).text()).toContain(longReadBody);
  });
});
