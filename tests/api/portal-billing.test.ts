import { beforeAll, describe, expect, inject, it } from 'vitest';
import { location, type PortalClient, portalClient, uniqueEmail } from '../mail/portal-client';
import { api } from '../support/api';

const baseUrl = () => inject('baseUrl');
const expiryYear = String(new Date().getUTCFullYear() + 3);

type Customer = {
  id: string;
  subscriptionId: string;
  cardId: string;
  spareCardId: string;
  invoiceId: string;
};

async function ok(answer: Promise<Awaited<ReturnType<typeof api>>>) {
  const done = await answer;
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body as Record<string, Record<string, unknown>>;
}

async function addCard(customerId: string, number: string) {
  const body = await ok(
    api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: { number, expiry_month: '12', expiry_year: expiryYear, cvv: '123' },
    }),
  );
  return body.payment_source?.id as string;
}

/** A customer with two cards (the first primary), a Reader Monthly subscription and its first invoice. */
async function subscribedCustomer(): Promise<Customer> {
  const { customer } = await ok(
    api('POST', 'customers', { email: uniqueEmail('billing'), first_name: 'Pat' }),
  );
  const id = customer?.id as string;
  const cardId = await addCard(id, '4111111111111111');
  const spareCardId = await addCard(id, '5555555555554444');
  const created = await ok(
    api('POST', `customers/${id}/subscription_for_items`, {
      subscription_items: { item_price_id: ['reader-USD-monthly'] },
      trial_end: '0',
    }),
  );
  return {
    id,
    cardId,
    spareCardId,
    subscriptionId: created.subscription?.id as string,
    invoiceId: created.invoice?.id as string,
  };
}

async function signedIn(customerId: string): Promise<PortalClient> {
  const { portal_session } = await ok(
    api('POST', 'portal_sessions', { customer: { id: customerId }, redirect_url: `${baseUrl()}/` }),
  );
  const client = portalClient(baseUrl());
  const answer = await client.get(new URL(portal_session?.access_url as string).pathname);
  expect(location(answer)).toBe('/portal');
  return client;
}

const decodeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields a browser would send for the form with this test id, as the page rendered them. */
async function formFields(
  client: PortalClient,
  path: string,
  testId: string,
): Promise<Record<string, string>> {
  const page = await client.get(path);
  expect(page.status, path).toBe(200);
  const html = await page.text();
  const form = html.match(new RegExp(`<form[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</form>`))?.[1];
  if (!form) throw new Error(`no form ${testId} on ${path}`);
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*>/g)) {
    const name = input[0].match(/name="([^"]*)"/)?.[1];
    if (name) fields[decodeHtml(name)] = decodeHtml(input[0].match(/value="([^"]*)"/)?.[1] ?? '');
  }
  return fields;
}

/** Submits a server action's form the way a browser without JavaScript does (multipart, same origin). */
async function submit(client: PortalClient, path: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return fetch(new URL(path, baseUrl()), {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: {
      Cookie: client.cookie ?? '',
      'X-Forwarded-For': client.address,
      Origin: baseUrl(),
      'Sec-Fetch-Site': 'same-origin',
    },
  });
}

async function subscription(id: string) {
  return (await ok(api('GET', `subscriptions/${id}`))).subscription as Record<string, unknown>;
}

async function customerRecord(id: string) {
  return (await ok(api('GET', `customers/${id}`))).customer as Record<string, unknown>;
}

