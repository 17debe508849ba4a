import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

type Wire = Record<string, unknown> & { id: string };
type Card = Record<string, string>;

const thisYear = new Date().getUTCFullYear();
const thisMonth = new Date().getUTCMonth() + 1;
const goodYear = String(thisYear + 3);
const card = (number = '4111111111111111', extra: Card = {}): Card => ({
  number,
  expiry_month: '8',
  expiry_year: goodYear,
  cvv: '123',
  ...extra,
});

async function newCustomer(): Promise<string> {
  const id = uniqueId('ps');
  expect((await api('POST', 'customers', { id, first_name: 'Pat' })).status).toBe(200);
  return id;
}

async function createCard(customerId: string, number?: string, extra: Record<string, unknown> = {}) {
  const answer = await api('POST', 'payment_sources/create_card', {
    customer_id: customerId,
    card: card(number),
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { customer: Wire; payment_source: Wire };
}

async function listIds(customerId: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const answer = await api('GET', 'payment_sources', { customer_id: { is: customerId }, ...extra });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body.list as { payment_source: Wire }[]).map((item) => item.payment_source.id);
}

async function customer(id: string): Promise<Wire> {
  return (await api('GET', `customers/${id}`)).body.customer as Wire;
}

async function recentEvents(types: string[]) {
  const answer = await api('GET', 'events', { event_type: { in: JSON.stringify(types) }, limit: '100' });
  expect(answer.status).toBe(200);
  return (answer.body.list as { event: Record<string, unknown> }[]).map((item) => item.event);
}

const contentOf = (event: Record<string, unknown>) =>
  event.content as { customer: Wire; payment_source?: Wire };

describe('POST /payment_sources/create_card', () => {
  it("stores a card and answers {customer, payment_source} in Chargebee's shape", async () => {
    const customerId = await newCustomer();
    const answer = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: card('4111 1111 1111 1111', { first_name: 'Ada', last_name: 'Lovelace' }),
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['customer', 'payment_source']);
    const source = answer.body.payment_source as Wire;
    expect(source).toEqual({
      id: expect.stringMatching(/^pm_[A-Za-z0-9]+$/),
      customer_id: customerId,
      type: 'card',
      reference_id: expect.stringMatching(/^tok_/),
      status: 'valid',
      gateway: 'chargebee',
      gateway_account_id: expect.stringMatching(/^gw_/),
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      resource_version: expect.any(Number),
      deleted: false,
      object: 'payment_source',
      card: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        iin: '411111',
        last4: '1111',
        brand: 'visa',
        funding_type: 'credit',
        expiry_month: 8,
        expiry_year: Number(goodYear),
        masked_number: '************1111',
        object: 'card',
      },
    });
    expect(Math.abs((source.created_at as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(answer.body.customer).toMatchObject({
      id: customerId,
      object: 'customer',
      card_status: 'valid',
      primary_payment_source_id: source.id,
      payment_method: {
        object: 'payment_method',
        type: 'card',
        reference_id: source.reference_id,
        gateway: 'chargebee',
        gateway_account_id: source.gateway_account_id,
        status: 'valid',
      },
    });
    const retrieved = await api('GET', `payment_sources/${source.id}`);
    expect(retrieved.status).toBe(200);
    expect(retrieved.body).toEqual({ payment_source: source });

    const events = await recentEvents(['payment_source_added', 'customer_changed']);
    const mine = events.filter((event) => contentOf(event).customer.id === customerId);
    expect(mine.map((event) => event.event_type).sort()).toEqual([
      'customer_changed',
      'payment_source_added',
    ]);
    const added = mine.find((event) => event.event_type === 'payment_source_added');
    expect(added && contentOf(added)).toEqual({ customer: answer.body.customer, payment_source: source });
  });

  it.each([
    ['4111111111111111', 'visa', '411111', '************1111'],
    ['5555555555554444', 'mastercard', '555555', '************4444'],
    ['378282246310005', 'american_express', '378282', '***********0005'],
    ['6011111111111117', 'discover', '601111', '************1117'],
    ['3530111333300000', 'jcb', '353011', '************0000'],
    ['38520000023237', 'diners_club', '385200', '**********3237'],
    ['4005519200000004', 'visa', '400551', '************0004'],
  ])('stores test card %s as a valid %s card', async (number, brand, iin, masked) => {
    const customerId = await newCustomer();
    const { payment_source } = await createCard(customerId, number);
    expect(payment_source).toMatchObject({
      status: 'valid',
      card: { brand, iin, last4: number.slice(-4), masked_number: masked },
    });
  });

  it('refuses 4119862760338320 with payment_method_verification_failed and stores nothing', async () => {
    const customerId = await newCustomer();
    const answer = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: card('4119862760338320'),
    });
    const body = expectChargebeeError(answer, 400, 'payment_method_verification_failed');
    expect(body.type).toBe('payment');
    expect(await listIds(customerId)).toEqual([]);
    expect((await customer(customerId)).card_status).toBe('no_card');
  });

  it('keeps the first card primary for later cards, and replaces it on request', async () => {
    const customerId = await newCustomer();
    const first = await createCard(customerId);
    const second = await createCard(customerId, '5555555555554444');
    expect(second.customer.primary_payment_source_id).toBe(first.payment_source.id);
    expect(second.customer.resource_version).toBe(first.customer.resource_version);
    const third = await createCard(customerId, '6011111111111117', {
      replace_primary_payment_source: 'true',
    });
    expect(third.customer.primary_payment_source_id).toBe(third.payment_source.id);
    expect(third.customer.backup_payment_source_id).toBeUndefined();
    expect(third.customer.resource_version as number).toBeGreaterThan(
      first.customer.resource_version as number,
    );
    const fourth = await createCard(customerId, '3530111333300000', {
      replace_primary_payment_source: 'false',
    });
    expect(fourth.customer.primary_payment_source_id).toBe(third.payment_source.id);
  });

  const lastMonth =
    thisMonth > 1
      ? [
          [
            'an expiry month already past',
            { expiry_month: String(thisMonth - 1), expiry_year: String(thisYear) },
            'card[expiry_month]',
          ],
        ]
      : [];
  it.each([
    ['a number failing Luhn', { number: '4111111111111112' }, 'card[number]'],
    ['a number too short', { number: '4111111' }, 'card[number]'],
    ['a number with letters', { number: '4111x11111111111' }, 'card[number]'],
    ['no number', { number: undefined }, 'card[number]'],
    ['month 13', { expiry_month: '13' }, 'card[expiry_month]'],
    ['month 0', { expiry_month: '0' }, 'card[expiry_month]'],
    ['a month that is not a number', { expiry_month: 'May' }, 'card[expiry_month]'],
    ['no expiry year', { expiry_year: undefined }, 'card[expiry_year]'],
    ['an expiry year already past', { expiry_year: String(thisYear - 1) }, 'card[expiry_year]'],
    ...lastMonth,
    ['a CVV of two digits', { cvv: '12' }, 'card[cvv]'],
    ['a CVV with a letter', { cvv: '12a' }, 'card[cvv]'],
  ] as [string, Record<string, string | undefined>, string][])(
    'refuses %s, naming %s, and changes nothing',
    async (_, change, param) => {
      const customerId = await newCustomer();
      const existing = await createCard(customerId);
      const answer = await api('POST', 'payment_sources/create_card', {
        customer_id: customerId,
        card: { ...card(), ...change },
      });
      const body = expectChargebeeError(answer, 400, 'param_wrong_value', param);
      expect(JSON.stringify(body)).not.toContain('4111111111111112');
      expect(await listIds(customerId)).toEqual([existing.payment_source.id]);
      expect(await customer(customerId)).toEqual(existing.customer);
    },
  );

  it('names customer_id when it is missing or unknown, and card[number] when no card is sent', async () => {
    expectChargebeeError(
      await api('POST', 'payment_sources/create_card', { card: card() }),
      400,
      'param_wrong_value',
      'customer_id',
    );
    const unknown = uniqueId('nobody');
    expectChargebeeError(
      await api('POST', 'payment_sources/create_card', { customer_id: unknown, card: card() }),
      404,
      'resource_not_found',
      'customer_id',
    );
    expect(await listIds(unknown)).toEqual([]);
    const customerId = await newCustomer();
    expectChargebeeError(
      await api('POST', 'payment_sources/create_card', { customer_id: customerId }),
      400,
      'param_wrong_value',
      'card[number]',
    );
    expectChargebeeError(
      await api('POST', 'payment_sources/create_card', {
        customer_id: customerId,
        replace_primary_payment_source: 'yes',
        card: card(),
      }),
      400,
      'param_wrong_value',
      'replace_primary_payment_source',
    );
    expect(await listIds(customerId)).toEqual([]);
  });
});

