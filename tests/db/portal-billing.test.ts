import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, hostedPages, paymentSources } from '@/lib/db/schema';
import { loadCards, loadInvoices, loadSubscription, loadSubscriptions } from '@/lib/portal/billing';
import { cardProblem, subscriptionProblem } from '@/lib/portal/billing-errors';
import { loadCheckout } from '@/lib/portal/checkout';
import { decodeFlash, encodeFlash, parseCheckoutForm } from '@/lib/portal/checkout-form';
import { resolveForwardUrl } from '@/lib/portal/sections';
import {
  cancelOwnSubscription,
  changeOwnPlan,
  estimateOwnPlanChange,
  keepOwnSubscription,
  makeOwnCardPrimary,
  pauseOwnSubscription,
  reactivateOwnSubscription,
  removeOwnCard,
  resumeOwnSubscription,
} from '@/lib/portal/self-serve';
import { ensureCatalog } from '@/lib/provider/catalog';
import { cancelCheckout, completeCheckout } from '@/lib/provider/checkout';
import { vaultCard } from '@/lib/provider/gateway';
import { createCheckoutForItems } from '@/lib/provider/hosted-pages';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { backends, type TestDatabase } from '../support/databases';
import { addStoredCard, apiError, goodCard, newCustomer, subscriptionRow } from './billing-fixtures';

process.env.AUTH_SECRET ??= 'portal-billing-test-secret-0123456789abcdef';
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-portal-billing-'));

const nextYear = new Date().getUTCFullYear() + 3;

