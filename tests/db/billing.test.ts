import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, invoices, subscriptions } from '@/lib/db/schema';
import { addPeriod, prorate } from '@/lib/provider/billing';
import { ensureCatalog } from '@/lib/provider/catalog';
import { listCustomerInvoices } from '@/lib/provider/invoices';
import { runScheduledBilling } from '@/lib/provider/scheduled-billing';
import { changeSubscriptionPlan, estimatePlanChange } from '@/lib/provider/subscription-changes';
import {
  cancelSubscription,
  pauseSubscription,
  reactivateSubscription,
  removeScheduledCancellation,
  resumeSubscription,
} from '@/lib/provider/subscription-lifecycle';
import { requireCustomerSubscription } from '@/lib/provider/subscription-records';
import { createSubscriptionForItems, listCustomerSubscriptions } from '@/lib/provider/subscriptions';
import { backends, type TestDatabase } from '../support/databases';
import {
  apiError,
  day,
  decliningCard,
  eventsFor,
  invoicesFor,
  newCustomer,
  subscribePaid,
  subscriptionRow,
  t0,
  transactionsFor,
} from './billing-fixtures';

const reader = [{ itemPriceId: 'reader-USD-monthly' }];
const patron = [{ itemPriceId: 'patron-USD-monthly' }];

describe('billing arithmetic', () => {
  it('adds months in UTC, landing on the last day of a shorter month', () => {
    const jan31 = Date.UTC(2027, 0, 31, 9) / 1000;
    expect(addPeriod(jan31, 1, 'month')).toBe(Date.UTC(2027, 1, 28, 9) / 1000);
    expect(addPeriod(t0, 1, 'month')).toBe(Date.UTC(2027, 1, 15, 12) / 1000);
    expect(addPeriod(t0, 1, 'year')).toBe(Date.UTC(2028, 0, 15, 12) / 1000);
    expect(addPeriod(t0, 2, 'week')).toBe(t0 + 14 * day);
  });

  it('prorates the rest of a term and clamps outside it', () => {
    expect(prorate(900, t0, t0 + 31 * day, t0 + 10 * day)).toBe(610);
    expect(prorate(900, t0, t0 + 31 * day, t0 - day)).toBe(900);
    expect(prorate(900, t0, t0 + 31 * day, t0 + 40 * day)).toBe(0);
  });
});

