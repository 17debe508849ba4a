import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../support/api';
import { awayFromWindowEdge } from '../support/rate-window';
import { startTestServer, type TestServer } from '../support/server';
import {
  checkoutForm,
  hostedPageIdOf,
  locationOf,
  SiteBrowser,
  signInThroughPortal,
} from '../support/site-http';

// A sentence from the body of a members article, after the teaser everyone sees.
const slug = 'the-boring-database-wins';
const membersOnly = 'This single habit will teach you more about the durability of your system';
const authSecret = 'site-checkout-test-secret-0123456789abcdef';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ AUTH_SECRET: authSecret });
});

afterAll(async () => {
  await server?.close();
});

type Page = {
  id: string;
  state: string;
  pass_thru_content?: string;
  content?: { customer?: { id: string } };
};

async function hostedPage(id: string): Promise<Page> {
  return (await api('GET', `hosted_pages/${id}`, {}, { baseUrl: server.url })).body.hosted_page as Page;
}

async function customersWithEmail(email: string): Promise<{ id: string; created_at: number }[]> {
  const answer = await api('GET', 'customers', { email: { is: email }, limit: 100 }, { baseUrl: server.url });
  return (answer.body.list as { customer: { id: string; created_at: number } }[]).map(
    (item) => item.customer,
  );
}

/** A signed-out visitor presses Subscribe on /pricing: returns the hosted page the site sent them to. */
async function startCheckout(browser: SiteBrowser, itemPriceId = 'reader-USD-monthly') {
  const started = await browser.post('/subscribe', { item_price_id: itemPriceId });
  expect(started.status).toBe(303);
  const url = locationOf(started);
  expect(url).toMatch(/\/pages\/v3\/[A-Za-z0-9_-]+\/$/);
  return { url, id: hostedPageIdOf(url), started };
}

/** Pays the hosted page as the buyer's browser does; returns where the checkout sends it back. */
async function pay(browser: SiteBrowser, id: string, email: string, card?: string) {
  const paid = await browser.post(`/pages/v3/${id}/pay`, checkoutForm({ email }, card));
  expect(paid.status).toBe(303);
  return locationOf(paid);
}

/** What a browser sees of /members and /account: whether it reads members text, and as whom. */
async function whoAmI(browser: SiteBrowser) {
  const article = await browser.get(`/members/${slug}`);
  const account = await browser.get('/account');
  const accountHtml = account.status === 200 ? await account.text() : '';
  return {
    readsMembersText: article.status === 200 && (await article.text()).includes(membersOnly),
    customerId: /account <span[^>]*>([A-Za-z0-9_-]+)<\/span>/.exec(accountHtml)?.[1],
  };
}