describe('GET /payment_sources and /payment_sources/{id}', () => {
  it('lists a customer’s sources newest first, by customer_id[is] or bare customer_id, page by page', async () => {
    const customerId = await newCustomer();
    const other = await newCustomer();
    await createCard(other);
    const added: string[] = [];
    for (const number of ['4111111111111111', '5555555555554444', '6011111111111117']) {
      added.push((await createCard(customerId, number)).payment_source.id);
    }
    const newestFirst = [...added].reverse();
    expect(await listIds(customerId)).toEqual(newestFirst);
    const bare = await api('GET', 'payment_sources', { customer_id: customerId });
    expect((bare.body.list as { payment_source: Wire }[]).map((i) => i.payment_source.id)).toEqual(
      newestFirst,
    );
    expect(Object.keys((bare.body.list as object[])[0] as object)).toEqual(['payment_source']);

    const first = await api('GET', 'payment_sources', { customer_id: { is: customerId }, limit: '2' });
    expect(first.body.next_offset).toEqual(expect.any(String));
    const second = await api('GET', 'payment_sources', {
      customer_id: { is: customerId },
      limit: '2',
      offset: first.body.next_offset,
    });
    expect(second.body.next_offset).toBeUndefined();
    const paged = [...(first.body.list as []), ...(second.body.list as [])].map(
      (i: { payment_source: Wire }) => i.payment_source.id,
    );
    expect(paged).toEqual(newestFirst);
  });

  it('filters on type[is] and status[is], and shows deleted sources only with include_deleted', async () => {
    const customerId = await newCustomer();
    const far = (await createCard(customerId)).payment_source.id;
    const soon = await api('POST', 'payment_sources/create_card', {
      customer_id: customerId,
      card: card('5555555555554444', { expiry_month: String(thisMonth), expiry_year: String(thisYear) }),
    });
    const soonSource = soon.body.payment_source as Wire;
    const endOfMonth = Date.UTC(thisYear, thisMonth, 1) / 1000;
    const soonStatus = Date.now() / 1000 >= endOfMonth - 30 * 86400 ? 'expiring' : 'valid';
    expect(soonSource.status).toBe(soonStatus);

    expect(await listIds(customerId, { type: { is: 'card' } })).toHaveLength(2);
    expect(await listIds(customerId, { type: { is: 'direct_debit' } })).toEqual([]);
    expect(await listIds(customerId, { status: { is: 'expired' } })).toEqual([]);
    expect(await listIds(customerId, { status: { is: soonStatus } })).toContain(soonSource.id);
    expect(await listIds(customerId, { status: { is: 'valid' } })).toContain(far);
    expectChargebeeError(
      await api('GET', 'payment_sources', { status: { is: 'broken' } }),
      400,
      'param_wrong_value',
      'status',
    );

    await api('POST', `payment_sources/${far}/delete`);
    expect(await listIds(customerId)).toEqual([soonSource.id]);
    expect(await listIds(customerId, { include_deleted: 'true' })).toEqual([soonSource.id, far]);
  });

  it('answers 404 naming payment_source_id for an unknown id', async () => {
    expectChargebeeError(
      await api('GET', `payment_sources/${uniqueId('pm_none')}`),
      404,
      'resource_not_found',
      'payment_source_id',
    );
  });
});

