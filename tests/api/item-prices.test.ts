import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError } from '../support/api';

type ItemPrice = Record<string, unknown> & { id: string };
const ids = (body: Record<string, unknown>) =>
  (body.list as { item_price: ItemPrice }[]).map((entry) => entry.item_price.id);

describe('GET /item_prices', () => {
  it('lists the four plans with the full wire shape', async () => {
    const answer = await api('GET', 'item_prices', { limit: '100' });
    expect(answer.status).toBe(200);
    expect(ids(answer.body).sort()).toEqual([
      'patron-USD-monthly',
      'patron-USD-yearly',
      'reader-USD-monthly',
      'reader-USD-yearly',
    ]);
    expect(answer.body.next_offset).toBeUndefined();
    const entry = (answer.body.list as { item_price: ItemPrice }[]).find(
      ({ item_price }) => item_price.id === 'reader-USD-monthly',
    );
    expect(Object.keys(entry ?? {})).toEqual(['item_price']);
    expect(entry?.item_price).toEqual({
      id: 'reader-USD-monthly',
      name: 'Reader Monthly',
      item_family_id: 'gatehouse-memberships',
      item_id: 'reader',
      description: expect.stringMatching(/archive/),
      status: 'active',
      external_name: 'Reader',
      pricing_model: 'flat_fee',
      price: 900,
      period: 1,
      currency_code: 'USD',
      period_unit: 'month',
      trial_period: 14,
      trial_period_unit: 'day',
      trial_end_action: 'site_default',
      free_quantity: 0,
      channel: 'web',
      item_type: 'plan',
      is_taxable: true,
      show_description_in_invoices: false,
      show_description_in_quotes: false,
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      resource_version: expect.any(Number),
      deleted: false,
      object: 'item_price',
    });
    const prices = Object.fromEntries(
      (answer.body.list as { item_price: ItemPrice }[]).map(({ item_price }) => [
        item_price.id,
        item_price.price,
      ]),
    );
    expect(prices).toEqual({
      'reader-USD-monthly': 900,
      'reader-USD-yearly': 9000,
      'patron-USD-monthly': 2000,
      'patron-USD-yearly': 20000,
    });
  });

  it('filters by item_type, item_id (bracketed or bare), status and period_unit', async () => {
    expect(ids((await api('GET', 'item_prices', { item_id: { is: 'patron' } })).body)).toEqual([
      'patron-USD-monthly',
      'patron-USD-yearly',
    ]);
    expect(ids((await api('GET', 'item_prices', { item_id: 'reader' })).body)).toEqual([
      'reader-USD-monthly',
      'reader-USD-yearly',
    ]);
    expect(ids((await api('GET', 'item_prices', { period_unit: { is: 'year' } })).body)).toEqual([
      'patron-USD-yearly',
      'reader-USD-yearly',
    ]);
    expect(ids((await api('GET', 'item_prices', { item_type: { is: 'plan' } })).body)).toHaveLength(4);
    expect(ids((await api('GET', 'item_prices', { item_type: { is: 'addon' } })).body)).toEqual([]);
    expect(ids((await api('GET', 'item_prices', { status: { is: 'archived' } })).body)).toEqual([]);
    expect(
      ids(
        (await api('GET', 'item_prices', { status: { in: '["active"]' }, period_unit: { is: 'month' } }))
          .body,
      ),
    ).toEqual(['patron-USD-monthly', 'reader-USD-monthly']);
  });

  it('pages with limit and next_offset without repeating or skipping', async () => {
    const first = await api('GET', 'item_prices', { limit: '3' });
    expect(ids(first.body)).toHaveLength(3);
    expect(first.body.next_offset).toEqual(expect.any(String));
    const second = await api('GET', 'item_prices', { limit: '3', offset: first.body.next_offset });
    expect(second.body.next_offset).toBeUndefined();
    expect([...ids(first.body), ...ids(second.body)]).toEqual([
      'patron-USD-monthly',
      'patron-USD-yearly',
      'reader-USD-monthly',
      'reader-USD-yearly',
    ]);
  });

  it('names the parameter of a bad filter, limit or offset', async () => {
    expectChargebeeError(await api('GET', 'item_prices', { limit: '0' }), 400, 'param_wrong_value', 'limit');
    expectChargebeeError(
      await api('GET', 'item_prices', { offset: 'nope' }),
      400,
      'param_wrong_value',
      'offset',
    );
    const answer = await api('GET', 'item_prices', { period_unit: { is: 'fortnight' } });
    expect(answer.status).toBe(400);
    expect(String(answer.body.param)).toMatch(/^period_unit/);
  });
});

describe('GET /item_prices/{id}', () => {
  it('returns one item price', async () => {
    const answer = await api('GET', 'item_prices/patron-USD-yearly');
    expect(answer.status).toBe(200);
    expect(answer.body.item_price).toMatchObject({
      id: 'patron-USD-yearly',
      item_id: 'patron',
      price: 20000,
      period_unit: 'year',
      object: 'item_price',
    });
  });

  it('answers 404 naming item_price_id for an unknown id', async () => {
    expectChargebeeError(
      await api('GET', 'item_prices/gold-USD-monthly'),
      404,
      'resource_not_found',
      'item_price_id',
    );
  });
});
