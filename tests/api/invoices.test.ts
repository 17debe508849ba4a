import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

type Wire = Record<string, unknown> & { id: string };
type Download = { download_url: string; valid_till: number; mime_type: string };

const expiryYear = String(new Date().getUTCFullYear() + 3);

async function customerWithCard(card = '4111111111111111'): Promise<string> {
  const id = uniqueId('inv');
  const created = await api('POST', 'customers', {
    id,
    first_name: 'Grace',
    last_name: 'Hopper',
    email: `${id}@example.com`,
    billing_address: {
      line1: '7 Harbour Street',
      city: 'Arlington',
      state: 'Virginia',
      zip: '22201',
      country: 'US',
    },
  });
  expect(created.status).toBe(200);
  const card2 = await api('POST', 'payment_sources/create_card', {
    customer_id: id,
    card: { number: card, expiry_month: '10', expiry_year: expiryYear, cvv: '321' },
  });
  expect(card2.status, JSON.stringify(card2.body)).toBe(200);
  return id;
}

async function subscribe(customerId: string, itemPriceId = 'reader-USD-monthly') {
  const answer = await api('POST', `customers/${customerId}/subscription_for_items`, {
    subscription_items: { item_price_id: [itemPriceId] },
    trial_end: '0',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { subscription: Wire; invoice: Wire };
}

/** A subscription with three invoices: start, an immediate upgrade, and a switch to yearly billing. */
async function threeInvoices() {
  const customerId = await customerWithCard();
  const { subscription, invoice } = await subscribe(customerId);
  const ids = [invoice.id];
  for (const next of ['patron-USD-monthly', 'patron-USD-yearly']) {
    const changed = await api('POST', `subscriptions/${subscription.id}/update_for_items`, {
      subscription_items: { item_price_id: [next] },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    ids.push((changed.body.invoice as Wire).id);
  }
  return { customerId, subscriptionId: subscription.id, ids };
}

const listed = (body: Record<string, unknown>) =>
  (body.list as { invoice: Wire }[]).map((entry) => entry.invoice.id);

describe('GET /invoices and /invoices/{id}', () => {
  it('retrieves an invoice with its full wire shape', async () => {
    const customerId = await customerWithCard();
    const { invoice } = await subscribe(customerId);
    const answer = await api('GET', `invoices/${invoice.id}`);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['invoice']);
    const body = answer.body.invoice as Wire;
    expect(body).toEqual(invoice);
    expect(body).toMatchObject({
      customer_id: customerId,
      recurring: true,
      status: 'paid',
      price_type: 'tax_exclusive',
      currency_code: 'USD',
      sub_total: 900,
      tax: 0,
      total: 900,
      amount_paid: 900,
      amount_due: 0,
      credits_applied: 0,
      term_finalized: true,
      deleted: false,
      object: 'invoice',
      billing_address: expect.objectContaining({
        line1: '7 Harbour Street',
        country: 'US',
        object: 'billing_address',
      }),
      line_items: [
        expect.objectContaining({
          id: expect.stringMatching(/^li_/),
          entity_type: 'plan_item_price',
          entity_id: 'reader-USD-monthly',
          description: 'Reader Monthly',
          unit_amount: 900,
          quantity: 1,
          amount: 900,
          is_taxed: false,
          object: 'line_item',
        }),
      ],
      linked_payments: [
        expect.objectContaining({
          txn_id: expect.stringMatching(/^txn_/),
          txn_status: 'success',
          applied_amount: 900,
        }),
      ],
    });
    expect(body.paid_at).toBe(body.date);
    expectChargebeeError(await api('GET', 'invoices/999999999'), 404, 'resource_not_found', 'invoice_id');
  });

  it('lists newest first, filters by customer, subscription and status, and pages with next_offset', async () => {
    const { customerId, subscriptionId, ids } = await threeInvoices();
    const newestFirst = [...ids].reverse();
    const first = await api('GET', 'invoices', { customer_id: { is: customerId }, limit: '2' });
    expect(first.status).toBe(200);
    expect(listed(first.body)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.next_offset).toEqual(expect.any(String));
    const second = await api('GET', 'invoices', {
      customer_id: { is: customerId },
      limit: '2',
      offset: first.body.next_offset,
    });
    expect(listed(second.body)).toEqual(newestFirst.slice(2));
    expect(second.body.next_offset).toBeUndefined();

    expect(listed((await api('GET', 'invoices', { subscription_id: { is: subscriptionId } })).body)).toEqual(
      newestFirst,
    );
    expect(listed((await api('GET', `subscriptions/${subscriptionId}/invoices`)).body)).toEqual(newestFirst);
    expect(listed((await api('GET', `customers/${customerId}/invoices`, { limit: '1' })).body)).toEqual(
      newestFirst.slice(0, 1),
    );
    expect(
      listed(
        (await api('GET', 'invoices', { customer_id: { is: customerId }, status: { is: 'payment_due' } }))
          .body,
      ),
    ).toEqual([]);

    const declined = await customerWithCard('4005519200000004');
    const { invoice } = await subscribe(declined, 'patron-USD-monthly');
    const due = await api('GET', 'invoices', {
      customer_id: { is: declined },
      status: { is: 'payment_due' },
    });
    expect(due.body.list).toEqual([
      {
        invoice: expect.objectContaining({
          id: invoice.id,
          status: 'payment_due',
          dunning_status: 'in_progress',
          amount_due: 2000,
        }),
      },
    ]);
    expect((due.body.list as { invoice: { linked_payments: Wire[] } }[])[0]?.invoice.linked_payments).toEqual(
      [expect.objectContaining({ txn_status: 'failure', applied_amount: 0 })],
    );
  });

  it('404s for the lists of an unknown subscription or customer, and names bad filters', async () => {
    expectChargebeeError(
      await api('GET', 'subscriptions/no_such_sub/invoices'),
      404,
      'resource_not_found',
      'subscription_id',
    );
    expectChargebeeError(
      await api('GET', `customers/${uniqueId('ghost')}/invoices`),
      404,
      'resource_not_found',
      'customer_id',
    );
    expectChargebeeError(await api('GET', 'invoices', { limit: '101' }), 400, 'param_wrong_value', 'limit');
    const bad = await api('GET', 'invoices', { status: { is: 'lost' } });
    expect(bad.status).toBe(400);
    expect(String(bad.body.param)).toMatch(/^status/);
  });
});

describe('POST /invoices/{id}/pdf', () => {
  it('answers a signed download link that serves the PDF for an hour', async () => {
    const customerId = await customerWithCard();
    const { invoice } = await subscribe(customerId);
    const now = Math.floor(Date.now() / 1000);
    const answer = await api('POST', `invoices/${invoice.id}/pdf`);
    expect(answer.status).toBe(200);
    const download = answer.body.download as Download;
    expect(download).toMatchObject({
      mime_type: 'application/pdf',
      download_url: expect.stringMatching(/^http/),
    });
    expect(download.valid_till - now).toBeGreaterThanOrEqual(3598);
    expect(download.valid_till - now).toBeLessThanOrEqual(3602);

    const pdf = await fetch(download.download_url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${invoice.id}.pdf"`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);

    const inline = await api('POST', `invoices/${invoice.id}/pdf`, { disposition_type: 'inline' });
    const shown = await fetch((inline.body.download as Download).download_url);
    expect(shown.headers.get('content-disposition')).toMatch(/^inline;/);
  });

  it('refuses a tampered link with a JSON 403 and never sends the PDF', async () => {
    const customerId = await customerWithCard();
    const { invoice } = await subscribe(customerId);
    const other = (await subscribe(customerId)).invoice;
    const url = new URL(
      ((await api('POST', `invoices/${invoice.id}/pdf`)).body.download as Download).download_url,
    );
    const tampered = [
      (u: URL) => u.searchParams.set('signature', `${u.searchParams.get('signature')?.slice(0, -2)}AA`),
      (u: URL) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 86400)),
      (u: URL) => u.searchParams.set('disposition', 'inline'),
      (u: URL) => u.searchParams.delete('signature'),
      (u: URL) => {
        u.pathname = u.pathname.replace(`/${invoice.id}/`, `/${other.id}/`);
      },
    ];
    for (const tamper of tampered) {
      const changed = new URL(url);
      tamper(changed);
      const response = await fetch(changed);
      expect(response.status, changed.toString()).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        api_error_code: 'invalid_signature',
        message: expect.stringMatching(/not valid/),
      });
    }
  });

  it('404s naming invoice_id for an unknown invoice and names a bad disposition_type', async () => {
    expectChargebeeError(
      await api('POST', 'invoices/424242424/pdf'),
      404,
      'resource_not_found',
      'invoice_id',
    );
    const customerId = await customerWithCard();
    const { invoice } = await subscribe(customerId);
    expectChargebeeError(
      await api('POST', `invoices/${invoice.id}/pdf`, { disposition_type: 'download' }),
      400,
      'param_wrong_value',
      'disposition_type',
    );
  });
});

