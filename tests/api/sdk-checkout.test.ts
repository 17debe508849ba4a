import { describe, expect, inject, it } from 'vitest';
import { uniqueId } from '../support/api';
import { payAsBrowser } from '../support/hosted-checkout';
import { sdk } from '../support/sdk';

describe('the official chargebee SDK drives a checkout for a new customer', () => {
  it('creates the page without a customer id, the buyer pays on it, and retrieve shows the result', async () => {
    const cb = sdk();
    const redirectUrl = `${inject('baseUrl')}/?from=sdk-checkout`;
    const passThru = JSON.stringify({ ref: uniqueId('sdkc'), source: 'pricing page' });
    const { hosted_page: created } = await cb.hostedPage.checkoutNewForItems({
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      redirect_url: redirectUrl,
      pass_thru_content: passThru,
    });
    expect(created).toMatchObject({ type: 'checkout_new', state: 'created', pass_thru_content: passThru });
    expect(created.content).toBeUndefined();

    const email = `${uniqueId('sdkc')}@example.com`;
    const paid = await payAsBrowser(created.url as string, {
      email,
      first_name: 'Annie',
      last_name: 'Easley',
      number: '4111 1111 1111 1111',
      expiry_month: '12',
      expiry_year: String(new Date().getUTCFullYear() + 3),
      cvv: '123',
      name: 'Annie Easley',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${redirectUrl}&id=${created.id}&state=succeeded`);

    const { hosted_page } = await cb.hostedPage.retrieve(created.id as string);
    expect(hosted_page).toMatchObject({ id: created.id, state: 'succeeded', pass_thru_content: passThru });
    const content = hosted_page.content as {
      customer: { id: string; email: string; first_name?: string; last_name?: string };
      subscription: { customer_id: string; status: string; trial_end: number; next_billing_at: number };
      invoice?: unknown;
    };
    expect(content.customer).toMatchObject({ email, first_name: 'Annie', last_name: 'Easley' });
    // reader-USD-monthly has a 14-day trial: the card is stored, nothing is charged or invoiced yet.
    expect(content.subscription).toMatchObject({ customer_id: content.customer.id, status: 'in_trial' });
    expect(content.subscription.next_billing_at).toBe(content.subscription.trial_end);
    expect(content.invoice).toBeUndefined();
    const { customer } = await cb.customer.retrieve(content.customer.id);
    expect(customer.email).toBe(email);
    const invoices = await cb.invoice.list({ customer_id: { is: content.customer.id } });
    expect(invoices.list).toEqual([]);
    const cards = await cb.paymentSource.list({ customer_id: { is: content.customer.id } });
    expect(cards.list).toHaveLength(1);
  });

  it("reads the monthly plan's trial from the item price", async () => {
    const { item_price } = await sdk().itemPrice.retrieve('reader-USD-monthly');
    expect(item_price).toMatchObject({
      trial_period: 14,
      trial_period_unit: 'day',
      trial_end_action: 'site_default',
    });
    const { item_price: yearly } = await sdk().itemPrice.retrieve('reader-USD-yearly');
    expect(yearly.trial_period).toBeUndefined();
  });

  it('sees a documented but unsupported parameter refused by name', async () => {
    const error = await sdk()
      .hostedPage.checkoutNewForItems({
        subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
        coupon_ids: ['WELCOME10'],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'coupon_ids[0]',
    });
  });

  it('sees the port rule as a Chargebee error it can read', async () => {
    const error = await sdk()
      .hostedPage.checkoutNewForItems({
        subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
        redirect_url: 'https://shop.example.com:4200/done',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      http_status_code: 400,
      type: 'invalid_request',
      api_error_code: 'param_wrong_value',
      param: 'redirect_url',
      message: expect.stringContaining('UNSUPPORTED_PORT'),
    });
  });
});
