import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, hostedPages, subscriptions } from '@/lib/db/schema';
import { ApiError } from '@/lib/provider/api/errors';
import { ensureCatalog } from '@/lib/provider/catalog';
import { cancelCheckout, completeCheckout, markCheckoutRequested } from '@/lib/provider/checkout';
import { createCustomer } from '@/lib/provider/customers';
import {
  acknowledgeHostedPage,
  createCheckoutForItems,
  retrieveHostedPage,
} from '@/lib/provider/hosted-pages';
import { backends, type TestDatabase } from '../support/databases';

const goodCard = {
  number: '4111 1111 1111 1111',
  expiry_month: 12,
  expiry_year: new Date().getUTCFullYear() + 4,
  cvv: '123',
};
let counter = 0;
const unique = (prefix: string) => `${prefix}_${++counter}_${Date.now().toString(36)}`;

describe.each(backends())('hosted checkout on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
    await ensureCatalog(database.handle.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function newPage(customer: Record<string, string>, urls = {}, trialEnd: number | undefined = 0) {
    const { hosted_page } = await createCheckoutForItems(database.handle.db, {
      item_price_id: 'reader-USD-monthly',
      quantity: 1,
      customer,
      trial_end: trialEnd,
      ...urls,
    });
    return hosted_page;
  }

  it('pays a checkout without a trial (subscription[trial_end]=0): customer, card, active subscription, succeeded page', async () => {
    const { db } = database.handle;
    const email = `${unique('new')}@example.com`;
    const page = await newPage(
      { email, first_name: 'Mae' },
      {
        redirect_url: 'https://shop.example.com/done?from=checkout',
        cancel_url: 'https://shop.example.com/',
      },
    );
    await markCheckoutRequested(db, page.id);
    expect((await retrieveHostedPage(db, page.id)).hosted_page.state).toBe('requested');

    const outcome = await completeCheckout(db, page.id, { card: goodCard });
    expect(outcome.returnUrl).toBe(
      `https://shop.example.com/done?from=checkout&id=${page.id}&state=succeeded`,
    );
    const content = outcome.hostedPage.content as {
      customer: { id: string; email: string };
      subscription: { status: string; customer_id: string };
      invoice: { status: string };
    };
    expect(outcome.hostedPage.state).toBe('succeeded');
    expect(content.customer.email).toBe(email);
    expect(content.subscription).toMatchObject({ status: 'active', customer_id: content.customer.id });
    expect(content.invoice.status).toBe('paid');

    await expect(completeCheckout(db, page.id, { card: goodCard })).rejects.toMatchObject({ status: 409 });
    expect((await acknowledgeHostedPage(db, page.id)).hosted_page.state).toBe('acknowledged');
  });

  it('subscribes an existing customer given by customer[id]', async () => {
    const { db } = database.handle;
    const id = unique('known');
    await createCustomer(db, { id, email: `${id}@example.com` }, 'api');
    const page = await newPage({ id });
    const outcome = await completeCheckout(db, page.id, { card: goodCard });
    expect(
      (outcome.hostedPage.content as { subscription: { customer_id: string } }).subscription.customer_id,
    ).toBe(id);
    expect(await db.select().from(customers).where(eq(customers.id, id))).toHaveLength(1);
  });

  it('creates a new customer from the buyer details, with a new id, even when the email is taken', async () => {
    const { db } = database.handle;
    const taken = unique('taken');
    const email = `${taken}@example.com`;
    await createCustomer(db, { id: taken, email, first_name: 'Existing' }, 'api');
    const page = await newPage({ email: 'prefilled@example.com', first_name: 'Pre' });
    const outcome = await completeCheckout(db, page.id, {
      card: goodCard,
      buyer: { email: email.toUpperCase(), last_name: 'Jemison' },
    });
    const content = outcome.hostedPage.content as {
      customer: Record<string, unknown> & { id: string };
      subscription: { customer_id: string };
    };
    expect(content.customer.id).not.toBe(taken);
    expect(content.customer.id).toMatch(/^[A-Za-z0-9]{17}$/);
    expect(content.customer).toMatchObject({ email: email.toUpperCase(), last_name: 'Jemison' });
    expect(content.customer).not.toHaveProperty('first_name');
    expect(content.subscription.customer_id).toBe(content.customer.id);
    const sameEmail = await db.select().from(customers).where(sql`lower(${customers.email}) = ${email}`);
    expect(sameEmail.map((row) => row.id).sort()).toEqual([content.customer.id, taken].sort());
    expect(await db.select().from(subscriptions).where(eq(subscriptions.customerId, taken))).toEqual([]);
  });

  it('refuses to create a customer without an email, and ignores buyer details for an existing one', async () => {
    const { db } = database.handle;
    const bare = await newPage({});
    await expect(completeCheckout(db, bare.id, { card: goodCard })).rejects.toMatchObject({
      status: 400,
      options: { param: 'customer[email]' },
    });
    expect((await retrieveHostedPage(db, bare.id)).hosted_page.state).toBe('created');

    const id = unique('known');
    await createCustomer(db, { id, email: `${id}@example.com` }, 'api');
    const page = await newPage({ id });
    const outcome = await completeCheckout(db, page.id, {
      card: goodCard,
      buyer: { email: 'intruder@example.com' },
    });
    expect((outcome.hostedPage.content as { customer: { email: string } }).customer.email).toBe(
      `${id}@example.com`,
    );
  });

  it('creates a customer under an unknown customer[id] with the id given and the typed details', async () => {
    const { db } = database.handle;
    const id = unique('named');
    const page = await newPage({ id, email: `${id}@example.com` });
    const outcome = await completeCheckout(db, page.id, {
      card: goodCard,
      buyer: { email: `typed.${id}@example.com`, first_name: 'Katherine' },
    });
    expect((outcome.hostedPage.content as { customer: unknown }).customer).toMatchObject({
      id,
      email: `typed.${id}@example.com`,
      first_name: 'Katherine',
    });
  });

  it('fails the whole checkout on a declined card, leaving nothing behind', async () => {
    const { db } = database.handle;
    const id = unique('declined');
    const page = await newPage({ id, email: `${id}@example.com` });
    const error = await completeCheckout(db, page.id, {
      card: { ...goodCard, number: '4005519200000004' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, apiErrorCode: 'payment_processing_failed' });
    expect(await db.select().from(customers).where(eq(customers.id, id))).toEqual([]);
    expect((await retrieveHostedPage(db, page.id)).hosted_page.state).toBe('created');
    const retry = await completeCheckout(db, page.id, { card: goodCard });
    expect(retry.hostedPage.state).toBe('succeeded');
  });

  it('cancels back to the cancel_url and refuses to pay a cancelled or expired page', async () => {
    const { db } = database.handle;
    const page = await newPage(
      { email: `${unique('c')}@example.com` },
      { cancel_url: 'https://shop.example.com/pricing' },
    );
    const cancelled = await cancelCheckout(db, page.id);
    expect(cancelled.returnUrl).toBe(`https://shop.example.com/pricing?id=${page.id}&state=cancelled`);
    await expect(completeCheckout(db, page.id, { card: goodCard })).rejects.toMatchObject({ status: 409 });

    const old = await newPage({ email: `${unique('e')}@example.com` });
    await db.update(hostedPages).set({ expiresAt: 1 }).where(eq(hostedPages.id, old.id));
    await expect(completeCheckout(db, old.id, { card: goodCard })).rejects.toMatchObject({ status: 409 });
  });

  it('pays one checkout once when ten submissions race', async () => {
    const { db } = database.handle;
    const id = unique('race');
    const page = await newPage({ id, email: `${id}@example.com` });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => completeCheckout(db, page.id, { card: goodCard })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.customerId, id))).toHaveLength(1);
  });
});
