import { describe, expect, inject, it } from 'vitest';
import { retrieveCustomer } from '@/lib/chargebee/customers';
import { ChargebeeError } from '@/lib/chargebee/errors';
import { retrieveEvent } from '@/lib/chargebee/events';
import { acknowledgeHostedPage, createCheckout, retrieveHostedPage } from '@/lib/chargebee/hosted-pages';
import { createChargebeeHttp } from '@/lib/chargebee/http';
import { listItemPrices, retrieveItemPrice } from '@/lib/chargebee/item-prices';
import {
  activatePortalSession,
  createPortalSession,
  logoutPortalSession,
} from '@/lib/chargebee/portal-sessions';
import { listSubscriptions } from '@/lib/chargebee/subscriptions';
import { api, uniqueId } from '../support/api';
import { testApiKey } from '../support/constants';

function client(apiKey = testApiKey) {
  return createChargebeeHttp({ apiBaseUrl: `${inject('baseUrl')}/api/v2`, apiKey });
}

async function newCustomer(prefix: string) {
  const id = uniqueId(prefix);
  const created = await api('POST', 'customers', {
    id,
    email: `${id}@example.com`,
    first_name: 'Rita',
    last_name: 'Reader',
  });
  expect(created.status).toBe(200);
  return id;
}

describe('the site billing client against the embedded provider, over HTTP', () => {
  it('creates, retrieves and logs out a portal session for a customer', async () => {
    const customerId = await newCustomer('cl_ps');
    const session = await createPortalSession(
      {
        customerId,
        redirectUrl: 'https://example.com/account',
        forwardUrl: 'https://example.com/portal/v2/login?forward=sub_details',
      },
      client(),
    );
    expect(session).toMatchObject({
      customer_id: customerId,
      status: 'created',
      redirect_url: 'https://example.com/account',
    });
    expect(session.access_url).toContain(session.token);
    const customer = await retrieveCustomer(customerId, client());
    expect(customer).toMatchObject({
      id: customerId,
      email: `${customerId}@example.com`,
      first_name: 'Rita',
    });
    expect((await logoutPortalSession(session.id, client())).status).toBe('logged_out');
    expect((await logoutPortalSession(session.id, client())).status).toBe('logged_out');
  });

  it('turns Chargebee errors into typed ChargebeeErrors', async () => {
    const customerId = await newCustomer('cl_err');
    const session = await createPortalSession({ customerId, redirectUrl: 'https://example.com/' }, client());
    const wrongToken = await activatePortalSession(session.id, 'not-the-token', client()).catch(
      (error: unknown) => error,
    );
    expect(wrongToken).toBeInstanceOf(ChargebeeError);
    expect((wrongToken as ChargebeeError).status).toBeGreaterThanOrEqual(400);
    expect((wrongToken as ChargebeeError).status).toBeLessThan(500);
    await expect(retrieveCustomer('no_such_customer_here', client())).rejects.toMatchObject({
      status: 404,
      apiErrorCode: 'resource_not_found',
    });
    await expect(retrieveCustomer(customerId, client('test_wrong_key_1234567'))).rejects.toMatchObject({
      status: 401,
      apiErrorCode: 'api_authentication_failed',
    });
  });

  it('refuses a path id that would reach another endpoint, before sending it', async () => {
    const customerId = await newCustomer('cl_path');
    await expect(retrieveCustomer(`x/../../customers/${customerId}`, client())).rejects.toMatchObject({
      apiErrorCode: 'param_wrong_value',
      param: 'customer_id',
    });
  });

  it('lists the plans on sale and retrieves one', async () => {
    const plans = await listItemPrices(client());
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).toMatchObject({ item_type: 'plan', status: 'active' });
    const first = plans[0];
    if (!first) throw new Error('no plan');
    expect((await retrieveItemPrice(first.id, client())).name).toBe(first.name);
  });

  it('lists a customer subscriptions, and none for a new customer', async () => {
    const customerId = await newCustomer('cl_subs');
    expect(await listSubscriptions(customerId, client())).toEqual([]);
    const card = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    });
    expect(card.status).toBe(200);
    const plan = (await listItemPrices(client()))[0];
    const created = await api('POST', `customers/${customerId}/subscription_for_items`, {
      subscription_items: { item_price_id: [plan?.id] },
    });
    expect(created.status).toBe(200);
    const subscriptions = await listSubscriptions(customerId, client());
    expect(subscriptions).toHaveLength(1);
    // The first plan listed is a monthly one, which starts with its 14-day trial.
    expect(subscriptions[0]).toMatchObject({ customer_id: customerId, status: 'in_trial' });
    expect(subscriptions[0]?.subscription_items?.[0]?.item_price_id).toBe(plan?.id);
  });

  it('creates a hosted checkout for an existing customer and refuses to acknowledge it before it succeeds', async () => {
    const customerId = await newCustomer('cl_hp');
    const plan = (await listItemPrices(client()))[0];
    const page = await createCheckout(
      {
        itemPriceId: plan?.id ?? '',
        customerId,
        redirectUrl: 'https://example.com/subscribe/return',
        cancelUrl: 'https://example.com/pricing',
      },
      client(),
    );
    expect(page).toMatchObject({ type: 'checkout_new', state: 'created' });
    expect(page.url).toContain(page.id);
    expect((await retrieveHostedPage(page.id, client())).id).toBe(page.id);
    await expect(acknowledgeHostedPage(page.id, client())).rejects.toMatchObject({
      apiErrorCode: 'invalid_state_for_request',
    });
  });

  it('retrieves an event the provider recorded', async () => {
    await newCustomer('cl_ev');
    const listed = await api('GET', 'events', { limit: 1 });
    const first = (listed.body.list as { event: { id: string; event_type: string } }[])[0]?.event;
    if (!first) throw new Error('the provider recorded no event');
    const event = await retrieveEvent(first.id, client());
    expect(event).toMatchObject({ id: first.id, event_type: first.event_type });
    expect(typeof event.content).toBe('object');
  });
});
