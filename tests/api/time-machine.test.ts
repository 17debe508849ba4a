import type Chargebee from 'chargebee';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, api, expectChargebeeError, uniqueId } from '../support/api';
import { payAsBrowser } from '../support/hosted-checkout';
import { sdk } from '../support/sdk';
import { startTestServer, type TestServer } from '../support/server';

// start_afresh wipes every customer, so these suites run on servers of their own.
const day = 86400;
let server: TestServer;
let offServer: TestServer;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  [server, offServer] = await Promise.all([
    startTestServer(),
    startTestServer({ PROVIDER_TIME_MACHINE: 'false' }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), offServer?.close()]);
});

const call = (method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}) =>
  api(method, `time_machines/${path}`, params, { baseUrl: server.url });

function machineOf(answer: ApiAnswer) {
  return answer.body.time_machine as Record<string, unknown>;
}

/** Polls the retrieve call until the machine has finished, as Chargebee asks clients to. */
async function settle(): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const machine = machineOf(await call('GET', 'delorean'));
    if (machine.time_travel_status !== 'in_progress') return machine;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the time machine never finished');
}

describe('the time machine endpoints', () => {
  it('shows a machine never started at the present, and no other machine exists', async () => {
    const answer = await call('GET', 'delorean');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['time_machine']);
    const machine = machineOf(answer);
    expect(machine).toMatchObject({
      name: 'delorean',
      time_travel_status: 'succeeded',
      object: 'time_machine',
    });
    expect(Math.abs((machine.destination_time as number) - now())).toBeLessThanOrEqual(2);
    for (const [method, path] of [
      ['GET', 'tardis'],
      ['POST', 'tardis/start_afresh'],
      ['POST', 'tardis/travel_forward'],
    ] as const) {
      expectChargebeeError(
        await call(method, path, { destination_time: now() - day }),
        404,
        'resource_not_found',
      );
    }
  });

  it('refuses a genesis time in the future and a travel before any start, changing nothing', async () => {
    expectChargebeeError(
      await call('POST', 'delorean/start_afresh', { genesis_time: now() + 60 }),
      400,
      'param_wrong_value',
      'genesis_time',
    );
    expectChargebeeError(
      await call('POST', 'delorean/travel_forward', { destination_time: now() - day }),
      400,
      'param_wrong_value',
      'destination_time',
    );
    expectChargebeeError(
      await call('POST', 'delorean/travel_forward'),
      400,
      'param_wrong_value',
      'destination_time',
    );
    expect(machineOf(await call('GET', 'delorean')).time_travel_status).toBe('succeeded');
  });

  it('starts afresh asynchronously at the genesis time, six months back by default', async () => {
    const started = await call('POST', 'delorean/start_afresh');
    expect(started.status).toBe(200);
    const sixMonthsBack = new Date();
    sixMonthsBack.setUTCMonth(sixMonthsBack.getUTCMonth() - 6);
    expect(machineOf(started)).toMatchObject({ name: 'delorean', time_travel_status: 'in_progress' });
    expect(
      Math.abs((machineOf(started).genesis_time as number) - sixMonthsBack.getTime() / 1000),
    ).toBeLessThan(5);
    const machine = await settle();
    expect(machine).toMatchObject({ time_travel_status: 'succeeded', object: 'time_machine' });
    expect(machine.destination_time).toBe(machine.genesis_time);
  });

  it('refuses a second call while one is in progress', async () => {
    let refused: ApiAnswer | undefined;
    // The worker may finish a fresh start between two calls; try a few times to catch it in progress.
    for (let attempt = 0; attempt < 5 && !refused; attempt++) {
      const genesis = now() - 100 * day;
      expect((await call('POST', 'delorean/start_afresh', { genesis_time: genesis })).status).toBe(200);
      const second = await call('POST', 'delorean/travel_forward', { destination_time: genesis + day });
      if (second.status !== 200) refused = second;
      await settle();
    }
    expectChargebeeError(refused as ApiAnswer, 409, 'invalid_state_for_request');
  });

  it('refuses destinations behind the machine, at or beyond the present, changing nothing', async () => {
    const genesis = now() - 100 * day;
    await call('POST', 'delorean/start_afresh', { genesis_time: genesis });
    await settle();
    for (const destination of [genesis - day, genesis, now(), now() + day]) {
      expectChargebeeError(
        await call('POST', 'delorean/travel_forward', { destination_time: destination }),
        400,
        'param_wrong_value',
        'destination_time',
      );
    }
    expect(await settle()).toMatchObject({ time_travel_status: 'succeeded', destination_time: genesis });
    // Forward once, then not back again.
    await call('POST', 'delorean/travel_forward', { destination_time: genesis + 10 * day });
    expect(await settle()).toMatchObject({
      time_travel_status: 'succeeded',
      destination_time: genesis + 10 * day,
    });
    expectChargebeeError(
      await call('POST', 'delorean/travel_forward', { destination_time: genesis + 5 * day }),
      400,
      'param_wrong_value',
      'destination_time',
    );
  });

  it('is not_enabled where the time machine is off, and its calls are refused', async () => {
    const off = (method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}) =>
      api(method, `time_machines/${path}`, params, { baseUrl: offServer.url });
    expect(machineOf(await off('GET', 'delorean')).time_travel_status).toBe('not_enabled');
    expectChargebeeError(await off('POST', 'delorean/start_afresh'), 409, 'invalid_state_for_request');
    expectChargebeeError(
      await off('POST', 'delorean/travel_forward', { destination_time: now() - day }),
      409,
      'invalid_state_for_request',
    );
  });
});