describe("one customer's portal and another customer's billing", () => {
  let me: Customer;
  let other: Customer;
  let client: PortalClient;
  beforeAll(async () => {
    me = await subscribedCustomer();
    other = await subscribedCustomer();
    client = await signedIn(me.id);
  });

  it("does not show another customer's subscription or its change and cancel steps", async () => {
    for (const suffix of [
      '',
      '/change?plan=patron-USD-monthly&when=now&step=review',
      '/cancel?when=now&step=review',
    ]) {
      const answer = await client.get(`/portal/subscriptions/${other.subscriptionId}${suffix}`);
      expect(answer.status).toBe(404);
      expect(await answer.text()).toContain('We could not find this subscription on your account');
    }
    expect((await client.get(`/portal/subscriptions/${me.subscriptionId}`)).status).toBe(200);
  });

  it("refuses pause, cancel and plan change on another customer's subscription, which stays as it was", async () => {
    const before = await subscription(other.subscriptionId);
    const mine = `/portal/subscriptions/${me.subscriptionId}`;
    const attempts = [
      { path: mine, testId: 'pause-form' },
      { path: `${mine}/cancel?when=now&step=review`, testId: 'confirm-cancel' },
      { path: `${mine}/cancel?when=end_of_term&step=review`, testId: 'confirm-cancel' },
      { path: `${mine}/change?plan=patron-USD-yearly&when=now&step=review`, testId: 'confirm-change' },
      { path: `${mine}/change?plan=patron-USD-yearly&when=renewal&step=review`, testId: 'confirm-change' },
    ];
    for (const { path, testId } of attempts) {
      const fields = await formFields(client, path, testId);
      expect(fields.subscription_id).toBe(me.subscriptionId);
      const answer = await submit(client, path, { ...fields, subscription_id: other.subscriptionId });
      expect(answer.status, `${testId} on ${path}`).toBe(200);
      expect(await answer.text()).toContain('We could not find that subscription on your account.');
    }
    expect(await subscription(other.subscriptionId)).toEqual(before);
    expect((await subscription(me.subscriptionId)).status).toBe('active');
  });

  it("refuses to remove another customer's card or make it primary, and both cards stay", async () => {
    const page = '/portal/payment-methods';
    const remove = await formFields(client, `${page}?remove=${me.spareCardId}`, 'remove-card-form');
    const primary = await formFields(client, page, 'make-primary-form');
    for (const fields of [remove, primary]) {
      for (const cardId of [other.cardId, other.spareCardId]) {
        const answer = await submit(client, page, { ...fields, payment_source_id: cardId });
        expect(answer.status).toBe(200);
        expect(await answer.text()).toContain('We could not find that card on your account.');
      }
    }
    for (const cardId of [other.cardId, other.spareCardId]) {
      const { payment_source } = await ok(api('GET', `payment_sources/${cardId}`));
      expect(payment_source?.deleted).toBe(false);
    }
    expect((await customerRecord(other.id)).primary_payment_source_id).toBe(other.cardId);
    expect((await customerRecord(me.id)).primary_payment_source_id).toBe(me.cardId);
  });

  it('the same forms do act on the signed-in customer’s own card and subscription', async () => {
    const page = '/portal/payment-methods';
    const primary = await formFields(client, page, 'make-primary-form');
    const promoted = await submit(client, page, primary);
    expect(promoted.status).toBe(303);
    expect(location(promoted)).toBe('/portal/payment-methods?done=primary');
    expect((await customerRecord(me.id)).primary_payment_source_id).toBe(me.spareCardId);

    const mine = `/portal/subscriptions/${me.subscriptionId}`;
    const paused = await submit(client, mine, await formFields(client, mine, 'pause-form'));
    expect(location(paused)).toBe(`${mine}?done=paused`);
    expect((await subscription(me.subscriptionId)).status).toBe('paused');
    const resumed = await submit(client, mine, await formFields(client, mine, 'resume-form'));
    expect(location(resumed)).toBe(`${mine}?done=resumed`);
    expect((await subscription(me.subscriptionId)).status).toBe('active');
  });

  it("serves the customer's own invoice PDF through a signed link, and refuses another customer's", async () => {
    const own = await client.get(`/portal/invoices/${me.invoiceId}/pdf`);
    expect(own.status).toBe(303);
    const link = location(own);
    expect(link).toMatch(new RegExp(`/api/provider/invoices/${me.invoiceId}/pdf\\?.*signature=`));
    const pdf = await fetch(link);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    const theirs = await client.get(`/portal/invoices/${other.invoiceId}/pdf`);
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('location')).toBeNull();
    expect((await client.get('/portal/invoices/..%2F1/pdf')).status).toBe(404);
    const signedOut = await portalClient(baseUrl()).get(`/portal/invoices/${me.invoiceId}/pdf`);
    expect(location(signedOut)).toBe('/portal/login');
  });

  it("lists only the customer's own invoices in billing history", async () => {
    const html = await (await client.get('/portal/billing-history')).text();
    expect(html).toContain(`/portal/invoices/${me.invoiceId}/pdf`);
    expect(html).not.toContain(`/portal/invoices/${other.invoiceId}/pdf`);
  });
});
