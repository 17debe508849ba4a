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
  ['plain-text download', `${article}/text`, {}],
  ['download, RSC', `${article}/text`, { RSC: '1' }],
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

  it('downloads as plain text for a Patron only, through the same gate', async () => {
    const reader = await subscriberOn('reader-USD-monthly');
    const refused = await reader.browser.get(`${article}/text`);
    expect(refused.status).toBe(307);
    expect(locationOf(refused)).toBe(`/upgrade?feature=long-reads&next=${encodeURIComponent(article)}`);
    const patron = await subscriberOn('patron-USD-monthly');
    const text = await patron.browser.get(`${article}/text`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.headers.get('cache-control')).toContain('no-store');
    const body = await text.text();
    expect(body.startsWith('The migration that took a year\n=====')).toBe(true);
    expect(body).toContain(longReadBody);
    const signedOut = await new SiteBrowser(server.url).get(`${article}/text`);
    expect(signedOut.status).toBe(307);
    expect(locationOf(signedOut)).toBe(`/login?next=${encodeURIComponent(article)}`);
    expect((await patron.browser.get('/members/no-such-article/text')).status).toBe(404);
  });
});

describe('upgrading from the paywall', () => {
  it('deep-links the portal to the reader’s own change-plan page, and comes back to the article once changed', async () => {
    const reader = await subscriberOn('reader-USD-monthly');
    const upgrade = locationOf(await reader.browser.get(article));
    const offer = await (await reader.browser.get(upgrade)).text();
    const back = `/upgrade?feature=long-reads&next=${encodeURIComponent(article)}`;
    const link = `/portal_link?section=edit_subscription&amp;next=${encodeURIComponent(back)}`;
    expect(offer).toContain(`href="${link}"`);

    const portalLink = await reader.browser.get(link.replaceAll('&amp;', '&'));
    expect(portalLink.status).toBe(303);
    const accessUrl = locationOf(portalLink);
    const opened = await reader.browser.get(accessUrl);
    expect(locationOf(opened)).toBe(`/portal/subscriptions/${reader.subscriptionId}/change`);

    await call('POST', `subscriptions/${reader.subscriptionId}/update_for_items`, {
      subscription_items: { item_price_id: ['patron-USD-monthly'] },
      change_option: 'immediately',
    });
    // The portal's way back is the session's redirect_url: the upgrade page, which goes on to the article.
    const done = await (
      await reader.browser.get(`/portal/subscriptions/${reader.subscriptionId}?done=plan_changed`)
    ).text();
    const host = new URL(server.url).host;
    expect(done).toContain(
      `href="${server.url}${back.replaceAll('&', '&amp;')}" class="font-semibold text-teal-800 underline" data-testid="back-to-site">Back to ${host}</a>`,
    );
    // Back from the portal, before any webhook: the upgrade page asks the billing API afresh.
    const returned = await reader.browser.get(back);
    expect(returned.status).toBe(307);
    expect(locationOf(returned)).toBe(article);
    expect(await (await reader.browser.get(article)).text()).toContain(longReadBody);
  });

  it('keeps the way on to the article when the reader comes back signed out', async () => {
    // The site session ran out while the reader was in the portal: signing in again must still end
    // on the upgrade page with its `next`, so the reader goes on to the article.
    const back = `/upgrade?feature=long-reads&next=${encodeURIComponent(article)}`;
    const signedOut = await new SiteBrowser(server.url).get(back);
    expect(signedOut.status).toBe(307);
    expect(locationOf(signedOut)).toBe(`/login?next=${encodeURIComponent(back)}`);
  });

  it('opens the permalink only to the subscription’s own customer', async () => {
    const owner = await subscriberOn('reader-USD-monthly');
    const other = await subscriberOn('reader-USD-monthly');
    const accessUrl = locationOf(await other.browser.get('/portal_link'));
    await other.browser.get(accessUrl);
    const permalink = await other.browser.get(`/portal/permalink/subscriptions/${owner.subscriptionId}/edit`);
    expect(locationOf(permalink)).toBe(`/portal/subscriptions/${owner.subscriptionId}/change`);
    expect((await other.browser.get(locationOf(permalink))).status).toBe(404);
    const own = await other.browser.get(`/portal/permalink/subscriptions/${other.subscriptionId}/edit`);
    expect((await other.browser.get(locationOf(own))).status).toBe(200);
  });
});

describe('the pricing page', () => {
  it('compares the plans by the features their entitlements grant', async () => {
    const html = await (await new SiteBrowser(server.url).get('/pricing')).text();
    const card = (name: string) => {
      const start = html.indexOf(`aria-label="What ${name} includes"`);
      expect(start, name).toBeGreaterThan(0);
      return html.slice(start, html.indexOf('</ul>', start));
    };
    expect(card('Reader')).toContain(
      'data-included="true"><span aria-hidden="true" class="w-4 shrink-0 font-bold text-brand-700">✓</span><span>Members’ library</span>',
    );
    expect(card('Reader')).toContain('<span>Long-read magazine (not included)</span>');
    expect(card('Reader')).toContain('<span>Early access (not included)</span>');
    for (const feature of ['Members’ library', 'Long-read magazine', 'Early access']) {
      expect(card('Patron')).toContain(`<span>${feature}</span>`);
    }
    expect(card('Patron')).not.toContain('not included');
  });
});