describe('the development time-travel panel', () => {
  const sameOrigin = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' };

  it('is not there where the time machine is off: the page and its POST are 404s', async () => {
    expect((await fetch(`${offServer.url}/dev/time-travel`)).status).toBe(404);
    const post = await fetch(`${offServer.url}/api/dev/time-travel`, {
      method: 'POST',
      headers: sameOrigin,
      body: 'jump=day',
      redirect: 'manual',
    });
    expect(post.status).toBe(404);
  });

  it('refuses an unknown jump and a jump the machine cannot make, changing nothing', async () => {
    // Two days behind the present: a week on would pass it.
    await call('POST', 'delorean/start_afresh', { genesis_time: now() - 2 * day });
    const before = await settle();
    for (const body of ['jump=century', 'jump=week']) {
      const answer = await fetch(`${server.url}/api/dev/time-travel`, {
        method: 'POST',
        headers: sameOrigin,
        body,
        redirect: 'manual',
      });
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toMatch(/^\/dev\/time-travel\?refused=/);
    }
    expect(machineOf(await call('GET', 'delorean'))).toEqual(before);
  });
});

describe('the official chargebee SDK travels in time', () => {
  async function waitForTravel(cb: Chargebee) {
    for (let i = 0; i < 200; i++) {
      const { time_machine } = await cb.timeMachine.retrieve('delorean');
      if (time_machine.time_travel_status !== 'in_progress') return time_machine;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the time machine never finished');
  }

  it('starts afresh, subscribes, travels past the renewal and sees it billed at the machine time', async () => {
    const cb = sdk(undefined, server.url);
    const genesis = now() - 100 * day;
    await cb.timeMachine.startAfresh('delorean', { genesis_time: genesis });
    expect(await waitForTravel(cb)).toMatchObject({
      time_travel_status: 'succeeded',
      destination_time: genesis,
    });

    const id = uniqueId('tm');
    const { customer } = await cb.customer.create({ id, email: `${id}@example.com` });
    expect(customer.created_at).toBe(genesis);
    await cb.paymentSource.createCard({
      customer_id: id,
      card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
    });
    const { subscription } = await cb.subscription.createWithItems(id, {
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      trial_end: 0,
    });
    expect(subscription.current_term_start).toBe(genesis);
    const renewal = subscription.current_term_end as number;

    const destination = genesis + 40 * day;
    const { time_machine } = await cb.timeMachine.travelForward('delorean', {
      destination_time: destination,
    });
    expect(time_machine.time_travel_status).toBe('in_progress');
    expect(await waitForTravel(cb)).toMatchObject({
      time_travel_status: 'succeeded',
      destination_time: destination,
    });

    const renewed = (await cb.subscription.retrieve(subscription.id)).subscription;
    expect(renewed).toMatchObject({ status: 'active', current_term_start: renewal });
    expect(renewed.current_term_end).toBeGreaterThan(renewal);
    const invoices = (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list.map(
      (entry) => entry.invoice,
    );
    expect(invoices.map((invoice) => [invoice.date, invoice.status]).sort()).toEqual(
      [
        [genesis, 'paid'],
        [renewal, 'paid'],
      ].sort(),
    );
    const events = (await cb.event.list({ event_type: { is: 'subscription_renewed' } })).list.map(
      (entry) => entry.event,
    );
    expect(events.map((event) => event.occurred_at)).toEqual([renewal]);
    // Things made after the travel carry the machine's new time.
    const later = await cb.customer.create({ id: uniqueId('tm'), email: 'later@example.com' });
    expect(later.customer.created_at).toBe(destination);
  });

  /** Starts afresh at `genesis` and waits for it; returns the SDK client. */
  async function freshMachine(genesis: number) {
    const cb = sdk(undefined, server.url);
    await cb.timeMachine.startAfresh('delorean', { genesis_time: genesis });
    expect(await waitForTravel(cb)).toMatchObject({ time_travel_status: 'succeeded' });
    return cb;
  }

  async function travelTo(cb: Chargebee, destination: number) {
    await cb.timeMachine.travelForward('delorean', { destination_time: destination });
    expect(await waitForTravel(cb)).toMatchObject({
      time_travel_status: 'succeeded',
      destination_time: destination,
    });
  }

  /** The subscription's events, oldest first, as a client reads them through the events API. */
  async function eventTypesFor(cb: Chargebee, subscriptionId: string) {
    const { list } = await cb.event.list({ limit: 100 });
    return [...list]
      .reverse()
      .map((entry) => entry.event)
      .filter((event) => {
        const content = event.content as {
          subscription?: { id?: string };
          invoice?: { subscription_id?: string };
        };
        return (
          content.subscription?.id === subscriptionId || content.invoice?.subscription_id === subscriptionId
        );
      })
      .map((event) => event.event_type);
  }

  /** A paid monthly subscription whose card is then replaced as primary by one that declines. */
  async function subscriptionThatWillDecline(cb: Chargebee) {
    const id = uniqueId('tm_dun');
    await cb.customer.create({ id, email: `${id}@example.com` });
    const card = (nr: string) => ({ number: nr, expiry_month: 12, expiry_year: 2035, cvv: '123' });
    await cb.paymentSource.createCard({ customer_id: id, card: card('4111111111111111') });
    const { subscription } = await cb.subscription.createWithItems(id, {
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
      trial_end: 0,
    });
    const { payment_source } = await cb.paymentSource.createCard({
      customer_id: id,
      card: card('4005519200000004'),
    });
    await cb.customer.assignPaymentRole(id, { payment_source_id: payment_source.id, role: 'primary' });
    return {
      customerId: id,
      subscription,
      addGoodCard: () => cb.paymentSource.createCard({ customer_id: id, card: card('5555555555554444') }),
    };
  }

  it('a checkout with a trial stays unbilled until the trial ends, then activates with a paid invoice', async () => {
    const genesis = now() - 60 * day;
    const cb = await freshMachine(genesis);
    const { hosted_page } = await cb.hostedPage.checkoutNewForItems({
      subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
    });
    const email = `${uniqueId('tm_trial')}@example.com`;
    const paid = await payAsBrowser(hosted_page.url as string, {
      email,
      number: '4111 1111 1111 1111',
      expiry_month: '12',
      expiry_year: '2035',
      cvv: '123',
      name: 'Tess Trial',
    });
    expect(paid.status).toBe(303);
    const { content } = (await cb.hostedPage.retrieve(hosted_page.id as string)).hosted_page;
    const subscription = content?.subscription as { id: string; status: string; trial_end: number };
    expect(subscription).toMatchObject({ status: 'in_trial', trial_end: genesis + 14 * day });
    expect((await cb.invoice.list({ subscription_id: { is: subscription.id } })).list).toEqual([]);

    await travelTo(cb, genesis + 20 * day);
    const after = (await cb.subscription.retrieve(subscription.id)).subscription;
    expect(after).toMatchObject({ status: 'active', activated_at: genesis + 14 * day });
    const invoices = (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list;
    expect(invoices.map((entry) => [entry.invoice.date, entry.invoice.status])).toEqual([
      [genesis + 14 * day, 'paid'],
    ]);
    expect(await eventTypesFor(cb, subscription.id)).toEqual([
      'subscription_created',
      'subscription_trial_end_reminder',
      'subscription_activated',
      'invoice_generated',
      'payment_succeeded',
    ]);
  });

  it('a renewal that keeps declining goes through every retry and ends cancelled for not_paid, in order', async () => {
    const genesis = now() - 90 * day;
    const cb = await freshMachine(genesis);
    const { subscription } = await subscriptionThatWillDecline(cb);
    const renewal = subscription.current_term_end as number;
    await travelTo(cb, renewal + 10 * day);

    const after = (await cb.subscription.retrieve(subscription.id)).subscription;
    expect(after).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'not_paid',
      cancelled_at: renewal + 7 * day,
      due_invoices_count: 1,
    });
    const invoices = (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list;
    const renewed = invoices.map((entry) => entry.invoice).find((invoice) => invoice.date === renewal);
    expect(renewed).toMatchObject({ status: 'not_paid', dunning_status: 'exhausted', amount_due: 900 });
    const retry = ['payment_failed', 'invoice_updated', 'dunning_updated'];
    expect((await eventTypesFor(cb, subscription.id)).slice(3)).toEqual([
      'subscription_renewal_reminder',
      'subscription_renewed',
      'invoice_generated',
      'payment_failed',
      ...retry,
      ...retry,
      ...retry,
      'subscription_cancelled',
    ]);
  });

  it('a card added mid-dunning pays at the next retry: the invoice paid, the subscription active', async () => {
    const genesis = now() - 90 * day;
    const cb = await freshMachine(genesis);
    const { customerId, subscription, addGoodCard } = await subscriptionThatWillDecline(cb);
    const renewal = subscription.current_term_end as number;
    await travelTo(cb, renewal + 4 * day);
    const { payment_source } = await addGoodCard();
    await cb.customer.assignPaymentRole(customerId, {
      payment_source_id: payment_source.id,
      role: 'primary',
    });
    await travelTo(cb, renewal + 6 * day);

    const invoices = (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list;
    const renewed = invoices.map((entry) => entry.invoice).find((invoice) => invoice.date === renewal);
    expect(renewed).toMatchObject({
      status: 'paid',
      dunning_status: 'success',
      amount_due: 0,
      paid_at: renewal + 5 * day,
    });
    expect((await cb.subscription.retrieve(subscription.id)).subscription).toMatchObject({
      status: 'active',
      due_invoices_count: 0,
    });
    expect((await eventTypesFor(cb, subscription.id)).slice(-3)).toEqual([
      'payment_succeeded',
      'invoice_updated',
      'dunning_updated',
    ]);
  });

  it('shows each retry in dunning_attempts, and customer collect_payment pays the dues in one charge', async () => {
    const genesis = now() - 90 * day;
    const cb = await freshMachine(genesis);
    const { customerId, subscription, addGoodCard } = await subscriptionThatWillDecline(cb);
    const renewal = subscription.current_term_end as number;
    await travelTo(cb, renewal + 4 * day);

    const dueInvoice = async () =>
      (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list
        .map((entry) => entry.invoice)
        .find((invoice) => invoice.date === renewal) as Awaited<
        ReturnType<Chargebee['invoice']['retrieve']>
      >['invoice'];
    const due = await dueInvoice();
    expect(due).toMatchObject({ status: 'payment_due', next_retry_at: renewal + 5 * day });
    expect(due.dunning_attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        dunning_type: 'auto_collect',
        created_at: renewal + 3 * day,
        txn_status: 'failure',
        txn_amount: 900,
      }),
    ]);

    const allocations = { invoice_allocations: [{ invoice_id: due.id }] };
    const refused = (params: Parameters<Chargebee['customer']['collectPayment']>[1]) =>
      cb.customer.collectPayment(customerId, params).catch((error: unknown) => error);
    expect(await refused(allocations)).toMatchObject({
      http_status_code: 400,
      api_error_code: 'payment_processing_failed',
    });
    expect(await refused({ ...allocations, amount: 100 })).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'amount',
    });
    expect(await refused({})).toMatchObject({ http_status_code: 400, param: 'invoice_allocations' });
    const { payment_source } = await addGoodCard();
    const { customer, transaction } = await cb.customer.collectPayment(customerId, {
      ...allocations,
      payment_source_id: payment_source.id,
    });
    expect(customer.id).toBe(customerId);
    expect(transaction).toMatchObject({
      status: 'success',
      amount: 900,
      date: renewal + 4 * day,
      linked_invoices: [{ invoice_id: due.id, applied_amount: 900, invoice_status: 'paid' }],
    });
    expect(await dueInvoice()).toMatchObject({ status: 'paid', dunning_status: 'success', amount_due: 0 });
    expect((await cb.subscription.retrieve(subscription.id)).subscription).toMatchObject({
      status: 'active',
      due_invoices_count: 0,
      total_dues: 0,
    });
  });
});