/** A checkout page for a customer who already exists: no "Your details" card. */
const existing = { askBuyer: false };

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe.each(backends())('portal billing on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
    await ensureCatalog(database.handle.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function subscribed(plan = 'reader-USD-monthly') {
    const { db } = database.handle;
    const customerId = await newCustomer(db);
    const { subscription } = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: [{ itemPriceId: plan }] },
      'api',
    );
    const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
    return { customerId, subscriptionId: subscription.id, cardId: row?.primaryPaymentSourceId as string };
  }

  it("refuses every change to another customer's subscription with a 404, and changes nothing", async () => {
    const { db } = database.handle;
    const me = await subscribed();
    const other = await subscribed();
    const before = await subscriptionRow(db, other.subscriptionId);
    const attempts = [
      () =>
        estimateOwnPlanChange(db, me.customerId, other.subscriptionId, 'patron-USD-monthly', 'immediately'),
      () => changeOwnPlan(db, me.customerId, other.subscriptionId, 'patron-USD-monthly', 'immediately'),
      () => changeOwnPlan(db, me.customerId, other.subscriptionId, 'patron-USD-yearly', 'end_of_term'),
      () => cancelOwnSubscription(db, me.customerId, other.subscriptionId, 'immediately'),
      () => cancelOwnSubscription(db, me.customerId, other.subscriptionId, 'end_of_term'),
      () => keepOwnSubscription(db, me.customerId, other.subscriptionId),
      () => pauseOwnSubscription(db, me.customerId, other.subscriptionId),
      () => resumeOwnSubscription(db, me.customerId, other.subscriptionId),
      () => reactivateOwnSubscription(db, me.customerId, other.subscriptionId),
      () => loadSubscription(db, me.customerId, other.subscriptionId),
    ];
    for (const attempt of attempts) {
      const error = await apiError(attempt());
      expect(error.status).toBe(404);
      expect(subscriptionProblem(error).message).toBe('We could not find that subscription on your account.');
    }
    expect(await subscriptionRow(db, other.subscriptionId)).toEqual(before);
    expect((await apiError(cancelOwnSubscription(db, me.customerId, '../x', 'immediately'))).status).toBe(
      404,
    );
  });

  it("refuses to remove another customer's card or make it primary, and changes nothing", async () => {
    const { db } = database.handle;
    const me = await subscribed();
    const other = await subscribed();
    const otherSpare = await addStoredCard(db, other.customerId, '5555555555554444', false);
    for (const id of [other.cardId, otherSpare]) {
      const removed = await apiError(removeOwnCard(db, me.customerId, id));
      expect(removed.status).toBe(404);
      const promoted = await apiError(makeOwnCardPrimary(db, me.customerId, id));
      expect(promoted.status).toBe(404);
    }
    const cards = await db
      .select()
      .from(paymentSources)
      .where(eq(paymentSources.customerId, other.customerId));
    expect(cards.every((card) => !card.deleted)).toBe(true);
    const [owner] = await db.select().from(customers).where(eq(customers.id, other.customerId));
    expect(owner?.primaryPaymentSourceId).toBe(other.cardId);
    const [mine] = await db.select().from(customers).where(eq(customers.id, me.customerId));
    expect(mine?.primaryPaymentSourceId).toBe(me.cardId);
  });

  it('makes the customer’s own card primary, and removing that primary promotes the remaining card', async () => {
    const { db } = database.handle;
    const me = await subscribed();
    const spare = await addStoredCard(db, me.customerId, '5555555555554444', false);
    await makeOwnCardPrimary(db, me.customerId, spare);
    let cards = await loadCards(db, me.customerId);
    expect(cards.map((card) => [card.last4, card.role])).toEqual([
      ['4444', 'primary'],
      ['1111', 'none'],
    ]);
    expect((await apiError(makeOwnCardPrimary(db, me.customerId, spare))).apiErrorCode).toBe(
      'invalid_state_for_request',
    );
    await removeOwnCard(db, me.customerId, spare);
    cards = await loadCards(db, me.customerId);
    expect(cards.map((card) => [card.last4, card.role])).toEqual([['1111', 'primary']]);
  });

  it('shows what the next renewal costs, including a plan change scheduled for it', async () => {
    const { db } = database.handle;
    const me = await subscribed();
    let [view] = await loadSubscriptions(db, me.customerId);
    expect(view).toMatchObject({
      plan: { name: 'Reader Monthly' },
      amount: 900,
      nextAmount: 900,
      status: 'active',
    });
    const quote = await estimateOwnPlanChange(
      db,
      me.customerId,
      me.subscriptionId,
      'patron-USD-yearly',
      'end_of_term',
    );
    expect(quote).toMatchObject({ amountDueNow: 0, nextRenewalAmount: 20000 });
    await changeOwnPlan(db, me.customerId, me.subscriptionId, 'patron-USD-yearly', 'end_of_term');
    [view] = await loadSubscriptions(db, me.customerId);
    expect(view?.scheduledChange).toMatchObject({ plan: { name: 'Patron Yearly' }, amount: 20000 });
    expect(view?.nextAmount).toBe(20000);
    expect(view?.plan.name).toBe('Reader Monthly');
  });

  it('explains a plan change to the plan already held beside the plan field', async () => {
    const { db } = database.handle;
    const me = await subscribed();
    const error = await apiError(
      estimateOwnPlanChange(db, me.customerId, me.subscriptionId, 'reader-USD-monthly', 'immediately'),
    );
    expect(subscriptionProblem(error)).toEqual({
      field: 'plan',
      message: "You're already on this plan. Choose a different one.",
    });
  });

  it('lists only the customer’s own invoices, newest first', async () => {
    const { db } = database.handle;
    const me = await subscribed();
    await subscribed();
    await changeOwnPlan(db, me.customerId, me.subscriptionId, 'patron-USD-monthly', 'immediately');
    const invoices = await loadInvoices(db, me.customerId);
    expect(invoices).toHaveLength(2);
    expect(invoices[0]?.total).toBeGreaterThan(0);
    expect(Number(invoices[0]?.id)).toBeGreaterThan(Number(invoices[1]?.id));
  });

  it('says which card field is at fault, in plain words', () => {
    const refused = (number: string, month = 12, year = nextYear) => {
      try {
        vaultCard({ number, expiry_month: month, expiry_year: year, cvv: '123' });
      } catch (error) {
        return cardProblem(error);
      }
      throw new Error('the card was accepted');
    };
    expect(refused('4119862760338320')).toMatchObject({
      field: 'number',
      message: expect.stringMatching(/would not verify/),
    });
    expect(refused('4111111111111112')).toMatchObject({
      field: 'number',
      message: expect.stringMatching(/isn't valid/),
    });
    expect(refused(goodCard, 1, 2020)).toMatchObject({
      field: 'expiry_year',
      message: expect.stringMatching(/expired/),
    });
  });

  it('reads a checkout form: never keeps the number or CVV, and wants a whole address or none', () => {
    const card = {
      number: '4111 1111 1111 1111',
      expiry_month: '12',
      expiry_year: String(nextYear),
      cvv: '123',
      name: 'Mae Jemison',
    };
    const good = parseCheckoutForm(form(card), existing);
    expect(good).toMatchObject({
      ok: true,
      card: { number: '4111111111111111', expiry_month: 12, first_name: 'Mae', last_name: 'Jemison' },
    });
    if (good.ok) expect(good.billingAddress).toBeUndefined();
    const partial = parseCheckoutForm(form({ ...card, city: 'Houston' }), existing);
    expect(partial.ok).toBe(false);
    if (!partial.ok) {
      expect(Object.keys(partial.errors).sort()).toEqual(['country', 'line1', 'zip']);
      expect(partial.kept).not.toHaveProperty('number');
      expect(partial.kept).not.toHaveProperty('cvv');
      expect(partial.kept.city).toBe('Houston');
    }
    const whole = parseCheckoutForm(
      form({ ...card, line1: '1 Main St', city: 'Houston', zip: '77058', country: 'US' }),
      existing,
    );
    expect(whole).toMatchObject({
      ok: true,
      billingAddress: { line1: '1 Main St', city: 'Houston', zip: '77058', country: 'US' },
    });
    const bad = parseCheckoutForm(form({ ...card, number: '4111', cvv: '12' }), existing);
    expect(bad.ok ? {} : bad.errors).toMatchObject({ number: expect.any(String), cvv: expect.any(String) });
  });

  it('reads the details of a new buyer: a valid email is required, names are optional and kept', () => {
    const card = {
      number: '4111 1111 1111 1111',
      expiry_month: '12',
      expiry_year: String(nextYear),
      cvv: '123',
      name: '',
    };
    const newBuyer = { askBuyer: true };
    const missing = parseCheckoutForm(form({ ...card, first_name: 'Mae' }), newBuyer);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.errors).toEqual({ email: 'Enter your email address.' });
      expect(missing.kept).toMatchObject({ email: '', first_name: 'Mae' });
      expect(missing.kept).not.toHaveProperty('number');
    }
    const wrong = parseCheckoutForm(form({ ...card, email: 'mae@', last_name: 'Jemison' }), newBuyer);
    expect(wrong.ok ? {} : wrong.errors).toEqual({ email: 'Enter an email address like name@example.com.' });
    expect(wrong.kept).toMatchObject({ email: 'mae@', last_name: 'Jemison' });
    const good = parseCheckoutForm(
      form({ ...card, email: ' mae@example.com ', first_name: ' Mae ', last_name: '' }),
      newBuyer,
    );
    expect(good).toMatchObject({ ok: true, buyer: { email: 'mae@example.com', first_name: 'Mae' } });
    if (good.ok) expect(good.buyer).not.toHaveProperty('last_name');
    const ignored = parseCheckoutForm(form({ ...card, email: 'someone@example.com' }), existing);
    expect(ignored).toMatchObject({ ok: true });
    if (ignored.ok) expect(ignored.buyer).toBeUndefined();
  });

  it("opens the billing pages from Chargebee's portal section ids", () => {
    const origin = 'https://billing.example.com';
    const forward = (id: string) => resolveForwardUrl(`${origin}/portal/v2/login?forward=${id}`, origin);
    expect(forward('sub_details')).toBe('/portal/subscriptions');
    expect(forward('sub_cancel')).toBe('/portal/subscriptions');
    expect(forward('portal_payment_methods')).toBe('/portal/payment-methods');
    expect(forward('portal_add_payment_method')).toBe('/portal/payment-methods');
    expect(forward('portal_billing_history')).toBe('/portal/billing-history');
  });

  it("opens one subscription's change-plan page from Chargebee's edit permalink, and nothing else by it", () => {
    const origin = 'https://billing.example.com';
    const resolve = (path: string) => resolveForwardUrl(`${origin}${path}`, origin);
    expect(resolve('/portal/permalink/subscriptions/sub_42/edit')).toBe(
      '/portal/subscriptions/sub_42/change',
    );
    expect(resolve('/portal/permalink/subscriptions/sub_42/edit/')).toBe(
      '/portal/subscriptions/sub_42/change',
    );
    expect(resolve('/portal/permalink/subscriptions/sub%2F..%2F42/edit')).toBeUndefined();
    expect(resolve('/portal/permalink/subscriptions/sub_42/cancel')).toBeUndefined();
    expect(resolve('/portal/permalink/subscriptions//edit')).toBeUndefined();
    expect(
      resolveForwardUrl('https://elsewhere.example/portal/permalink/subscriptions/sub_42/edit', origin),
    ).toBeUndefined();
  });

  it('shows a flash only to the page and attempt it was made for', () => {
    const raw = encodeFlash({ page: 'p1', attempt: 'a1', values: { name: 'Mae' }, errors: {} });
    expect(decodeFlash(raw, 'p1', 'a1')?.values.name).toBe('Mae');
    expect(decodeFlash(raw, 'p2', 'a1')).toBeUndefined();
    expect(decodeFlash(raw, 'p1', 'a2')).toBeUndefined();
    expect(decodeFlash('not-json', 'p1', 'a1')).toBeUndefined();
  });

  it('tells an open, complete, cancelled, expired and unknown checkout apart', async () => {
    const { db } = database.handle;
    const page = async () =>
      (
        await createCheckoutForItems(db, {
          item_price_id: 'patron-USD-monthly',
          quantity: 1,
          customer: { email: `checkout-${Date.now()}-${Math.random()}@example.com` },
          redirect_url: 'https://elsewhere.example.com/done',
          cancel_url: 'http://localhost:3000/pricing',
        })
      ).hosted_page.id;
    const open = await page();
    expect(await loadCheckout(db, open)).toMatchObject({
      state: 'open',
      plan: { name: 'Patron', amount: 2000, currencyCode: 'USD', periodUnit: 'month' },
    });
    await completeCheckout(db, open, {
      card: { number: goodCard, expiry_month: 12, expiry_year: nextYear, cvv: '123' },
    });
    const complete = await loadCheckout(db, open);
    expect(complete).toMatchObject({ state: 'complete' });
    expect(complete).toHaveProperty('backUrl', undefined);

    const cancelled = await page();
    await cancelCheckout(db, cancelled);
    expect(await loadCheckout(db, cancelled)).toEqual({
      state: 'cancelled',
      backUrl: `http://localhost:3000/pricing?id=${cancelled}&state=cancelled`,
    });

    const expired = await page();
    await db.update(hostedPages).set({ expiresAt: 1 }).where(eq(hostedPages.id, expired));
    expect(await loadCheckout(db, expired)).toMatchObject({ state: 'expired' });
    expect(await loadCheckout(db, 'no-such-page')).toEqual({ state: 'unknown' });
    expect(await loadCheckout(db, '../etc')).toEqual({ state: 'unknown' });
  });
});
