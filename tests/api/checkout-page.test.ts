import { describe, expect, inject, it } from 'vitest';
import { location } from '../mail/portal-client';
import { api, uniqueId } from '../support/api';

const baseUrl = () => inject('baseUrl');
const expiryYear = String(new Date().getUTCFullYear() + 3);

type HostedPage = {
  id: string;
  url: string;
  state: string;
  content?: Record<string, Record<string, unknown>>;
};

async function checkout(
  urls: { redirect_url?: string; cancel_url?: string; subscription?: { trial_end: string } } = {},
) {
  const email = `${uniqueId('pay')}@example.com`;
  const answer = await api('POST', 'hosted_pages/checkout_new_for_items', {
    subscription_items: { item_price_id: ['reader-USD-monthly'] },
    customer: { email, first_name: 'Mae' },
    ...urls,
  });
  expect(answer.status).toBe(200);
  return { email, page: answer.body.hosted_page as HostedPage };
}

async function hostedPage(id: string) {
  return (await api('GET', `hosted_pages/${id}`)).body.hosted_page as HostedPage;
}

function card(number: string, extra: Record<string, string> = {}) {
  return { number, expiry_month: '12', expiry_year: expiryYear, cvv: '123', name: 'Mae Jemison', ...extra };
}

/** A browser posting the checkout form from the page itself (or, with `site`, from somewhere else). */
async function post(path: string, fields: Record<string, string>, site = 'same-origin', cookie?: string) {
  return fetch(new URL(path, baseUrl()), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Sec-Fetch-Site': site,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

async function getPage(path: string, cookie?: string) {
  return fetch(new URL(path, baseUrl()), { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

const cookieOf = (response: Response) => response.headers.getSetCookie()[0]?.split(';')[0];

async function customersWithEmail(email: string) {
  return (await api('GET', 'customers', { email: { is: email } })).body.list as unknown[];
}

describe('the hosted checkout page', () => {
  it('opens at the url the API returned and marks the page requested', async () => {
    const { page } = await checkout();
    const opened = await getPage(new URL(page.url).pathname);
    expect([200, 308]).toContain(opened.status);
    const answer = await getPage(`/pages/v3/${page.id}`);
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('Subscribe to Reader');
    // reader-USD-monthly has a 14-day trial: nothing is due today and the button says so.
    expect(html).toContain('Free for 14 days, then $9.00 a month. Your card will not be charged until');
    expect(html).toContain('Start free trial');
    expect(html).not.toContain('Pay $9.00');
    expect(html).toContain('4005 5192 0000 0004');
    expect((await hostedPage(page.id)).state).toBe('requested');

    const { page: paidPage } = await checkout({ subscription: { trial_end: '0' } });
    const paidHtml = await (await getPage(`/pages/v3/${paidPage.id}`)).text();
    expect(paidHtml).toContain('Pay $9.00');
    expect(paidHtml).not.toContain('Free for');
  });

  it('pays, then sends the browser to redirect_url on the app origin with id and state', async () => {
    const redirect = `${baseUrl()}/?from=checkout`;
    const { page, email } = await checkout({ redirect_url: redirect, subscription: { trial_end: '0' } });
    const paid = await post(`/pages/v3/${page.id}/pay`, { ...card('4111 1111 1111 1111'), email });
    expect(paid.status).toBe(303);
    expect(location(paid)).toBe(`${redirect}&id=${page.id}&state=succeeded`);
    const done = await hostedPage(page.id);
    expect(done.state).toBe('succeeded');
    expect(done.content?.subscription).toMatchObject({ status: 'active' });
    expect(done.content?.invoice).toMatchObject({ status: 'paid', total: 900 });
    expect(done.content?.customer).toMatchObject({ email });

    const again = await post(`/pages/v3/${page.id}/pay`, { ...card('4111111111111111'), email });
    expect(location(again)).toBe(`/pages/v3/${page.id}`);
    const html = await (await getPage(`/pages/v3/${page.id}`)).text();
    expect(html).toContain('Payment complete');
    expect(html).toContain(`href="${redirect.replace('&', '&amp;')}&amp;id=${page.id}&amp;state=succeeded"`);
  });

  it('never sends the browser to a redirect_url off the allow-list: the page itself says it is paid', async () => {
    const { page, email } = await checkout({ redirect_url: 'https://elsewhere.example.com/thanks' });
    const paid = await post(`/pages/v3/${page.id}/pay`, { ...card('4111111111111111'), email });
    expect(location(paid)).toBe(`/pages/v3/${page.id}`);
    expect((await hostedPage(page.id)).state).toBe('succeeded');
    const html = await (await getPage(`/pages/v3/${page.id}`)).text();
    expect(html).toContain('Payment complete');
    expect(html).not.toContain('elsewhere.example.com');
  });

  it('brings a declined card back beside the card number, keeps other values, charges and creates nothing', async () => {
    const { page, email } = await checkout();
    const declined = await post(
      `/pages/v3/${page.id}/pay`,
      card('4005 5192 0000 0004', { city: '', email, first_name: 'Mae', last_name: 'Jemison' }),
    );
    expect(declined.status).toBe(303);
    expect(location(declined)).toMatch(new RegExp(`^/pages/v3/${page.id}\\?attempt=[0-9a-f]+$`));
    const cookie = cookieOf(declined);
    expect(declined.headers.getSetCookie()[0]).toContain(`Path=/pages/v3/${page.id}`);
    expect(declined.headers.getSetCookie()[0]).toContain('HttpOnly');
    expect((await hostedPage(page.id)).state).toBe('created');
    expect(await customersWithEmail(email)).toEqual([]);

    const html = await (await getPage(location(declined), cookie)).text();
    expect(html).toMatch(/id="field-number-error"[^>]*>Your card was declined \(insufficient funds\)/);
    expect(html).toContain('value="Mae Jemison"');
    expect(html).toContain(`value="${email}"`);
    expect(html).toMatch(/name="last_name"[^>]*value="Jemison"/);
    expect(html).not.toContain('4005519200000004');
    expect(html).not.toContain('4005 5192 0000 0004"');
    const fresh = await (await getPage(`/pages/v3/${page.id}`, cookie)).text();
    expect(fresh).not.toContain('field-number-error');

    const paid = await post(`/pages/v3/${page.id}/pay`, { ...card('5555555555554444'), email });
    expect(location(paid)).toBe(`/pages/v3/${page.id}`);
    expect((await hostedPage(page.id)).state).toBe('succeeded');
  });

  it('names the fields to fix when the form is incomplete, including a half-filled address', async () => {
    const { page } = await checkout();
    const answer = await post(`/pages/v3/${page.id}/pay`, { ...card('4111'), cvv: '', city: 'Houston' });
    const html = await (await getPage(location(answer), cookieOf(answer))).text();
    for (const field of ['number', 'cvv', 'line1', 'zip', 'country'])
      expect(html, field).toContain(`id="field-${field}-error"`);
    expect(html).toContain('value="Houston"');
    expect((await hostedPage(page.id)).state).toBe('requested');
  });

  it('asks a new buyer for their details, prefilled from the API, with a way out for subscribers', async () => {
    const { page, email } = await checkout();
    const html = await (await getPage(`/pages/v3/${page.id}`)).text();
    expect(html).toContain('Your details');
    expect(html).toMatch(new RegExp(`name="email"[^>]*value="${email}"`));
    expect(html).toMatch(/name="first_name"[^>]*value="Mae"/);
    expect(html).toContain('Already a subscriber?');
    expect(html).toMatch(
      new RegExp(`data-testid="existing-subscriber"[^>]*action="/pages/v3/${page.id}/cancel"`),
    );

    const ghost = uniqueId('ghost');
    const forGhost = (
      await api('POST', 'hosted_pages/checkout_new_for_items', {
        subscription_items: { item_price_id: ['reader-USD-monthly'] },
        customer: { id: ghost, email: `${ghost}@example.com` },
      })
    ).body.hosted_page as HostedPage;
    const ghostHtml = await (await getPage(`/pages/v3/${forGhost.id}`)).text();
    expect(ghostHtml, 'an unknown customer[id] is a new customer too').toContain('Your details');
    expect(ghostHtml).toMatch(new RegExp(`name="email"[^>]*value="${ghost}@example.com"`));

    const id = uniqueId('known');
    await api('POST', 'customers', { id, email: `${id}@example.com` });
    const known = (
      await api('POST', 'hosted_pages/checkout_new_for_items', {
        subscription_items: { item_price_id: ['reader-USD-monthly'] },
        customer: { id },
      })
    ).body.hosted_page as HostedPage;
    const knownHtml = await (await getPage(`/pages/v3/${known.id}`)).text();
    expect(knownHtml).not.toContain('Your details');
    expect(knownHtml).not.toContain('name="email"');
    expect(knownHtml).not.toContain('Already a subscriber?');
    expect(knownHtml).toContain(`${id}@example.com`);
  });

  it('wants a valid email from a new buyer, keeps what they typed, and creates nothing until then', async () => {
    const { page } = await checkout();
    for (const email of ['', 'not-an-email']) {
      const answer = await post(
        `/pages/v3/${page.id}/pay`,
        card('4111111111111111', { email, first_name: 'Grace', last_name: 'Hopper' }),
      );
      const html = await (await getPage(location(answer), cookieOf(answer))).text();
      expect(html).toMatch(/id="field-email-error"[^>]*>Enter (your email address|an email address like)/);
      expect(html).toMatch(/name="first_name"[^>]*value="Grace"/);
      expect(html).toMatch(/name="last_name"[^>]*value="Hopper"/);
      expect(html).not.toContain('4111111111111111');
      expect((await hostedPage(page.id)).state).toBe('requested');
    }
  });

  it('pays as a new customer with the typed email and a new id, though another customer has that email', async () => {
    const typed = `${uniqueId('typed')}@example.com`;
    const earlier = uniqueId('earlier');
    await api('POST', 'customers', { id: earlier, email: typed });
    const { page } = await checkout();
    const paid = await post(
      `/pages/v3/${page.id}/pay`,
      card('4111111111111111', { email: typed, first_name: 'Grace', last_name: 'Hopper' }),
    );
    expect(location(paid)).toBe(`/pages/v3/${page.id}`);
    const done = await hostedPage(page.id);
    expect(done.state).toBe('succeeded');
    const customer = done.content?.customer as { id: string };
    expect(customer).toMatchObject({ email: typed, first_name: 'Grace', last_name: 'Hopper' });
    expect(customer.id).not.toBe(earlier);
    expect(done.content?.subscription).toMatchObject({ customer_id: customer.id, status: 'in_trial' });
    expect(done.content).not.toHaveProperty('invoice');
    const ids = ((await customersWithEmail(typed)) as { customer: { id: string } }[]).map(
      (entry) => entry.customer.id,
    );
    expect(ids.sort()).toEqual([customer.id, earlier].sort());
  });

  it('echoes pass_thru_content on create, retrieve and list, before and after payment', async () => {
    const email = `${uniqueId('ptc')}@example.com`;
    const passThru = JSON.stringify({ plan: 'reader', campaign: 'spring & "quotes"' });
    const created = await api('POST', 'hosted_pages/checkout_new_for_items', {
      subscription_items: { item_price_id: ['reader-USD-monthly'] },
      pass_thru_content: passThru,
    });
    const page = created.body.hosted_page as HostedPage & { pass_thru_content: string };
    expect(page.pass_thru_content).toBe(passThru);
    expect((await hostedPage(page.id)) as unknown).toMatchObject({ pass_thru_content: passThru });
    await post(`/pages/v3/${page.id}/pay`, { ...card('4111111111111111'), email });
    expect((await hostedPage(page.id)) as unknown).toMatchObject({
      state: 'succeeded',
      pass_thru_content: passThru,
    });
    const listed = (await api('GET', 'hosted_pages', { state: { is: 'succeeded' }, limit: 100 })).body
      .list as { hosted_page: { id: string; pass_thru_content?: string } }[];
    expect(listed.find((entry) => entry.hosted_page.id === page.id)?.hosted_page.pass_thru_content).toBe(
      passThru,
    );
  });

  it('cancels, then sends the browser to cancel_url with id and state=cancelled', async () => {
    const cancelUrl = `${baseUrl()}/pricing`;
    const { page, email } = await checkout({ cancel_url: cancelUrl });
    const answer = await post(`/pages/v3/${page.id}/cancel`, {});
    expect(answer.status).toBe(303);
    expect(location(answer)).toBe(`${cancelUrl}?id=${page.id}&state=cancelled`);
    expect((await hostedPage(page.id)).state).toBe('cancelled');
    const paid = await post(`/pages/v3/${page.id}/pay`, { ...card('4111111111111111'), email });
    expect(location(paid)).toBe(`/pages/v3/${page.id}`);
    expect((await hostedPage(page.id)).state).toBe('cancelled');
    expect(await (await getPage(`/pages/v3/${page.id}`)).text()).toContain('This checkout was cancelled');
  });

  it('refuses a pay or cancel posted from another site, and the page stays open', async () => {
    const { page } = await checkout();
    const pay = await post(`/pages/v3/${page.id}/pay`, card('4111111111111111'), 'cross-site');
    expect(pay.status).toBe(403);
    const cancel = await post(`/pages/v3/${page.id}/cancel`, {}, 'cross-site');
    expect(cancel.status).toBe(403);
    expect((await hostedPage(page.id)).state).toBe('created');
  });

  it('says so plainly when the page does not exist', async () => {
    const answer = await getPage(`/pages/v3/${'x'.repeat(32)}`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).toContain('find this checkout');
  });
});
