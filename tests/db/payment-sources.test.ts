import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db/client';
import { customers, events, paymentSources, subscriptions } from '@/lib/db/schema';
import { ApiError } from '@/lib/provider/api/errors';
import { createCustomer } from '@/lib/provider/customers';
import { type CardInput, testCards } from '@/lib/provider/gateway';
import { paymentSourceStatus } from '@/lib/provider/payment-source-wire';
import {
  addCard,
  deletePaymentSource,
  listCustomerPaymentSources,
  listPaymentSources,
  setPrimaryPaymentSource,
} from '@/lib/provider/payment-sources';
import { backends, type TestDatabase } from '../support/databases';

const cvv = '987';
const future = new Date().getUTCFullYear() + 3;
const card = (number: string): CardInput => ({ number, expiry_month: 7, expiry_year: future, cvv });

let counter = 0;
describe.each(backends())('payment sources on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function newCustomer() {
    counter += 1;
    const id = `ps_db_${counter}`;
    await createCustomer(database.handle.db, { id }, 'api');
    return id;
  }

  it('keeps no full card number and no CVV in any table, events included', async () => {
    const { db } = database.handle;
    const customerId = await newCustomer();
    for (const { number } of testCards) {
      await addCard(db, customerId, card(number), {}, 'api').catch((error) => {
        if (!(error instanceof ApiError)) throw error;
      });
    }
    const stored = await db.select().from(paymentSources).where(eq(paymentSources.customerId, customerId));
    expect(stored).toHaveLength(testCards.length - 1);
    const added = await db.select().from(events).where(eq(events.eventType, 'payment_source_added'));
    expect(added.length).toBeGreaterThanOrEqual(testCards.length - 1);

    const tables = await queryRows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
    );
    let dump = '';
    for (const { name } of tables) {
      const rows = await queryRows<{ row: string }>(
        db,
        sql`select row_to_json(t)::text as row from ${sql.identifier(name)} t`,
      );
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain('************1111');
    for (const { number } of testCards) {
      expect(dump).not.toContain(number);
      expect(dump).not.toContain(number.slice(0, 12));
    }
    expect(dump).not.toContain(`"${cvv}"`);
    expect(dump).not.toContain('"cvv"');
  });

  it('makes exactly one of two concurrent first cards primary', async () => {
    const { db } = database.handle;
    const customerId = await newCustomer();
    const [first, second] = await Promise.all([
      addCard(db, customerId, card('4111111111111111'), {}, 'api'),
      addCard(db, customerId, card('5555555555554444'), {}, 'api'),
    ]);
    const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
    const ids = [first.payment_source.id, second.payment_source.id];
    expect(ids).toContain(customer?.primaryPaymentSourceId);
    const changed = await db.select().from(events).where(eq(events.eventType, 'customer_changed'));
    const mine = changed.filter((e) => (e.content.customer as { id: string }).id === customerId);
    expect(mine).toHaveLength(1);
    const roles = (await listCustomerPaymentSources(db, customerId)).map((s) => s.role).sort();
    expect(roles).toEqual(['none', 'primary']);
  });

  it('filters on the status lists show, computed for the moment asked', async () => {
    const { db } = database.handle;
    const customerId = await newCustomer();
    const expiries = [
      [12, 2030],
      [1, 2031],
      [11, 2030],
      [2, 2031],
    ] as const;
    for (const [month, year] of expiries) {
      const { payment_source } = await addCard(db, customerId, card('4111111111111111'), {}, 'api');
      await db
        .update(paymentSources)
        .set({ card: { ...(await cardOf(payment_source.id)), expiry_month: month, expiry_year: year } })
        .where(eq(paymentSources.id, payment_source.id));
    }
    const now = Date.parse('2030-12-15T00:00:00Z') / 1000;
    const all = await db.select().from(paymentSources).where(eq(paymentSources.customerId, customerId));
    for (const status of ['valid', 'expiring', 'expired'] as const) {
      const listed = await listPaymentSources(db, { customerId, statuses: [status], limit: 10, now });
      const expected = all.filter((row) => paymentSourceStatus(row, now) === status).map((row) => row.id);
      expect(listed.list.map((item) => item.payment_source.id).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
    }

    async function cardOf(id: string) {
      const [row] = await db.select().from(paymentSources).where(eq(paymentSources.id, id));
      return row?.card as NonNullable<typeof row>['card'];
    }
  });

  it('replaces a deleted primary with the newest source no live subscription pays with', async () => {
    const { db } = database.handle;
    const customerId = await newCustomer();
    const a = (await addCard(db, customerId, card('4111111111111111'), {}, 'api')).payment_source.id;
    const b = (await addCard(db, customerId, card('5555555555554444'), {}, 'api')).payment_source.id;
    const c = (await addCard(db, customerId, card('6011111111111117'), {}, 'api')).payment_source.id;
    await insertSubscription(customerId, c);

    const afterA = await deletePaymentSource(db, a, 'portal');
    expect(afterA.customer.primary_payment_source_id).toBe(b);
    expect(afterA.customer.auto_collection).toBe('on');

    const afterB = await deletePaymentSource(db, b, 'portal');
    expect(afterB.customer.primary_payment_source_id).toBeUndefined();
    expect(afterB.customer.auto_collection).toBe('off');
    expect(afterB.customer.card_status).toBe('no_card');

    const again = await setPrimaryPaymentSource(db, customerId, c, 'portal');
    expect(again.customer.primary_payment_source_id).toBe(c);
  });

  async function insertSubscription(customerId: string, paymentSourceId: string) {
    const now = Math.floor(Date.now() / 1000);
    await database.handle.db.insert(subscriptions).values({
      id: `sub_${customerId}`,
      customerId,
      status: 'active',
      currencyCode: 'USD',
      billingPeriod: 1,
      billingPeriodUnit: 'month',
      items: [],
      paymentSourceId,
      createdAt: now,
      updatedAt: now,
      resourceVersion: now * 1000,
    });
  }
});