describe('a brand-new reader subscribes before ever signing in', () => {
  it('checks out as a new customer, comes back signed in, and later signs in through the portal login', async () => {
    const email = `${uniqueId('new_reader')}@example.com`;
    const browser = new SiteBrowser(server.url);
    const { id, started } = await startCheckout(browser);

    const binding = started.headers.getSetCookie().find((line) => line.startsWith('gatehouse_checkout='));
    expect(binding).toMatch(/HttpOnly/i);
    expect(binding).toMatch(/Path=\/subscribe/);
    expect(binding).toMatch(/SameSite=lax/i);
    expect(binding).toMatch(/Max-Age=10800/);
    const created = await hostedPage(id);
    expect(created.state).toBe('created');
    expect(created.pass_thru_content).toMatch(/^gatehouse-checkout:v1:/);
    expect(created.pass_thru_content).not.toContain(browser.jar.get('gatehouse_checkout'));
    expect(await customersWithEmail(email)).toEqual([]);

    const back = await pay(browser, id, email);
    expect(back).toBe(`${server.url}/subscribe/return?id=${id}&state=succeeded`);
    const returned = await browser.get(back);
    expect(returned.status).toBe(303);
    expect(locationOf(returned)).toBe('/members?welcome=1');
    expect(browser.signedIn).toBe(true);

    const [customer] = await customersWithEmail(email);
    expect((await hostedPage(id)).state).toBe('acknowledged');
    expect(await whoAmI(browser)).toEqual({ readsMembersText: true, customerId: customer?.id });

    expect(locationOf(await browser.post('/auth/sign-out', {}))).toBe('/?signed_out=1');
    expect(browser.signedIn).toBe(false);
    expect((await whoAmI(browser)).readsMembersText).toBe(false);

    const later = new SiteBrowser(server.url);
    const signedIn = await signInThroughPortal(later, email, `/members/${slug}`);
    expect(locationOf(signedIn)).toBe(`/members/${slug}`);
    expect(await whoAmI(later)).toEqual({ readsMembersText: true, customerId: customer?.id });
  });

  it('signs nobody in from a return link opened in another browser, or replayed after it was used', async () => {
    const email = `${uniqueId('elsewhere')}@example.com`;
    const buyer = new SiteBrowser(server.url);
    const { id } = await startCheckout(buyer);
    const back = await pay(buyer, id, email);

    const other = new SiteBrowser(server.url);
    const stolen = await other.get(back);
    expect(locationOf(stolen)).toBe('/pricing?reason=checkout_other_browser');
    expect(other.signedIn).toBe(false);
    expect((await hostedPage(id)).state).toBe('succeeded');

    const forgedBinding = new SiteBrowser(server.url);
    forgedBinding.jar.set('gatehouse_checkout', 'A'.repeat(43));
    expect(locationOf(await forgedBinding.get(back))).toBe('/pricing?reason=checkout_other_browser');
    expect(forgedBinding.signedIn).toBe(false);

    expect(locationOf(await buyer.get(back))).toBe('/members?welcome=1');
    expect(buyer.signedIn).toBe(true);

    // The same browser, signed out, and the same link again: the page is spent.
    await buyer.post('/auth/sign-out', {});
    const replay = await buyer.get(back);
    expect(locationOf(replay)).toBe('/pricing?reason=checkout_used');
    expect(buyer.signedIn).toBe(false);
    const pricing = await buyer.get('/pricing?reason=checkout_used');
    expect(await pricing.text()).toContain('Sign in with the email you used at checkout');
  });

  it('signs nobody in for a forged, cancelled or failed checkout, and says what to do next', async () => {
    const browser = new SiteBrowser(server.url);
    for (const forged of ['no_such_page_0123456789', encodeURIComponent('../customers/x'), '']) {
      expect(locationOf(await browser.get(`/subscribe/return?id=${forged}&state=succeeded`))).toBe(
        '/pricing?reason=checkout_unverified',
      );
    }

    const cancelled = await startCheckout(browser);
    const cancelledBack = await browser.post(`/pages/v3/${cancelled.id}/cancel`, {});
    expect(locationOf(cancelledBack)).toBe(
      `${server.url}/pricing?reason=checkout_cancelled&id=${cancelled.id}&state=cancelled`,
    );
    expect(locationOf(await browser.get(`/subscribe/return?id=${cancelled.id}&state=succeeded`))).toBe(
      '/pricing?reason=checkout_cancelled',
    );

    const declined = await startCheckout(browser);
    const refused = await browser.post(
      `/pages/v3/${declined.id}/pay`,
      checkoutForm({ email: `${uniqueId('declined')}@example.com` }, '4005 5192 0000 0004'),
    );
    expect(locationOf(refused)).toContain(`/pages/v3/${declined.id}`);
    expect(locationOf(await browser.get(`/subscribe/return?id=${declined.id}&state=succeeded`))).toBe(
      '/pricing?reason=checkout_incomplete',
    );
    expect(browser.signedIn).toBe(false);
    expect((await hostedPage(declined.id)).state).not.toBe('succeeded');
  });

  it('keeps checkouts from several tabs of one browser each able to finish', async () => {
    const browser = new SiteBrowser(server.url);
    const first = await startCheckout(browser);
    const second = await startCheckout(browser, 'reader-USD-yearly');
    const email = `${uniqueId('tabs')}@example.com`;
    const back = await pay(browser, second.id, email);
    expect(locationOf(await browser.get(back))).toBe('/members?welcome=1');
    expect((await hostedPage(first.id)).pass_thru_content).toBe(
      (await hostedPage(second.id)).pass_thru_content,
    );
  });
});

