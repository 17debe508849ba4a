import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

type HostedPage = Record<string, unknown> & {
  id: string;
  url: string;
  created_at: number;
  expires_at: number;
};

async function checkout(params: Record<string, unknown>) {
  return api('POST', 'hosted_pages/checkout_new_for_items', {
    subscription_items: { item_price_id: ['reader-USD-monthly'] },
    ...params,
  });
}

describe('hosted pages API', () => {
  it('creates a checkout page for a new customer with the documented shape', async () => {
    const email = `${uniqueId('hp')}@example.com`;
    const answer = await checkout({
      customer: { email, first_name: 'Katherine' },
      redirect_url: 'https://example.com/welcome?from=checkout',
      cancel_url: 'https://example.com/pricing',
      pass_thru_content: 'campaign-42',
    });
    expect(answer.status).toBe(200);
    const page = answer.body.hosted_page as HostedPage;
    expect(page).toMatchObject({
      type: 'checkout_new',
      state: 'created',
      embed: false,
      pass_thru_content: 'campaign-42',
      object: 'hosted_page',
    });
    expect(page.id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(page.url).toBe(`${new URL(page.url).origin}/pages/v3/${page.id}/`);
    expect(page.expires_at - page.created_at).toBe(3 * 3600);
    expect(page).not.toHaveProperty('content');
    expect((await api('GET', `hosted_pages/${page.id}`)).body.hosted_page).toEqual(page);
  });

  it('checks out for an existing customer by customer[id]', async () => {
    const id = uniqueId('hp');
    await api('POST', 'customers', { id, email: `${id}@example.com` });
    const answer = await checkout({ customer: { id } });
    expect(answer.status).toBe(200);
  });

  it('refuses to acknowledge a page that has not succeeded', async () => {
    const page = (await checkout({ customer: { email: `${uniqueId('hp')}@example.com` } })).body
      .hosted_page as HostedPage;
    expectChargebeeError(
      await api('POST', `hosted_pages/${page.id}/acknowledge`),
      409,
      'invalid_state_for_request',
    );
    expect(((await api('GET', `hosted_pages/${page.id}`)).body.hosted_page as HostedPage).state).toBe(
      'created',
    );
  });

  it('validates the items, the customer and the URLs, naming each parameter', async () => {
    expectChargebeeError(
      await api('POST', 'hosted_pages/checkout_new_for_items', { customer: { email: 'a@example.com' } }),
      400,
      'param_wrong_value',
      'subscription_items',
    );
    expectChargebeeError(
      await checkout({ subscription_items: { item_price_id: ['no-such-plan'] } }),
      404,
      'resource_not_found',
      'subscription_items[item_price_id][0]',
    );
    expectChargebeeError(
      await checkout({ customer: { id: uniqueId('ghost') } }),
      400,
      'param_wrong_value',
      'customer[email]',
    );
    expectChargebeeError(
      await checkout({ customer: { email: 'a@example.com' }, redirect_url: 'ftp://example.com' }),
      400,
      'param_wrong_value',
      'redirect_url',
    );
    expectChargebeeError(
      await checkout({ customer: { email: 'a@example.com' }, pass_thru_content: 'x'.repeat(2049) }),
      400,
      'param_wrong_value',
      'pass_thru_content',
    );
    expectChargebeeError(await api('GET', 'hosted_pages/doesnotexist'), 404, 'resource_not_found');
  });

  it('refuses a past subscription[trial_end] and the documented parameters it does not support', async () => {
    const customer = { email: 'a@example.com' };
    const cases: [Record<string, unknown>, string][] = [
      [{ subscription: { trial_end: '1000' } }, 'subscription[trial_end]'],
      [
        { subscription: { start_date: String(Math.floor(Date.now() / 1000) + 86400) } },
        'subscription[start_date]',
      ],
      [
        { subscription_items: { item_price_id: ['reader-USD-monthly', 'addon-USD-monthly'] } },
        'subscription_items[item_price_id][1]',
      ],
      [{ coupon_ids: ['WELCOME10'] }, 'coupon_ids[0]'],
      [{ billing_cycles: '2' }, 'billing_cycles'],
      [{ shipping_address: { city: 'Leeds' } }, 'shipping_address[city]'],
      [{ card: { gateway_account_id: 'gw_other' } }, 'card[gateway_account_id]'],
    ];
    for (const [params, param] of cases) {
      expectChargebeeError(await checkout({ customer, ...params }), 400, 'param_wrong_value', param);
    }
    const noTrial = await checkout({ customer, subscription: { trial_end: '0' } });
    expect(noTrial.status).toBe(200);
  });

  it('lists pages by state with pagination', async () => {
    for (let i = 0; i < 3; i++) await checkout({ customer: { email: `${uniqueId('hpl')}@example.com` } });
    const first = await api('GET', 'hosted_pages', { state: { is: 'created' }, limit: 2 });
    expect((first.body.list as unknown[]).length).toBe(2);
    expect(first.body.next_offset).toEqual(expect.any(String));
    const second = await api('GET', 'hosted_pages', {
      state: { is: 'created' },
      limit: 2,
      offset: first.body.next_offset,
    });
    const ids = [
      ...(first.body.list as { hosted_page: HostedPage }[]),
      ...(second.body.list as { hosted_page: HostedPage }[]),
    ].map((entry) => entry.hosted_page.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