describe('collecting an invoice that is due', () => {
  it('refuses a declining card without changing anything, then collects with a good one, once', async () => {
    const customerId = await customerWithCard('4005519200000004');
    const { subscription, invoice } = await subscribe(customerId);
    expect(invoice).toMatchObject({
      status: 'payment_due',
      dunning_status: 'in_progress',
      next_retry_at: (invoice.date as number) + 3 * 86400,
    });
    expect(subscription).toMatchObject({ due_invoices_count: 1, total_dues: 900 });

    const declined = await api('POST', `invoices/${invoice.id}/collect_payment`);
    expectChargebeeError(declined, 400, 'payment_processing_failed');
    expect((await api('GET', `invoices/${invoice.id}`)).body.invoice).toMatchObject({
      status: 'payment_due',
      amount_due: 900,
    });

    const card = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: { number: '4111111111111111', expiry_month: '10', expiry_year: expiryYear, cvv: '321' },
    });
    const cardId = (card.body.payment_source as Wire).id;
    expectChargebeeError(
      await api('POST', `invoices/${invoice.id}/collect_payment`, { payment_source_id: 'pm_not_theirs_1' }),
      404,
      'resource_not_found',
      'payment_source_id',
    );
    const paid = await api('POST', `invoices/${invoice.id}/collect_payment`, { payment_source_id: cardId });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.invoice).toMatchObject({ status: 'paid', amount_due: 0, dunning_status: 'success' });
    expect((paid.body.invoice as Wire).next_retry_at).toBeUndefined();
    expect((await api('GET', `subscriptions/${subscription.id}`)).body.subscription).toMatchObject({
      status: 'active',
      due_invoices_count: 0,
      total_dues: 0,
    });
    expectChargebeeError(
      await api('POST', `invoices/${invoice.id}/collect_payment`),
      409,
      'invalid_state_for_request',
    );
    expectChargebeeError(
      await api('POST', 'invoices/no_such_invoice/collect_payment'),
      404,
      'resource_not_found',
    );
    expectChargebeeError(
      await api('POST', `invoices/${invoice.id}/collect_payment`, { amount: 100 }),
      400,
      'param_wrong_value',
      'amount',
    );
  });
});
