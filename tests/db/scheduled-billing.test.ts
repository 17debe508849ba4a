import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { events, subscriptions } from '@/lib/db/schema';
import { addPeriod } from '@/lib/provider/billing';
import { ensureCatalog } from '@/lib/provider/catalog';
import { runScheduledBilling } from '@/lib/provider/scheduled-billing';
import { changeSubscriptionPlan } from '@/lib/provider/subscription-changes';
import { cancelSubscription, pauseSubscription } from '@/lib/provider/subscription-lifecycle';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { backends, createPostgresDatabase, postgresUrl, type TestDatabase } from '../support/databases';
import {
  day,
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
const termEnd = addPeriod(t0, 1, 'month');

describe.each(backends())('runScheduledBilling on $name', (backend) => {
  let database: TestDatabase;
  let db: TestDatabase['handle']['db'];
  beforeAll(async () => {
    database = await backend.create();
    db = database.handle.db;
    await ensureCatalog(db);
  });
  // Earlier tests' subscriptions are set aside, so each run's count is this test's alone.
  beforeEach(async () => {
    await db.update(subscriptions).set({ deleted: true });
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function subscribe(
    input: Partial<Parameters<typeof createSubscriptionForItems>[2]> = {},
    card?: null,
  ) {
    const customerId = await newCustomer(db, card);
    return (
      await createSubscriptionForItems(db, customerId, { trialEnd: 0, items: reader, ...input }, 'api', t0)
    ).subscription.id;
  }

  it('reminds of the renewal 3 days ahead, once a term, and not when a pause or a cancellation stops it', async () => {
    const id = await subscribe();
    const remindAt = termEnd - 3 * day;
    expect(await runScheduledBilling(db, remindAt - 1)).toBe(0);
    expect(await runScheduledBilling(db, remindAt)).toBe(1);
    expect(await runScheduledBilling(db, termEnd - 1)).toBe(0);
    expect(await subscriptionRow(db, id)).toMatchObject({ status: 'active', renewalRemindedFor: termEnd });
    const log = await eventsFor(db, id);
    expect(log.at(-1)).toMatchObject({
      type: 'subscription_renewal_reminder',
      content: { subscription: { status: 'active', current_term_end: termEnd } },
    });
    expect(await runScheduledBilling(db, termEnd)).toBe(1);
    const nextEnd = addPeriod(termEnd, 1, 'month');
    expect(await runScheduledBilling(db, nextEnd - 3 * day)).toBe(1);
    expect(
      (await eventsFor(db, id)).filter((event) => event.type === 'subscription_renewal_reminder'),
    ).toHaveLength(2);

    const cancelled = await subscribe();
    await cancelSubscription(db, cancelled, { cancelOption: 'end_of_term' }, 'api', t0 + day);
    const paused = await subscribe();
    await pauseSubscription(db, paused, { pauseOption: 'end_of_term' }, 'api', t0 + day);
    await runScheduledBilling(db, remindAt);
    for (const quiet of [cancelled, paused]) {
      const types = (await eventsFor(db, quiet)).map((event) => event.type);
      expect(types).not.toContain('subscription_renewal_reminder');
    }
  });

  it('renews at the term end, once, with a recurring invoice, a charge and subscription_renewed', async () => {
    const id = await subscribe();
    expect(await runScheduledBilling(db, termEnd - 3 * day)).toBe(1);
    expect(await runScheduledBilling(db, termEnd - 1)).toBe(0);
    expect(await runScheduledBilling(db, termEnd)).toBe(1);
    expect(await runScheduledBilling(db, termEnd)).toBe(0);
    const row = await subscriptionRow(db, id);
    expect(row).toMatchObject({
      status: 'active',
      currentTermStart: termEnd,
      currentTermEnd: addPeriod(termEnd, 1, 'month'),
      nextBillingAt: addPeriod(termEnd, 1, 'month'),
    });
    const [, renewal] = await invoicesFor(db, id);
    expect(renewal).toMatchObject({
      date: termEnd,
      total: 900,
      status: 'paid',
      recurring: true,
      firstInvoice: false,
    });
    expect(renewal?.lineItems[0]).toMatchObject({
      date_from: termEnd,
      date_to: addPeriod(termEnd, 1, 'month'),
    });
    const log = await eventsFor(db, id);
    expect(log.slice(3).map((event) => event.type)).toEqual([
      'subscription_renewal_reminder',
      'subscription_renewed',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect(log[4]?.content.invoice?.id).toBe(renewal?.id);
    expect(log[4]?.content.subscription?.current_term_start).toBe(termEnd);
  });

  it('catches up term by term after a long gap', async () => {
    const id = await subscribe();
    expect(await runScheduledBilling(db, addPeriod(t0, 3, 'month'))).toBe(1);
    expect((await invoicesFor(db, id)).map((invoice) => invoice.date)).toEqual([
      t0,
      addPeriod(t0, 1, 'month'),
      addPeriod(addPeriod(t0, 1, 'month'), 1, 'month'),
      addPeriod(addPeriod(addPeriod(t0, 1, 'month'), 1, 'month'), 1, 'month'),
    ]);
  });

  it('renews with a declining card into payment_due and payment_failed, and keeps billing', async () => {
    const customerId = await newCustomer(db, '4005519200000004');
    const { subscription } = await subscribePaid(db, customerId);
    await runScheduledBilling(db, addPeriod(t0, 1, 'month'));
    const row = await subscriptionRow(db, subscription.id);
    expect(row).toMatchObject({ status: 'active', dueInvoicesCount: 2, totalDues: 1800, dueSince: t0 });
    expect((await transactionsFor(db, subscription.id)).map((txn) => txn.status)).toEqual([
      'failure',
      'failure',
    ]);
    expect((await eventsFor(db, subscription.id)).at(-1)?.type).toBe('payment_failed');
  });

  it('cancels a non_renewing subscription at its term end', async () => {
    const id = await subscribe();
    await cancelSubscription(db, id, { cancelOption: 'end_of_term' }, 'api', t0 + day);
    const end = addPeriod(t0, 1, 'month');
    expect(await runScheduledBilling(db, end - 1)).toBe(0);
    expect(await runScheduledBilling(db, end)).toBe(1);
    expect(await subscriptionRow(db, id)).toMatchObject({
      status: 'cancelled',
      cancelledAt: end,
      nextBillingAt: null,
    });
    expect(await invoicesFor(db, id)).toHaveLength(1);
    const log = await eventsFor(db, id);
    expect(log.at(-1)).toMatchObject({
      type: 'subscription_cancelled',
      content: { subscription: { status: 'cancelled', cancelled_at: end } },
    });
  });

  it('applies a scheduled plan change at the term end and renews at the new price', async () => {
    const id = await subscribe();
    await changeSubscriptionPlan(db, id, { items: patron, changeOption: 'end_of_term' }, 'api', t0 + day);
    const end = addPeriod(t0, 1, 'month');
    expect(await runScheduledBilling(db, end)).toBe(1);
    const row = await subscriptionRow(db, id);
    expect(row.items[0]).toMatchObject({ item_price_id: 'patron-USD-monthly', amount: 2000 });
    expect(row.scheduledChanges).toBeNull();
    expect((await invoicesFor(db, id)).at(-1)).toMatchObject({ date: end, total: 2000, status: 'paid' });
    expect((await eventsFor(db, id)).slice(4).map((event) => event.type)).toEqual([
      'subscription_changed',
      'subscription_renewed',
      'invoice_generated',
      'payment_succeeded',
    ]);
    // Patron grants more than Reader: the entitlements change with the plan, at the term end (the
    // scheduling itself changed none).
    const entitlementEvents = (await db.select().from(events).orderBy(asc(events.seq))).filter(
      (event) =>
        (event.content as Record<string, { subscription_id?: string }>)[`${event.eventType}_detail`]
          ?.subscription_id === id,
    );
    expect(entitlementEvents.map((event) => event.eventType)).toEqual([
      'subscription_entitlements_created',
      'subscription_entitlements_updated',
    ]);
  });

  it('activates an ended trial with its first invoice; without a card the plan default cancels it', async () => {
    const trialEnd = t0 + 14 * day;
    const withCard = await subscribe({ trialEnd });
    const withoutCard = await subscribe({ trialEnd }, null);
    expect(await runScheduledBilling(db, trialEnd)).toBe(2);
    expect(await subscriptionRow(db, withCard)).toMatchObject({
      status: 'active',
      activatedAt: trialEnd,
      currentTermStart: trialEnd,
      currentTermEnd: addPeriod(trialEnd, 1, 'month'),
    });
    expect((await eventsFor(db, withCard)).map((event) => event.type)).toEqual([
      'subscription_created',
      'subscription_activated',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect((await invoicesFor(db, withCard))[0]).toMatchObject({ status: 'paid', firstInvoice: true });
    expect(await subscriptionRow(db, withoutCard)).toMatchObject({
      status: 'cancelled',
      cancelledAt: trialEnd,
      cancelReason: 'no_card',
    });
    expect(await invoicesFor(db, withoutCard)).toEqual([]);
    expect(await transactionsFor(db, withoutCard)).toEqual([]);
  });

  it('cancels a trial whose cancellation was scheduled, and starts a future subscription', async () => {
    const trial = await subscribe({ trialEnd: t0 + 7 * day });
    await cancelSubscription(db, trial, { cancelOption: 'end_of_term' }, 'api', t0 + day);
    expect(await subscriptionRow(db, trial)).toMatchObject({ status: 'in_trial', cancelledAt: t0 + 7 * day });
    const future = await subscribe({ startDate: t0 + 3 * day });
    expect(await runScheduledBilling(db, t0 + 7 * day)).toBe(2);
    expect(await subscriptionRow(db, trial)).toMatchObject({ status: 'cancelled' });
    expect(await subscriptionRow(db, future)).toMatchObject({
      status: 'active',
      startedAt: t0 + 3 * day,
      currentTermStart: t0 + 3 * day,
    });
    expect((await eventsFor(db, future)).map((event) => event.type)).toEqual([
      'subscription_created',
      'subscription_started',
      'invoice_generated',
      'payment_succeeded',
    ]);
    expect((await eventsFor(db, trial)).at(-1)?.type).toBe('subscription_cancelled');
  });

  it('pauses at the term end when a pause was scheduled, and resumes on its resume date', async () => {
    const id = await subscribe();
    const end = addPeriod(t0, 1, 'month');
    await pauseSubscription(
      db,
      id,
      { pauseOption: 'end_of_term', resumeDate: end + 10 * day },
      'api',
      t0 + day,
    );
    expect(await runScheduledBilling(db, end)).toBe(1);
    expect(await subscriptionRow(db, id)).toMatchObject({ status: 'paused', pauseDate: end });
    expect(await runScheduledBilling(db, end + 10 * day)).toBe(1);
    expect(await subscriptionRow(db, id)).toMatchObject({
      status: 'active',
      currentTermStart: end + 10 * day,
      pauseDate: null,
      resumeDate: null,
    });
    expect((await eventsFor(db, id)).slice(3).map((event) => event.type)).toEqual([
      'subscription_pause_scheduled',
      'subscription_paused',
      'subscription_resumed',
      'invoice_generated',
      'payment_succeeded',
    ]);
  });
});

describe.runIf(postgresUrl())('runScheduledBilling from two processes at once', () => {
  it('renews each subscription exactly once', async () => {
    const { url, drop } = await createPostgresDatabase(postgresUrl() as string);
    const first = await openDatabase({ kind: 'postgres', url, poolMax: 4 });
    const second = await openDatabase({ kind: 'postgres', url, poolMax: 4 });
    try {
      await ensureCatalog(first.db);
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const customerId = await newCustomer(first.db);
        ids.push(
          (await createSubscriptionForItems(first.db, customerId, { trialEnd: 0, items: reader }, 'api', t0))
            .subscription.id,
        );
      }
      const counts = await Promise.all([
        runScheduledBilling(first.db, termEnd),
        runScheduledBilling(second.db, termEnd),
        runScheduledBilling(first.db, termEnd),
      ]);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12);
      for (const id of ids) {
        expect(await invoicesFor(first.db, id)).toHaveLength(2);
        const renewed = (await eventsFor(first.db, id)).filter(
          (event) => event.type === 'subscription_renewed',
        );
        expect(renewed).toHaveLength(1);
      }
    } finally {
      await first.close();
      await second.close();
      await drop();
    }
  });
});