describe('one email, several customers', () => {
  it('signs in as the customer that pays, and /account offers the others', async () => {
    const email = `${uniqueId('shared')}@example.com`;
    const first = await api('POST', 'customers', { email, first_name: 'Ona' }, { baseUrl: server.url });
    const unpaidId = (first.body.customer as { id: string }).id;

    const buyer = new SiteBrowser(server.url);
    const { id } = await startCheckout(buyer);
    await buyer.get(await pay(buyer, id, email));
    const customers = await customersWithEmail(email);
    expect(customers).toHaveLength(2);
    const payingId = customers.find((customer) => customer.id !== unpaidId)?.id;

    const reader = new SiteBrowser(server.url);
    await signInThroughPortal(reader, email, '/account');
    expect(await whoAmI(reader)).toEqual({ readsMembersText: true, customerId: payingId });
    const account = await (await reader.get('/account')).text();
    expect(account).toContain('Other accounts with your email');
    expect(account).toContain(unpaidId);

    const switched = await reader.post('/auth/switch-account', { customer_id: unpaidId });
    expect(locationOf(switched)).toBe('/account?notice=switched');
    expect(await whoAmI(reader)).toEqual({ readsMembersText: false, customerId: unpaidId });

    const stranger = (await api('POST', 'customers', { email: 'x@example.com' }, { baseUrl: server.url }))
      .body.customer as { id: string };
    const refused = await reader.post('/auth/switch-account', { customer_id: stranger.id });
    expect(locationOf(refused)).toBe('/account?notice=switch_refused');
    expect((await whoAmI(reader)).customerId).toBe(unpaidId);
    expect(locationOf(await reader.post('/auth/switch-account', { customer_id: payingId ?? '' }))).toBe(
      '/account?notice=switched',
    );
    expect((await whoAmI(reader)).customerId).toBe(payingId);
  });

  it('never lets a checkout sign-in switch to another customer of the same typed email', async () => {
    const email = `${uniqueId('typed')}@example.com`;
    const victim = (await api('POST', 'customers', { email }, { baseUrl: server.url })).body.customer as {
      id: string;
    };
    const buyer = new SiteBrowser(server.url);
    const { id } = await startCheckout(buyer);
    await buyer.get(await pay(buyer, id, email));
    expect(buyer.signedIn).toBe(true);
    expect(await (await buyer.get('/account')).text()).not.toContain('Other accounts with your email');
    const refused = await buyer.post('/auth/switch-account', { customer_id: victim.id });
    expect(locationOf(refused)).toBe('/account?notice=switch_refused');
    expect((await whoAmI(buyer)).customerId).not.toBe(victim.id);
  });
});