describe('POST /payment_sources/{id}/update_card', () => {
  it('changes the expiry and names, keeps the number, and records payment_source_updated', async () => {
    const customerId = await newCustomer();
    const { payment_source: before } = await createCard(customerId);
    const answer = await api('POST', `payment_sources/${before.id}/update_card`, {
      card: {
        expiry_month: '2',
        expiry_year: String(thisYear + 5),
        first_name: 'Grace',
        last_name: 'Hopper',
      },
    });
    expect(answer.status).toBe(200);
    const after = answer.body.payment_source as Wire;
    expect(after).toEqual({
      ...before,
      updated_at: expect.any(Number),
      resource_version: expect.any(Number),
      card: {
        ...(before.card as object),
        expiry_month: 2,
        expiry_year: thisYear + 5,
        first_name: 'Grace',
        last_name: 'Hopper',
      },
    });
    expect(after.resource_version as number).toBeGreaterThan(before.resource_version as number);
    expect((answer.body.customer as Wire).id).toBe(customerId);
    expect((await api('GET', `payment_sources/${before.id}`)).body.payment_source).toEqual(after);
    const events = await recentEvents(['payment_source_updated']);
    expect(
      events.some((event) => contentOf(event).payment_source?.resource_version === after.resource_version),
    ).toBe(true);
  });

  it.each([
    ['a new number', { number: '5555555555554444' }, 'card[number]'],
    ['month 13', { expiry_month: '13' }, 'card[expiry_month]'],
    ['an expiry already past', { expiry_year: String(thisYear - 1) }, 'card[expiry_year]'],
  ])('refuses %s, naming %s, and changes nothing', async (_, change, param) => {
    const customerId = await newCustomer();
    const { payment_source } = await createCard(customerId);
    expectChargebeeError(
      await api('POST', `payment_sources/${payment_source.id}/update_card`, { card: change }),
      400,
      'param_wrong_value',
      param,
    );
    expect((await api('GET', `payment_sources/${payment_source.id}`)).body.payment_source).toEqual(
      payment_source,
    );
  });

  it('answers 404 for an unknown or deleted source', async () => {
    const customerId = await newCustomer();
    const { payment_source } = await createCard(customerId);
    await api('POST', `payment_sources/${payment_source.id}/delete`);
    for (const id of [payment_source.id, uniqueId('pm_none')]) {
      expectChargebeeError(
        await api('POST', `payment_sources/${id}/update_card`, { card: { first_name: 'X' } }),
        404,
        'resource_not_found',
        'payment_source_id',
      );
    }
  });
});

