import type Chargebee from 'chargebee';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/api';
import { sdk } from '../support/sdk';

const expiryYear = new Date().getUTCFullYear() + 3;

async function customerWithCard(cb: Chargebee) {
  const id = uniqueId('sdkb');
  await cb.customer.create({ id, email: `${id}@example.com` });
  const { payment_source } = await cb.paymentSource.createCard({
    customer_id: id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: expiryYear, cvv: '123' },
  });
  return { id, paymentSourceId: payment_source.id };
}

describe('the official chargebee SDK drives billing unmodified', () => {
  it('reads the plans', async () => {
    const cb = sdk();
    const { list } = await cb.itemPrice.list({ item_type: { is: 'plan' }, limit: 10 });
    const ids = list.map((entry) => entry.item_price.id);
    expect(ids).toEqual(expect.arrayContaining(['reader-USD-monthly', 'reader-USD-yearly']));
    const { item_price } = await cb.itemPrice.retrieve('reader-USD-yearly');
    expect(item_price).toMatchObject({
      period_unit: 'year',
      currency_code: 'USD',
      pricing_model: 'flat_fee',
    });
  });

  it('stores a card with only what may be kept, and lists it', async () => {
    const cb = sdk();
    const { id, paymentSourceId } = await customerWithCard(cb);
    const { payment_source } = await cb.paymentSource.retrieve(paymentSourceId);
    expect(payment_source.card).toMatchObject({ last4: '1111', brand: 'visa', expiry_year: expiryYear });
    expect(JSON.stringify(payment_source)).not.toContain('4111111111111111');
    const { list } = await cb.paymentSource.list({ customer_id: { is: id } });
    expect(list.map((entry) => entry.payment_source.id)).toEqual([paymentSourceId]);
    expect((await cb.customer.retrieve(id)).customer.primary_payment_source_id).toBe(paymentSourceId);
  });

  it('runs a subscription through its lifecycle: create, change plan, cancel at term end, undo, cancel, reactivate', async () => {
    const cb = sdk();
    const { id } = await customerWithCard(cb);
    const created = await cb.subscription.createWithItems(id, {
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      trial_end: 0, // the paid path: no trial, first invoice now
    });
    const subscriptionId = created.subscription.id;
    expect(created.subscription.status).toBe('active');
    expect(created.invoice?.status).toBe('paid');

    const changed = await cb.subscription.updateForItems(subscriptionId, {
      subscription_items: [{ item_price_id: 'patron-USD-monthly' }],
      change_option: 'immediately',
    });
    expect(changed.subscription.subscription_items?.[0]?.item_price_id).toBe('patron-USD-monthly');

    const scheduled = await cb.subscription.cancelForItems(subscriptionId, { cancel_option: 'end_of_term' });
    expect(scheduled.subscription.status).toBe('non_renewing');
    expect((await cb.subscription.removeScheduledCancellation(subscriptionId)).subscription.status).toBe(
      'active',
    );
    expect(
      (await cb.subscription.cancelForItems(subscriptionId, { cancel_option: 'immediately' })).subscription
        .status,
    ).toBe('cancelled');
    expect((await cb.subscription.reactivate(subscriptionId)).subscription.status).toBe('active');

    const { list } = await cb.subscription.list({
      customer_id: { is: id },
      status: { in: ['active', 'in_trial'] },
    });
    expect(list.map((entry) => entry.subscription.id)).toEqual([subscriptionId]);

    const events = await cb.event.list({
      event_type: { in: ['subscription_created', 'subscription_cancelled'] },
      limit: 50,
    });
    const mine = events.list.filter(
      (entry) =>
        (entry.event.content as { subscription?: { id: string } }).subscription?.id === subscriptionId,
    );
    expect(mine.map((entry) => entry.event.event_type).sort()).toEqual([
      'subscription_cancelled',
      'subscription_created',
    ]);
  });

  it('pauses and resumes', async () => {
    const cb = sdk();
    const { id } = await customerWithCard(cb);
    const { subscription } = await cb.subscription.createWithItems(id, {
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      trial_end: 0, // the paid path: no trial, first invoice now
    });
    expect(
      (await cb.subscription.pause(subscription.id, { pause_option: 'immediately' })).subscription.status,
    ).toBe('paused');
    expect(
      (await cb.subscription.resume(subscription.id, { resume_option: 'immediately' })).subscription.status,
    ).toBe('active');
  });

  it('lists invoices and downloads one as a PDF', async () => {
    const cb = sdk();
    const { id } = await customerWithCard(cb);
    await cb.subscription.createWithItems(id, {
      subscription_items: [{ item_price_id: 'reader-USD-yearly' }],
    });
    const { list } = await cb.invoice.list({ customer_id: { is: id } });
    expect(list).toHaveLength(1);
    const invoice = list[0]?.invoice;
    expect(invoice).toMatchObject({ status: 'paid', total: 9000, currency_code: 'USD' });
    const { download } = await cb.invoice.pdf(invoice?.id as string);
    const pdf = await fetch(download.download_url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('creates, retrieves and (refuses to) acknowledge a hosted checkout', async () => {
    const cb = sdk();
    const id = uniqueId('sdkh');
    await cb.customer.create({ id, email: `${id}@example.com` });
    const { hosted_page } = await cb.hostedPage.checkoutNewForItems({
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      customer: { id },
      redirect_url: 'https://example.com/welcome',
    });
    expect(hosted_page).toMatchObject({ type: 'checkout_new', state: 'created' });
    expect((await cb.hostedPage.retrieve(hosted_page.id as string)).hosted_page.url).toBe(hosted_page.url);
    const refused = await cb.hostedPage
      .acknowledge(hosted_page.id as string)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ http_status_code: 409, api_error_code: 'invalid_state_for_request' });
  });
});
