import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { itemPrices, paymentSources, subscriptions } from '@/lib/db/schema';
import { addPeriod } from '@/lib/provider/billing';
import { ensureCatalog } from '@/lib/provider/catalog';
import { completeCheckout } from '@/lib/provider/checkout';
import { atTime } from '@/lib/provider/clock';
import { createCheckoutForItems } from '@/lib/provider/hosted-pages';
import { runScheduledBilling } from '@/lib/provider/scheduled-billing';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { nextTrialReminderDue } from '@/lib/provider/trials';
import { backends, type TestDatabase } from '../support/databases';
import {
  apiError,
  day,
  decliningCard,
  eventsFor,
  invoicesFor,
  newCustomer,
  subscriptionRow,
  t0,
  transactionsFor,
  useCatalogDatabase,
} from './billing-fixtures';

const reader = [{ itemPriceId: 'reader-USD-monthly' }];
const trialEnd = t0 + 14 * day;
const reminderAt = trialEnd - 3 * day;

describe.each(backends())('free trials on $name', (backend) => {
  let db: TestDatabase['handle']['db'];
  useCatalogDatabase(backend, (opened) => {
    db = opened;
  });
  // Earlier tests' subscriptions are set aside, so each run's count is this test's alone.
  beforeEach(async () => {
    await db.update(subscriptions).set({ deleted: true });
  });

  /** The scheduled job as the time machine runs it: at `t`, with the provider's clock at `t`. */
  const runAt = (t: number) => atTime(t, () => runScheduledBilling(db, t));

  async function trial(card?: string | null, trialEndAction?: string) {
    const customerId = await newCustomer(db, card);
    const { subscription } = await atTime(t0, () =>
      createSubscriptionForItems(db, customerId, { items: reader }, 'api'),
    );
    if (trialEndAction)
      await db.update(subscriptions).set({ trialEndAction }).where(eq(subscriptions.id, subscription.id));
    return subscription.id;
  }

  it('ensureCatalog brings an existing database up to the trial catalogue', async () => {
    await db
      .update(itemPrices)
      .set({ trialPeriod: null, trialPeriodUnit: null, trialEndAction: null, resourceVersion: 1 })
      .where(eq(itemPrices.id, 'reader-USD-monthly'));
    await ensureCatalog(db);
    const [monthly] = await db.select().from(itemPrices).where(eq(itemPrices.id, 'reader-USD-monthly'));
    expect(monthly).toMatchObject({
      trialPeriod: 14,
      trialPeriodUnit: 'day',
      trialEndAction: 'site_default',
    });
    expect(monthly?.resourceVersion).toBeGreaterThan(1);
    const [yearly] = await db.select().from(itemPrices).where(eq(itemPrices.id, 'reader-USD-yearly'));
    expect(yearly).toMatchObject({ trialPeriod: null, trialEndAction: null });
  });

  it("gives a new subscription the plan's 14-day trial: in_trial, no invoice, no charge", async () => {
    const customerId = await newCustomer(db);
    const result = await atTime(t0, () =>
      createSubscriptionForItems(db, customerId, { items: reader }, 'api'),
    );
    expect(result.subscription).toMatchObject({
      status: 'in_trial',
      trial_start: t0,
      trial_end: trialEnd,
      trial_end_action: 'site_default',
      current_term_start: t0,
      current_term_end: trialEnd,
      next_billing_at: trialEnd,
      started_at: t0,
    });
    expect(result.subscription).not.toHaveProperty('activated_at');
    expect(result).not.toHaveProperty('invoice');
    const id = result.subscription.id as string;
    expect(await invoicesFor(db, id)).toEqual([]);
    expect(await transactionsFor(db, id)).toEqual([]);
    const log = await eventsFor(db, id);
    expect(log.map((event) => event.type)).toEqual(['subscription_created']);
    expect(log[0]?.content.subscription?.status).toBe('in_trial');
  });

  it('skips the trial with trial_end=0, sets a given one, and refuses a past one naming trial_end', async () => {
    const customerId = await newCustomer(db);
    const paid = await atTime(t0, () =>
      createSubscriptionForItems(db, customerId, { items: reader, trialEnd: 0 }, 'api'),
    );
    expect(paid.subscription).toMatchObject({
      status: 'active',
      current_term_end: addPeriod(t0, 1, 'month'),
    });
    expect(paid.subscription).not.toHaveProperty('trial_end');
    expect(paid.invoice).toMatchObject({ status: 'paid', total: 900 });

    const short = await atTime(t0, () =>
      createSubscriptionForItems(db, customerId, { items: reader, trialEnd: t0 + 2 * day }, 'api'),
    );
    expect(short.subscription).toMatchObject({ status: 'in_trial', trial_end: t0 + 2 * day });
    expect(await subscriptionRow(db, short.subscription.id as string)).toMatchObject({
      trialReminderAt: null,
    });

    const error = await apiError(
      atTime(t0, () =>
        createSubscriptionForItems(db, customerId, { items: reader, trialEnd: t0 - 1 }, 'api'),
      ),
    );
    expect(error).toMatchObject({ status: 400, apiErrorCode: 'param_wrong_value' });
    expect(error.options.param).toBe('trial_end');

    const yearly = await atTime(t0, () =>
      createSubscriptionForItems(db, customerId, { items: [{ itemPriceId: 'reader-USD-yearly' }] }, 'api'),
    );
    expect(yearly.subscription.status).toBe('active');
  });

  it('starts a checkout trial: the card is stored, nothing is charged or invoiced', async () => {
    const email = `trial_${Date.now().toString(36)}@example.com`;
    const outcome = await atTime(t0, async () => {
      const { hosted_page } = await createCheckoutForItems(db, {
        item_price_id: 'reader-USD-monthly',
        quantity: 1,
        customer: { email },
      });
      return completeCheckout(db, hosted_page.id, {
        card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
      });
    });
    const content = outcome.hostedPage.content as Record<string, Record<string, unknown>>;
    expect(content.subscription).toMatchObject({ status: 'in_trial', trial_start: t0, trial_end: trialEnd });
    expect(content).not.toHaveProperty('invoice');
    const id = content.subscription?.id as string;
    expect(await invoicesFor(db, id)).toEqual([]);
    expect(await transactionsFor(db, id)).toEqual([]);
    const cards = await db
      .select()
      .from(paymentSources)
      .where(eq(paymentSources.customerId, content.customer?.id as string));
    expect(cards).toHaveLength(1);
  });

  it('refuses a checkout whose subscription[trial_end] is past, naming it', async () => {
    const error = await apiError(
      atTime(t0, () =>
        createCheckoutForItems(db, {
          item_price_id: 'reader-USD-monthly',
          quantity: 1,
          customer: { email: 'past@example.com' },
          trial_end: t0 - 60,
        }),
      ),
    );
    expect(error).toMatchObject({ status: 400, apiErrorCode: 'param_wrong_value' });
    expect(error.options.param).toBe('subscription[trial_end]');
  });

  it('activates at trial end with a card: first invoice paid, subscription_activated', async () => {
    const id = await trial();
    expect(await runAt(trialEnd - 1)).toBe(1); // the reminder, not the end
    expect((await subscriptionRow(db, id)).status).toBe('in_trial');
    expect(await runAt(trialEnd)).toBe(1);
    expect(await runAt(trialEnd)).toBe(0);
    expect(await subscriptionRow(db, id)).toMatchObject({
      status: 'active',
      activatedAt: trialEnd,
      currentTermStart: trialEnd,
      currentTermEnd: addPeriod(trialEnd, 1, 'month'),
      nextBillingAt: addPeriod(trialEnd, 1, 'month'),
      cancelReason: null,
    });
    const [invoice] = await invoicesFor(db, id);
    expect(invoice).toMatchObject({ status: 'paid', total: 900, date: trialEnd, firstInvoice: true });
    expect((await eventsFor(db, id)).map((event) => event.type)).toEqual([
      'subscription_created',
      'subscription_trial_end_reminder',
      'subscription_activated',
      'invoice_generated',
      'payment_succeeded',
    ]);
  });

  it.each([
    ['site_default', 'cancelled'],
    ['cancel_subscription', 'cancelled'],
    ['activate_subscription', 'active'],
  ])('without a card, trial_end_action %s ends the trial %s', async (action, status) => {
    const id = await trial(null, action);
    expect(await runAt(trialEnd + 60)).toBe(1);
    const row = await subscriptionRow(db, id);
    expect(row.status).toBe(status);
    const log = (await eventsFor(db, id)).map((event) => event.type);
    if (status === 'cancelled') {
      expect(row).toMatchObject({ cancelledAt: trialEnd, cancelReason: 'no_card', nextBillingAt: null });
      expect(await invoicesFor(db, id)).toEqual([]);
      expect(log).toEqual(['subscription_created', 'subscription_cancelled']);
    } else {
      expect(row).toMatchObject({ activatedAt: trialEnd, dueInvoicesCount: 1, totalDues: 900 });
      expect(await invoicesFor(db, id)).toMatchObject([{ status: 'payment_due', amountDue: 900 }]);
      expect(log).toEqual(['subscription_created', 'subscription_activated', 'invoice_generated']);
    }
    expect(await transactionsFor(db, id)).toEqual([]);
  });

  it('a declined charge at trial end activates into dunning, whatever the trial end action', async () => {
    const byDefault = await trial(decliningCard);
    const kept = await trial(decliningCard, 'activate_subscription');
    expect(await runAt(trialEnd)).toBe(2);
    for (const id of [byDefault, kept]) {
      expect(await subscriptionRow(db, id)).toMatchObject({
        status: 'active',
        dueInvoicesCount: 1,
        cancelReason: null,
      });
      expect(await invoicesFor(db, id)).toMatchObject([
        { status: 'payment_due', dunningStatus: 'in_progress', nextRetryAt: trialEnd + 3 * day },
      ]);
      expect((await eventsFor(db, id)).map((event) => event.type).slice(-3)).toEqual([
        'subscription_activated',
        'invoice_generated',
        'payment_failed',
      ]);
    }
  });

  it('records the trial-end reminder 3 days ahead, once, and says when it is next due', async () => {
    const id = await trial();
    expect(await nextTrialReminderDue(db)).toBe(reminderAt);
    expect(await runAt(reminderAt - 1)).toBe(0);
    expect(await runAt(reminderAt)).toBe(1);
    expect(await runAt(reminderAt + day)).toBe(0);
    expect(await nextTrialReminderDue(db)).toBeNull();
    const log = await eventsFor(db, id);
    expect(log.map((event) => event.type)).toEqual([
      'subscription_created',
      'subscription_trial_end_reminder',
    ]);
    expect(log[1]?.content.subscription).toMatchObject({ status: 'in_trial', trial_end: trialEnd });
  });

  it('after a long gap ends the trial without a late reminder', async () => {
    const id = await trial();
    expect(await runAt(trialEnd + 2 * day)).toBe(1);
    const log = (await eventsFor(db, id)).map((event) => event.type);
    expect(log).not.toContain('subscription_trial_end_reminder');
    expect(log).toContain('subscription_activated');
  });
});