describe.each(backends())('subscription billing on $name', (backend) => {
  let database: TestDatabase;
  let db: TestDatabase['handle']['db'];
  beforeAll(async () => {
    database = await backend.create();
    db = database.handle.db;
    await ensureCatalog(db);
    await ensureCatalog(db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('starts an active subscription with its first term invoiced, paid and announced in order', async () => {
    const customerId = await newCustomer(db);
    const { subscription, invoice, customer } = await subscribePaid(db, customerId);
    expect(subscription).toMatchObject({
      customer_id: customerId,
      status: 'active',
      current_term_start: t0,
      current_term_end: addPeriod(t0, 1, 'month'),
      next_billing_at: addPeriod(t0, 1, 'month'),
      activated_at: t0,
      billing_period: 1,
      billing_period_unit: 'month',
      subscription_items: [
        { item_price_id: 'reader-USD-monthly', item_type: 'plan', quantity: 1, unit_price: 900, amount: 900 },
      ],
      mrr: 900,
      object: 'subscription',
    });
    expect(customer.id).toBe(customerId);
    expect(invoice).toMatchObject({
      status: 'paid',
      total: 900,
      amount_paid: 900,
      amount_due: 0,
      first_invoice: true,
      paid_at: t0,
    });
    expect(invoice?.line_items).toEqual([
      expect.objectContaining({
        entity_type: 'plan_item_price',
        entity_id: 'reader-USD-monthly',
        amount: 900,
        date_from: t0,
        date_to: addPeriod(t0, 1, 'month'),
      }),
    ]);
    const [txn] = await transactionsFor(db, subscription.id);
    expect(txn).toMatchObject({ status: 'success', amount: 900, invoiceId: invoice?.id });
    const log = await eventsFor(db, subscription.id);
    expect(log.map((event) => event.type)).toEqual([
      'subscription_created',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect(Object.keys(log[2]?.content ?? {}).sort()).toEqual([
      'card',
      'customer',
      'invoice',
      'subscription',
      'transaction',
    ]);
    expect(log[0]?.content.invoice?.id).toBe(invoice?.id);
  });

  it('leaves a declined first invoice payment_due with dunning, and still creates the subscription', async () => {
    const customerId = await newCustomer(db, decliningCard);
    const { subscription, invoice } = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: patron },
      'api',
      t0,
    );
    expect(invoice).toMatchObject({
      status: 'payment_due',
      dunning_status: 'in_progress',
      amount_paid: 0,
      amount_due: 2000,
    });
    expect(subscription).toMatchObject({
      status: 'active',
      due_invoices_count: 1,
      due_since: t0,
      total_dues: 2000,
    });
    const [txn] = await transactionsFor(db, subscription.id);
    expect(txn).toMatchObject({ status: 'failure', errorCode: '3001', errorText: 'Insufficient funds' });
    expect((await eventsFor(db, subscription.id)).map((event) => event.type)).toEqual([
      'subscription_created',
      'invoice_generated',
      'payment_failed',
    ]);
  });

  it('refuses a paid plan without any payment source and changes nothing', async () => {
    const customerId = await newCustomer(db, null);
    const before = (await db.select().from(events)).length;
    const error = await apiError(
      createSubscriptionForItems(
        db,
        customerId,
        { trialEnd: 0, id: `${customerId}_s`, items: reader },
        'api',
        t0,
      ),
    );
    expect(error).toMatchObject({ status: 400, apiErrorCode: 'payment_method_not_present' });
    expect(await db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId))).toEqual([]);
    expect(await db.select().from(invoices).where(eq(invoices.customerId, customerId))).toEqual([]);
    expect((await db.select().from(events)).length).toBe(before);
  });

  it('starts trials without a card and future subscriptions without an invoice', async () => {
    const customerId = await newCustomer(db, null);
    const trial = await createSubscriptionForItems(
      db,
      customerId,
      { items: reader, trialEnd: t0 + 14 * day },
      'api',
      t0,
    );
    expect(trial.subscription).toMatchObject({
      status: 'in_trial',
      trial_start: t0,
      trial_end: t0 + 14 * day,
      current_term_end: t0 + 14 * day,
      mrr: 0,
    });
    expect(trial.invoice).toBeUndefined();
    const future = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: reader, startDate: t0 + 3 * day },
      'api',
      t0,
    );
    expect(future.subscription).toMatchObject({
      status: 'future',
      start_date: t0 + 3 * day,
      next_billing_at: t0 + 3 * day,
    });
    expect(future.subscription.current_term_start).toBeUndefined();
    expect(
      await apiError(
        createSubscriptionForItems(db, customerId, { items: reader, trialEnd: t0 - 1 }, 'api', t0),
      ),
    ).toMatchObject({ status: 400, options: { param: 'trial_end' } });
  });

  it('validates items: one plan, known and active prices, flat fees with quantity 1', async () => {
    const customerId = await newCustomer(db);
    const cases: [Parameters<typeof createSubscriptionForItems>[2]['items'], number, string][] = [
      [[{ itemPriceId: 'no-such-price' }], 404, 'subscription_items[item_price_id][0]'],
      [[...reader, ...patron], 400, 'subscription_items[item_price_id][1]'],
      [[{ itemPriceId: 'reader-USD-monthly', quantity: 2 }], 400, 'subscription_items[quantity][0]'],
      [[], 400, 'subscription_items[item_price_id][0]'],
    ];
    for (const [items, status, param] of cases) {
      expect(
        await apiError(createSubscriptionForItems(db, customerId, { trialEnd: 0, items }, 'api', t0)),
      ).toMatchObject({
        status,
        options: { param },
      });
    }
    const first = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, id: `${customerId}_dup`, items: reader },
      'api',
      t0,
    );
    expect(
      await apiError(
        createSubscriptionForItems(
          db,
          customerId,
          { trialEnd: 0, id: first.subscription.id, items: reader },
          'api',
          t0,
        ),
      ),
    ).toMatchObject({ apiErrorCode: 'duplicate_entry' });
  });

  it('upgrades mid-term: invoices the new plan for the rest of the term against credit for the old one', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const at = t0 + 10 * day;
    const quote = await estimatePlanChange(db, subscription.id, 'patron-USD-monthly', 'immediately', at);
    expect(quote).toMatchObject({
      amountDueNow: 745,
      creditAfter: 0,
      startsNewTerm: false,
      nextRenewalAmount: 2000,
    });
    const result = await changeSubscriptionPlan(db, subscription.id, { items: patron }, 'api', at);
    expect(result.subscription).toMatchObject({
      current_term_end: addPeriod(t0, 1, 'month'),
      subscription_items: [expect.objectContaining({ item_price_id: 'patron-USD-monthly', amount: 2000 })],
    });
    expect(result.invoice).toMatchObject({
      status: 'paid',
      sub_total: 1355,
      credits_applied: 610,
      amount_paid: 745,
      amount_due: 0,
      first_invoice: false,
      recurring: false,
    });
    expect(result.invoice?.line_items[0]).toMatchObject({
      entity_id: 'patron-USD-monthly',
      date_from: at,
      date_to: addPeriod(t0, 1, 'month'),
      amount: 1355,
    });
    const types = (await eventsFor(db, subscription.id)).map((event) => event.type);
    expect(types.slice(3)).toEqual(['subscription_changed', 'invoice_generated', 'payment_succeeded']);
  });

  it('downgrades mid-term without an invoice and applies the credit to the renewal', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: patron },
      'api',
      t0,
    );
    const at = t0 + 10 * day;
    expect(
      await estimatePlanChange(db, subscription.id, 'reader-USD-monthly', 'immediately', at),
    ).toMatchObject({ amountDueNow: 0, creditAfter: 745, nextRenewalAmount: 155 });
    const result = await changeSubscriptionPlan(db, subscription.id, { items: reader }, 'api', at);
    expect(result.invoice).toBeUndefined();
    expect((await subscriptionRow(db, subscription.id)).creditBalance).toBe(745);
    await runScheduledBilling(db, addPeriod(t0, 1, 'month'));
    const renewal = (await invoicesFor(db, subscription.id)).at(-1);
    expect(renewal).toMatchObject({
      total: 900,
      creditsApplied: 745,
      amountPaid: 155,
      status: 'paid',
      recurring: true,
    });
    expect((await subscriptionRow(db, subscription.id)).creditBalance).toBe(0);
  });

  it('changing the billing period starts a new term now, invoiced in full less the unused credit', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const at = t0 + 10 * day;
    const result = await changeSubscriptionPlan(
      db,
      subscription.id,
      { items: [{ itemPriceId: 'reader-USD-yearly' }] },
      'api',
      at,
    );
    expect(result.subscription).toMatchObject({
      billing_period_unit: 'year',
      current_term_start: at,
      current_term_end: addPeriod(at, 1, 'year'),
      next_billing_at: addPeriod(at, 1, 'year'),
    });
    expect(result.invoice).toMatchObject({ sub_total: 9000, credits_applied: 610, amount_paid: 8390 });
  });

  it('schedules a change for the end of the term, and asking for the current plan drops it', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const end = addPeriod(t0, 1, 'month');
    expect(
      await estimatePlanChange(db, subscription.id, 'patron-USD-monthly', 'end_of_term', t0 + day),
    ).toMatchObject({ amountDueNow: 0, nextBillingAt: end, nextRenewalAmount: 2000 });
    const scheduled = await changeSubscriptionPlan(
      db,
      subscription.id,
      { items: patron, changeOption: 'end_of_term' },
      'api',
      t0 + day,
    );
    expect(scheduled.subscription).toMatchObject({
      has_scheduled_changes: true,
      changes_scheduled_at: end,
      subscription_items: [expect.objectContaining({ item_price_id: 'reader-USD-monthly' })],
    });
    expect(scheduled.invoice).toBeUndefined();
    const dropped = await changeSubscriptionPlan(
      db,
      subscription.id,
      { items: reader, changeOption: 'end_of_term' },
      'api',
      t0 + day,
    );
    expect(dropped.subscription.has_scheduled_changes).toBe(false);
    expect((await eventsFor(db, subscription.id)).map((event) => event.type).slice(3)).toEqual([
      'subscription_changes_scheduled',
      'subscription_scheduled_changes_removed',
    ]);
    expect(
      await apiError(changeSubscriptionPlan(db, subscription.id, { items: reader }, 'api', t0 + day)),
    ).toMatchObject({ status: 400 });
  });

  it('walks cancel, remove-cancellation, cancel-now and reactivate, with one event each and 409s in the wrong state', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const id = subscription.id;
    const end = addPeriod(t0, 1, 'month');
    expect(await apiError(removeScheduledCancellation(db, id, 'api', t0 + day))).toMatchObject({
      status: 409,
      apiErrorCode: 'invalid_state_for_request',
    });
    expect(await apiError(reactivateSubscription(db, id, {}, 'api', t0 + day))).toMatchObject({
      status: 409,
    });

    const scheduled = await cancelSubscription(db, id, { cancelOption: 'end_of_term' }, 'portal', t0 + day);
    expect(scheduled.subscription).toMatchObject({
      status: 'non_renewing',
      cancelled_at: end,
      remaining_billing_cycles: 0,
      cancel_schedule_created_at: t0 + day,
    });
    expect(scheduled.subscription.next_billing_at).toBeUndefined();
    expect(
      await apiError(cancelSubscription(db, id, { cancelOption: 'end_of_term' }, 'api', t0 + day)),
    ).toMatchObject({ status: 409 });

    const kept = await removeScheduledCancellation(db, id, 'portal', t0 + 2 * day);
    expect(kept.subscription).toMatchObject({ status: 'active', next_billing_at: end });
    expect(kept.subscription.cancelled_at).toBeUndefined();

    const cancelled = await cancelSubscription(db, id, {}, 'api', t0 + 3 * day);
    expect(cancelled.subscription).toMatchObject({ status: 'cancelled', cancelled_at: t0 + 3 * day });
    expect(cancelled.subscription.current_term_end).toBeUndefined();
    expect(await apiError(cancelSubscription(db, id, {}, 'api', t0 + 3 * day))).toMatchObject({
      status: 409,
    });
    expect(await apiError(pauseSubscription(db, id, {}, 'api', t0 + 3 * day))).toMatchObject({ status: 409 });

    const back = await reactivateSubscription(db, id, {}, 'portal', t0 + 5 * day);
    expect(back.subscription).toMatchObject({
      status: 'active',
      current_term_start: t0 + 5 * day,
      current_term_end: addPeriod(t0 + 5 * day, 1, 'month'),
    });
    expect(back.invoice).toMatchObject({ status: 'paid', total: 900 });
    const log = await eventsFor(db, id);
    expect(log.map((event) => event.type)).toEqual([
      'subscription_created',
      'invoice_generated',
      'payment_succeeded',
      'subscription_cancellation_scheduled',
      'subscription_scheduled_cancellation_removed',
      'subscription_cancelled',
      'subscription_reactivated',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect(log[3]?.content.subscription?.status).toBe('non_renewing');
  });

  it('pauses and resumes: within the paid term nothing is billed, after it a new term is', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const id = subscription.id;
    const paused = await pauseSubscription(db, id, { pauseOption: 'immediately' }, 'api', t0 + day);
    expect(paused.subscription).toMatchObject({ status: 'paused', pause_date: t0 + day });
    expect(paused.subscription.current_term_end).toBeUndefined();
    expect(await apiError(pauseSubscription(db, id, {}, 'api', t0 + day))).toMatchObject({ status: 409 });
    const resumed = await resumeSubscription(db, id, 'api', t0 + 2 * day);
    expect(resumed.subscription).toMatchObject({
      status: 'active',
      current_term_end: addPeriod(t0, 1, 'month'),
    });
    expect(resumed.invoice).toBeUndefined();
    expect(await apiError(resumeSubscription(db, id, 'api', t0 + 2 * day))).toMatchObject({ status: 409 });

    await pauseSubscription(db, id, {}, 'api', t0 + 3 * day);
    const later = t0 + 60 * day;
    const renewed = await resumeSubscription(db, id, 'api', later);
    expect(renewed.subscription).toMatchObject({
      status: 'active',
      current_term_start: later,
      current_term_end: addPeriod(later, 1, 'month'),
    });
    expect(renewed.invoice).toMatchObject({ total: 900, status: 'paid' });
    const types = (await eventsFor(db, id)).map((event) => event.type).slice(3);
    expect(types).toEqual([
      'subscription_paused',
      'subscription_resumed',
      'subscription_paused',
      'subscription_resumed',
      'invoice_generated',
      'payment_succeeded',
    ]);
  });

  it("gives the portal a customer's subscriptions and invoices, and guards other customers' subscriptions", async () => {
    const customerId = await newCustomer(db);
    const stranger = await newCustomer(db);
    const { subscription } = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: reader },
      'portal',
      t0,
    );
    await changeSubscriptionPlan(db, subscription.id, { items: patron }, 'portal', t0 + day);
    const subs = await listCustomerSubscriptions(db, customerId);
    expect(subs.list.map((entry) => entry.subscription.id)).toEqual([subscription.id]);
    const history = await listCustomerInvoices(db, customerId);
    expect(history.list.map((entry) => entry.invoice.total)).toEqual([expect.any(Number), 900]);
    expect(history.list[0]?.invoice.date).toBe(t0 + day);
    expect((await requireCustomerSubscription(db, customerId, subscription.id)).id).toBe(subscription.id);
    expect(await apiError(requireCustomerSubscription(db, stranger, subscription.id))).toMatchObject({
      status: 404,
    });
    expect(await apiError(listCustomerInvoices(db, 'no_such_customer'))).toMatchObject({ status: 404 });
    const portalEvents = await eventsFor(db, subscription.id);
    expect(new Set(portalEvents.map((event) => event.type))).toContain('subscription_changed');
    const sources = await db.select({ source: events.source }).from(events);
    expect(sources.some((row) => row.source === 'portal')).toBe(true);
  });

  it('20 concurrent end-of-term cancels: exactly one wins, one event, the rest are 409', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        cancelSubscription(db, subscription.id, { cancelOption: 'end_of_term' }, 'api', t0 + day),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ status: 409 });
    }
    const types = (await eventsFor(db, subscription.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'subscription_cancellation_scheduled')).toHaveLength(1);
    expect((await subscriptionRow(db, subscription.id)).status).toBe('non_renewing');
  });

  it('20 concurrent upgrades and cancels end in one consistent state with matching invoices and events', async () => {
    const customerId = await newCustomer(db);
    const { subscription } = await subscribePaid(db, customerId);
    const at = t0 + 10 * day;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? changeSubscriptionPlan(db, subscription.id, { items: patron }, 'api', at).then(() => 'changed')
          : cancelSubscription(db, subscription.id, {}, 'api', at).then(() => 'cancelled'),
      ),
    );
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(won.filter((value) => value === 'cancelled')).toHaveLength(1);
    expect(won.filter((value) => value === 'changed').length).toBeLessThanOrEqual(1);
    const row = await subscriptionRow(db, subscription.id);
    expect(row.status).toBe('cancelled');
    const log = await eventsFor(db, subscription.id);
    const changes = log.filter((event) => event.type === 'subscription_changed');
    expect(changes).toHaveLength(won.filter((value) => value === 'changed').length);
    expect(log.filter((event) => event.type === 'subscription_cancelled')).toHaveLength(1);
    const issued = await invoicesFor(db, subscription.id);
    expect(issued).toHaveLength(1 + changes.length);
    const versions = log
      .map((event) => Number(event.content.subscription?.resource_version ?? 0))
      .filter(Boolean);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });
});