/** A customer with three cards: a (primary), b and c, added in that order. */
async function customerWithThreeCards() {
  const customerId = await newCustomer();
  const a = (await createCard(customerId, '4111111111111111')).payment_source.id;
  const b = (await createCard(customerId, '5555555555554444')).payment_source.id;
  const c = (await createCard(customerId, '6011111111111117')).payment_source.id;
  return { customerId, a, b, c };
}

async function assignRole(customerId: string, paymentSourceId: string, role: string) {
  return api('POST', `customers/${customerId}/assign_payment_role`, {
    payment_source_id: paymentSourceId,
    role,
  });
}

async function deleteSource(id: string) {
  const answer = await api('POST', `payment_sources/${id}/delete`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { customer: Wire; payment_source: Wire };
}

describe('POST /payment_sources/{id}/delete', () => {
  it('soft-deletes a source that is not primary, leaving the roles alone', async () => {
    const { customerId, a, b, c } = await customerWithThreeCards();
    const answer = await deleteSource(b);
    expect(answer.payment_source).toMatchObject({ id: b, deleted: true, object: 'payment_source' });
    expect(answer.customer.primary_payment_source_id).toBe(a);
    expect(await listIds(customerId)).toEqual([c, a]);
    expect((await api('GET', `payment_sources/${b}`)).body.payment_source).toEqual(answer.payment_source);
    expectChargebeeError(await api('POST', `payment_sources/${b}/delete`), 404, 'resource_not_found');
    const events = await recentEvents(['payment_source_deleted']);
    const deleted = events.find((event) => contentOf(event).payment_source?.id === b);
    expect(deleted && contentOf(deleted)).toEqual(answer);
  });

  it('replaces a deleted primary with the backup, and clears the backup', async () => {
    const { customerId, a, b } = await customerWithThreeCards();
    expect((await assignRole(customerId, b, 'backup')).status).toBe(200);
    const { customer: after } = await deleteSource(a);
    expect(after.primary_payment_source_id).toBe(b);
    expect(after.backup_payment_source_id).toBeUndefined();
  });

  it('without a backup, makes the most recently added remaining source primary', async () => {
    const { customerId, a, c } = await customerWithThreeCards();
    const { customer: after } = await deleteSource(a);
    expect(after.primary_payment_source_id).toBe(c);
    expect(await customer(customerId)).toEqual(after);
    const changed = (await recentEvents(['customer_changed'])).find(
      (event) => contentOf(event).customer.resource_version === after.resource_version,
    );
    expect(changed && contentOf(changed).customer).toEqual(after);
  });

  it('clears the backup when the backup is deleted, and leaves no card once the last one goes', async () => {
    const { customerId, a, b, c } = await customerWithThreeCards();
    await assignRole(customerId, b, 'backup');
    const afterBackup = (await deleteSource(b)).customer;
    expect(afterBackup.primary_payment_source_id).toBe(a);
    expect(afterBackup.backup_payment_source_id).toBeUndefined();
    expect((await deleteSource(c)).customer.primary_payment_source_id).toBe(a);
    const { customer: last } = await deleteSource(a);
    expect(last.primary_payment_source_id).toBeUndefined();
    expect(last.payment_method).toBeUndefined();
    expect(last.card_status).toBe('no_card');
    expect(last.auto_collection).toBe('on');
  });
});

describe('POST /customers/{id}/assign_payment_role', () => {
  it('sets a backup, then a primary that displaces the old one and leaves the backup', async () => {
    const { customerId, a, b, c } = await customerWithThreeCards();
    const before = (await api('GET', `payment_sources/${b}`)).body.payment_source as Wire;
    const backup = await assignRole(customerId, b, 'backup');
    expect(backup.status).toBe(200);
    expect(Object.keys(backup.body).sort()).toEqual(['customer', 'payment_source']);
    expect(backup.body.customer).toMatchObject({ primary_payment_source_id: a, backup_payment_source_id: b });
    const source = backup.body.payment_source as Wire;
    expect(source.id).toBe(b);
    expect(source.resource_version as number).toBeGreaterThan(before.resource_version as number);
    const updated = (await recentEvents(['payment_source_updated'])).find(
      (event) => contentOf(event).payment_source?.resource_version === source.resource_version,
    );
    expect(updated && contentOf(updated)).toEqual(backup.body);

    const primary = await assignRole(customerId, c, 'primary');
    expect(primary.body.customer).toMatchObject({
      primary_payment_source_id: c,
      backup_payment_source_id: b,
    });
    expect(await listIds(customerId)).toEqual([c, b, a]);
  });

  it('moves the backup to primary (clearing backup), displaces an old backup, and un-assigns with none', async () => {
    const { customerId, a, b, c } = await customerWithThreeCards();
    await assignRole(customerId, b, 'backup');
    const promoted = await assignRole(customerId, b, 'primary');
    expect(promoted.body.customer).toMatchObject({ primary_payment_source_id: b });
    expect((promoted.body.customer as Wire).backup_payment_source_id).toBeUndefined();

    await assignRole(customerId, a, 'backup');
    const displaced = await assignRole(customerId, c, 'backup');
    expect(displaced.body.customer).toMatchObject({
      primary_payment_source_id: b,
      backup_payment_source_id: c,
    });

    const none = await assignRole(customerId, c, 'none');
    expect(none.status).toBe(200);
    expect((none.body.customer as Wire).backup_payment_source_id).toBeUndefined();
    expect((none.body.customer as Wire).primary_payment_source_id).toBe(b);
  });

  it('refuses every role for the current primary with invalid_state_for_request, changing nothing', async () => {
    const { customerId, a } = await customerWithThreeCards();
    const before = await customer(customerId);
    for (const role of ['primary', 'backup', 'none']) {
      expectChargebeeError(await assignRole(customerId, a, role), 409, 'invalid_state_for_request');
    }
    expect(await customer(customerId)).toEqual(before);
  });

  it('names the parameter at fault: foreign, unknown or deleted source, unknown customer, bad role', async () => {
    const { customerId, b, c } = await customerWithThreeCards();
    const stranger = await newCustomer();
    const foreign = (await createCard(stranger)).payment_source.id;
    await deleteSource(c);
    const before = await customer(customerId);
    expectChargebeeError(
      await assignRole(customerId, foreign, 'backup'),
      400,
      'param_wrong_value',
      'payment_source_id',
    );
    for (const id of [c, uniqueId('pm_none')]) {
      expectChargebeeError(
        await assignRole(customerId, id, 'backup'),
        404,
        'resource_not_found',
        'payment_source_id',
      );
    }
    expectChargebeeError(
      await assignRole(uniqueId('nobody'), b, 'backup'),
      404,
      'resource_not_found',
      'customer_id',
    );
    expectChargebeeError(await assignRole(customerId, b, 'spare'), 400, 'param_wrong_value', 'role');
    expectChargebeeError(
      await api('POST', `customers/${customerId}/assign_payment_role`, { role: 'backup' }),
      400,
      'param_wrong_value',
      'payment_source_id',
    );
    expect(await customer(customerId)).toEqual(before);
    expect((await customer(stranger)).backup_payment_source_id).toBeUndefined();
  });
});

describe('card data on a server of its own', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('never shows a full card number or CVV in an answer or in the server output', async () => {
    const cvv = '7319';
    const numbers = [
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
      '4119862760338320',
      '4005519200000004',
      '4242424242424241',
    ];
    const options = { baseUrl: server.url };
    const id = uniqueId('leak');
    const answers: string[] = [];
    answers.push(JSON.stringify((await api('POST', 'customers', { id }, options)).body));
    for (const number of numbers) {
      const variants: Card[] = [{ cvv }, { cvv, expiry_year: String(thisYear - 1) }, { cvv: '99' }];
      for (const extra of variants) {
        const answer = await api(
          'POST',
          'payment_sources/create_card',
          { customer_id: id, card: card(number, extra) },
          options,
        );
        answers.push(JSON.stringify(answer.body));
      }
    }
    answers.push(JSON.stringify((await api('GET', 'payment_sources', { customer_id: id }, options)).body));
    answers.push(JSON.stringify((await api('GET', 'events', { limit: '100' }, options)).body));
    answers.push(JSON.stringify((await api('GET', `customers/${id}`, {}, options)).body));
    const everything = `${answers.join('\n')}\n${server.output()}`;
    expect(everything).toContain('************1111');
    for (const number of numbers) expect(everything).not.toContain(number);
    expect(everything).not.toContain(cvv);
  });
});
