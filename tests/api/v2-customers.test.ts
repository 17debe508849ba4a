import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

describe('customers API', () => {
  it('creates a customer and answers with the Chargebee shape, omitting unset attributes', async () => {
    const id = uniqueId('cust');
    const created = await api('POST', 'customers', {
      id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: `${id}@example.com`,
      company: 'Analytical Engines',
      billing_address: { line1: '12 St James Sq', city: 'London', zip: 'SW1Y 4JH', country: 'GB' },
    });
    expect(created.status).toBe(200);
    const customer = created.body.customer as Record<string, unknown>;
    expect(customer).toMatchObject({
      id,
      first_name: 'Ada',
      email: `${id}@example.com`,
      auto_collection: 'on',
      deleted: false,
      object: 'customer',
      card_status: 'no_card',
      billing_address: { line1: '12 St James Sq', country: 'GB', object: 'billing_address' },
    });
    expect(customer.created_at).toEqual(expect.any(Number));
    expect(customer.resource_version).toEqual(expect.any(Number));
    expect(customer).not.toHaveProperty('phone');
    expect(Object.values(customer)).not.toContain(null);
    expect(created.body).not.toHaveProperty('card');

    const retrieved = await api('GET', `customers/${id}`);
    expect(retrieved.body.customer).toEqual(customer);
  });

  it('generates an id when none is given and refuses a duplicate id', async () => {
    const generated = await api('POST', 'customers', { email: 'noid@example.com' });
    expect((generated.body.customer as { id: string }).id).toMatch(/^[A-Za-z0-9]{17}$/);
    const id = uniqueId('dup');
    expect((await api('POST', 'customers', { id })).status).toBe(200);
    expectChargebeeError(await api('POST', 'customers', { id }), 400, 'duplicate_entry', 'id');
  });

  it('updates contact details and the billing address, each bumping resource_version', async () => {
    const id = uniqueId('upd');
    const created = (await api('POST', 'customers', { id, first_name: 'Old' })).body.customer as {
      resource_version: number;
    };
    const updated = (await api('POST', `customers/${id}`, { first_name: 'New', phone: '+44 20 7946 0000' }))
      .body.customer as Record<string, unknown>;
    expect(updated).toMatchObject({ first_name: 'New', phone: '+44 20 7946 0000' });
    expect(updated.resource_version as number).toBeGreaterThan(created.resource_version);
    const billed = (
      await api('POST', `customers/${id}/update_billing_info`, {
        billing_address: { city: 'Leeds', country: 'GB' },
      })
    ).body.customer as { billing_address: Record<string, unknown>; resource_version: number };
    expect(billed.billing_address).toMatchObject({ city: 'Leeds', country: 'GB' });
    expect(billed.resource_version).toBeGreaterThan(updated.resource_version as number);
  });

  it('lists by email[is] and pages with next_offset until the end', async () => {
    const email = `${uniqueId('list')}@example.com`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = uniqueId('page');
      ids.push(id);
      await api('POST', 'customers', { id, email });
    }
    const seen: string[] = [];
    let offset: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await api('GET', 'customers', {
        email: { is: email },
        limit: 2,
        ...(offset ? { offset } : {}),
      });
      expect(answer.status).toBe(200);
      const list = answer.body.list as { customer: { id: string } }[];
      seen.push(...list.map((item) => item.customer.id));
      offset = answer.body.next_offset as string | undefined;
      if (!offset) break;
      expect(list).toHaveLength(2);
    }
    expect(seen.sort()).toEqual([...ids].sort());
    expect(offset).toBeUndefined();
    const bare = await api('GET', 'customers', { email: email.toUpperCase() });
    expect((bare.body.list as unknown[]).length).toBe(5);
  });

  it('refuses documented parameters it does not support, by name, and creates nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ card: { number: '4111111111111111' } }, 'card[number]'],
      [{ meta_data: '{"plan":"gold"}' }, 'meta_data'],
      [{ locale: 'fr-FR' }, 'locale'],
      [{ net_term_days: '30' }, 'net_term_days'],
    ];
    for (const [params, param] of cases) {
      const id = uniqueId('unsup');
      expectChargebeeError(
        await api('POST', 'customers', { id, ...params }),
        400,
        'param_wrong_value',
        param,
      );
      expect((await api('GET', `customers/${id}`)).status).toBe(404);
    }
  });

  it('rejects bad input with a 400 that names the parameter, and changes nothing', async () => {
    const id = uniqueId('bad');
    expectChargebeeError(
      await api('POST', 'customers', { id, email: 'not-an-email' }),
      400,
      'param_wrong_value',
      'email',
    );
    expectChargebeeError(await api('POST', 'customers', { id: 'a/b' }), 400, 'param_wrong_value', 'id');
    expectChargebeeError(
      await api('POST', 'customers', { id, first_name: 'x'.repeat(151) }),
      400,
      'param_wrong_value',
      'first_name',
    );
    expectChargebeeError(
      await api('POST', 'customers', { id, billing_address: { country: 'United Kingdom' } }),
      400,
      'param_wrong_value',
      'billing_address[country]',
    );
    expectChargebeeError(await api('GET', 'customers', { limit: 101 }), 400, 'param_wrong_value', 'limit');
    expectChargebeeError(
      await api('GET', 'customers', { offset: 'garbage' }),
      400,
      'param_wrong_value',
      'offset',
    );
    expectChargebeeError(await api('GET', `customers/${id}`), 404, 'resource_not_found');
  });
});
