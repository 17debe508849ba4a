import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

async function newCustomer() {
  const id = uniqueId('ps');
  await api('POST', 'customers', { id, email: `${id}@example.com` });
  return id;
}

type Session = Record<string, unknown> & {
  id: string;
  token: string;
  access_url: string;
  created_at: number;
};

describe('portal sessions API', () => {
  it('creates an SSO session with the documented shape and a live linked_customers entry', async () => {
    const customerId = await newCustomer();
    const answer = await api('POST', 'portal_sessions', {
      customer: { id: customerId },
      redirect_url: 'https://example.com/account',
      forward_url: 'https://example.com/portal/sub',
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['portal_session']);
    const session = answer.body.portal_session as Session;
    expect(session).toMatchObject({
      status: 'created',
      customer_id: customerId,
      redirect_url: 'https://example.com/account',
      object: 'portal_session',
      linked_customers: [
        {
          customer_id: customerId,
          email: `${customerId}@example.com`,
          has_billing_address: false,
          has_payment_method: false,
          has_active_subscription: false,
          object: 'linked_customer',
        },
      ],
    });
    expect(session.id).toMatch(/^portal_[A-Za-z0-9]+$/);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43,70}$/);
    expect(session.access_url).toBe(`${new URL(session.access_url).origin}/portal/access/${session.token}`);
    expect(session.expires_at).toBe(session.created_at + 3600);
    for (const absent of ['login_at', 'logout_at', 'login_ipaddress', 'logout_ipaddress', 'forward_url']) {
      expect(session).not.toHaveProperty(absent);
    }

    await api('POST', `customers/${customerId}/update_billing_info`, {
      billing_address: { line1: '1 Main St' },
    });
    const retrieved = (await api('GET', `portal_sessions/${session.id}`)).body.portal_session as Session;
    expect(retrieved.token).toBe(session.token);
    expect((retrieved.linked_customers as { has_billing_address: boolean }[])[0]?.has_billing_address).toBe(
      true,
    );
  });

  it('reports a payment method and a live subscription in linked_customers, and drops them when they go', async () => {
    const customerId = await newCustomer();
    const card = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    });
    expect(card.status).toBe(200);
    const linked = async (id: string) =>
      ((await api('GET', `portal_sessions/${id}`)).body.portal_session as Session).linked_customers as Record<
        string,
        unknown
      >[];
    const session = (await api('POST', 'portal_sessions', { customer: { id: customerId } })).body
      .portal_session as Session;
    expect(session.linked_customers).toEqual([
      expect.objectContaining({ has_payment_method: true, has_active_subscription: false }),
    ]);
    const subscribed = await api('POST', `customers/${customerId}/subscription_for_items`, {
      subscription_items: { item_price_id: ['reader-USD-monthly'] },
    });
    expect(subscribed.status).toBe(200);
    const subscriptionId = (subscribed.body.subscription as { id: string }).id;
    expect(await linked(session.id)).toEqual([
      expect.objectContaining({ has_payment_method: true, has_active_subscription: true }),
    ]);
    await api('POST', `subscriptions/${subscriptionId}/cancel_for_items`, { end_of_term: 'false' });
    await api('POST', `payment_sources/${(card.body.payment_source as { id: string }).id}/delete`);
    expect(await linked(session.id)).toEqual([
      expect.objectContaining({ has_payment_method: false, has_active_subscription: false }),
    ]);
  });

  it('lists every customer sharing the email in linked_customers, each with flags true to its own data', async () => {
    const email = `${uniqueId('twin')}@example.com`;
    const reader = uniqueId('twin');
    const payer = uniqueId('twin');
    expect((await api('POST', 'customers', { id: reader, email })).status).toBe(200);
    expect((await api('POST', 'customers', { id: payer, email: email.toUpperCase() })).status).toBe(200);
    await api('POST', 'customers', { id: uniqueId('twin'), email: `not.${email}` });
    await api('POST', `customers/${payer}/update_billing_info`, { billing_address: { line1: '1 Main St' } });
    await api('POST', 'payment_sources/create_card', {
      customer_id: payer,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    });
    const subscribed = await api('POST', `customers/${payer}/subscription_for_items`, {
      subscription_items: { item_price_id: ['reader-USD-monthly'] },
    });
    expect(subscribed.status).toBe(200);
    const readerEntry = {
      customer_id: reader,
      email,
      has_billing_address: false,
      has_payment_method: false,
      has_active_subscription: false,
      object: 'linked_customer',
    };
    const payerEntry = {
      customer_id: payer,
      email: email.toUpperCase(),
      has_billing_address: true,
      has_payment_method: true,
      has_active_subscription: true,
      object: 'linked_customer',
    };

    const forReader = (await api('POST', 'portal_sessions', { customer: { id: reader } })).body
      .portal_session as Session;
    expect(forReader.linked_customers).toEqual([readerEntry, payerEntry]);
    const forPayer = (await api('POST', 'portal_sessions', { customer: { id: payer } })).body
      .portal_session as Session;
    expect(forPayer.linked_customers).toEqual([payerEntry, readerEntry]);
    expect(
      ((await api('GET', `portal_sessions/${forReader.id}`)).body.portal_session as Session).linked_customers,
    ).toEqual([readerEntry, payerEntry]);
    expect(
      ((await api('POST', `portal_sessions/${forPayer.id}/logout`)).body.portal_session as Session)
        .linked_customers,
    ).toEqual([payerEntry, readerEntry]);
  });

  it('logs out a created session (its access URL dies) and answers a second logout unchanged', async () => {
    const customerId = await newCustomer();
    const session = (await api('POST', 'portal_sessions', { customer: { id: customerId } })).body
      .portal_session as Session;
    const out = await api(
      'POST',
      `portal_sessions/${session.id}/logout`,
      {},
      {
        headers: { 'chargebee-request-origin-ip': '198.51.100.23' },
      },
    );
    expect(out.body.portal_session).toMatchObject({
      status: 'logged_out',
      logout_ipaddress: '198.51.100.23',
    });
    const again = await api('POST', `portal_sessions/${session.id}/logout`);
    expect(again.status).toBe(200);
    expect(again.body.portal_session).toEqual(out.body.portal_session);
  });

  it('refuses to activate an SSO session, a wrong token, and an unknown id', async () => {
    const customerId = await newCustomer();
    const session = (await api('POST', 'portal_sessions', { customer: { id: customerId } })).body
      .portal_session as Session;
    expectChargebeeError(
      await api('POST', `portal_sessions/${session.id}/activate`, { token: 'wrong-token' }),
      400,
      'param_wrong_value',
      'token',
    );
    expectChargebeeError(
      await api('POST', `portal_sessions/${session.id}/activate`, { token: session.token }),
      409,
      'invalid_state_for_request',
    );
    expectChargebeeError(
      await api('POST', 'portal_sessions/portal_doesnotexist/activate', { token: 'x' }),
      404,
      'resource_not_found',
    );
    expectChargebeeError(
      await api('POST', `portal_sessions/${session.id}/activate`),
      400,
      'param_wrong_value',
      'token',
    );
  });

  it('validates create parameters, naming each one', async () => {
    expectChargebeeError(await api('POST', 'portal_sessions', {}), 400, 'param_wrong_value', 'customer[id]');
    expectChargebeeError(
      await api('POST', 'portal_sessions', { customer: { id: 'ghost_customer' } }),
      404,
      'resource_not_found',
      'customer[id]',
    );
    const customerId = await newCustomer();
    expectChargebeeError(
      await api('POST', 'portal_sessions', {
        customer: { id: customerId },
        redirect_url: 'javascript:alert(1)',
      }),
      400,
      'param_wrong_value',
      'redirect_url',
    );
    expectChargebeeError(
      await api('POST', 'portal_sessions', {
        customer: { id: customerId },
        forward_url: `https://example.com/${'a'.repeat(250)}`,
      }),
      400,
      'param_wrong_value',
      'forward_url',
    );
  });

  it('rejects path ids that could walk the URL', async () => {
    for (const id of ['..', 'a.b', '%2E%2E', 'x%2F..%2Fcustomers']) {
      const answer = await api('POST', `portal_sessions/${id}/logout`);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.api_error_code).toEqual(expect.any(String));
    }
  });
});