describe('signed-out checkouts from one address', () => {
  it('are limited, so an anonymous form cannot create hosted pages without end', async () => {
    await awayFromWindowEdge(600);
    const browser = new SiteBrowser(server.url);
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    const answers: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      const started = await browser.post(
        '/subscribe',
        { item_price_id: 'reader-USD-monthly' },
        from('203.0.113.7'),
      );
      answers.push(locationOf(started));
    }
    expect(answers.slice(0, 20).every((location) => /\/pages\/v3\//.test(location))).toBe(true);
    expect(answers[20]).toBe('/pricing?reason=checkout_too_many');
    const elsewhere = await browser.post(
      '/subscribe',
      { item_price_id: 'reader-USD-monthly' },
      from('203.0.113.8'),
    );
    expect(locationOf(elsewhere)).toMatch(/\/pages\/v3\//);
    const notice = await (await browser.get('/pricing?reason=checkout_too_many')).text();
    expect(notice).toContain('Too many checkouts were started from your network.');
  });
});

describe('the two doors on /pricing', () => {
  it('offers a signed-out visitor both subscribing and signing in, and a subscriber no second purchase', async () => {
    const visitor = new SiteBrowser(server.url);
    const html = await (await visitor.get('/pricing')).text();
    expect(html).toContain('Already a subscriber?');
    expect(html).toContain('href="/login?next=%2Fmembers"');
    expect(html).toContain('action="/subscribe"');

    const email = `${uniqueId('member')}@example.com`;
    const { id } = await startCheckout(visitor);
    await visitor.get(await pay(visitor, id, email));
    const member = await (await visitor.get('/pricing')).text();
    expect(member).toContain('You are a member.');
    expect(member).not.toContain('action="/subscribe"');
    expect(member).not.toContain('Already a subscriber?');
    const again = await visitor.post('/subscribe', { item_price_id: 'reader-USD-monthly' });
    expect(locationOf(again)).toBe('/account?notice=already_subscribed');
    expect(await customersWithEmail(email)).toHaveLength(1);
  });
});

describe('sign-ins the server makes itself', () => {
  it('does not sign in through the verified-customer callback directly, even with a valid proof', async () => {
    const { customer } = (
      await api('POST', 'customers', { email: 'target@example.com' }, { baseUrl: server.url })
    ).body as { customer: { id: string } };
    const issuedAt = Math.floor(Date.now() / 1000);
    const proof = createHmac('sha256', authSecret)
      .update(`gatehouse-verified:${issuedAt}:${customer.id}:${customer.id}`)
      .digest('base64url');
    const browser = new SiteBrowser(server.url);
    const { csrfToken } = (await (await browser.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const answer = await browser.post('/api/auth/callback/gatehouse-verified', {
      customer_id: customer.id,
      linked_customer_ids: customer.id,
      issued_at: String(issuedAt),
      proof,
      csrfToken,
    });
    // Auth.js answers reads only; sign-in runs in the site's own handlers, which check first.
    expect(answer.status).toBe(405);
    expect(browser.signedIn).toBe(false);
  });
});

describe('free trials are for new readers', () => {
  it('offers the trial signed out and to a customer who never subscribed, not to one who did', async () => {
    const visitor = new SiteBrowser(server.url);
    const pricing = await (await visitor.get('/pricing')).text();
    expect(pricing).toContain('Start your 14-day free trial');
    expect(pricing).toContain('Start free trial of Reader Monthly');

    const neverSubscribed = `${uniqueId('no_trial_yet')}@example.com`;
    await api('POST', 'customers', { email: neverSubscribed }, { baseUrl: server.url });
    const fresh = new SiteBrowser(server.url);
    await signInThroughPortal(fresh, neverSubscribed, '/pricing');
    expect(await (await fresh.get('/pricing')).text()).toContain('Start your 14-day free trial');
    const freshCheckout = await fresh.post('/subscribe', { item_price_id: 'reader-USD-monthly' });
    const freshPage = `/pages/v3/${hostedPageIdOf(locationOf(freshCheckout))}`;
    expect(await (await fresh.get(freshPage)).text()).toContain('Start free trial');

    // A reader whose subscription ended comes back: plain price, and the checkout carries no trial.
    const returning = `${uniqueId('returning')}@example.com`;
    const { customer } = (await api('POST', 'customers', { email: returning }, { baseUrl: server.url }))
      .body as {
      customer: { id: string };
    };
    await api(
      'POST',
      'payment_sources/create_card',
      {
        customer_id: customer.id,
        card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
      },
      { baseUrl: server.url },
    );
    const created = await api(
      'POST',
      `customers/${customer.id}/subscription_for_items`,
      { subscription_items: { item_price_id: ['reader-USD-monthly'] } },
      { baseUrl: server.url },
    );
    const subscriptionId = (created.body.subscription as { id: string }).id;
    await api(
      'POST',
      `subscriptions/${subscriptionId}/cancel_for_items`,
      { end_of_term: 'false' },
      { baseUrl: server.url },
    );
    const back = new SiteBrowser(server.url);
    await signInThroughPortal(back, returning, '/pricing');
    const plain = await (await back.get('/pricing')).text();
    expect(plain).not.toContain('free trial');
    expect(plain).toContain('Subscribe to Reader Monthly');
    const started = await back.post('/subscribe', { item_price_id: 'reader-USD-monthly' });
    expect(started.status).toBe(303);
    const page = await (await back.get(`/pages/v3/${hostedPageIdOf(locationOf(started))}`)).text();
    expect(page).not.toContain('Start free trial');
    expect(page).toContain('Pay $9.00');
  });
});
