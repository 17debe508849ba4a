import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, invoices, paymentSources, subscriptions } from '@/lib/db/schema';
import { nextDueAt } from '@/lib/provider/due-times';
import { machineNow } from '@/lib/provider/machine-clock';
import { seedDemoData } from '@/lib/provider/seed';
import { backends, type TestDatabase } from '../support/databases';

describe.each(backends())('demo data on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('gives Ada an active subscription with a card and paid invoices, Ben nothing, Cleo a cancelled one', async () => {
    const { db } = database.handle;
    expect(await seedDemoData(db)).toEqual({ created: true });
    const now = Math.floor(Date.now() / 1000);

    const [ada] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'ada'));
    expect(ada?.status).toBe('active');
    expect(ada?.currentTermEnd).toBeGreaterThan(now);
    expect(ada?.currentTermStart).toBeLessThanOrEqual(now);
    const adaInvoices = await db.select().from(invoices).where(eq(invoices.customerId, 'ada'));
    expect(adaInvoices.length).toBeGreaterThanOrEqual(3);
    expect(adaInvoices.every((invoice) => invoice.status === 'paid' && invoice.date <= now)).toBe(true);
    expect(await db.select().from(paymentSources).where(eq(paymentSources.customerId, 'ada'))).toHaveLength(
      1,
    );

    expect(await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'ben'))).toEqual([]);
    const [ben] = await db.select().from(customers).where(eq(customers.id, 'ben'));
    expect(ben?.email).toBe('ben@example.com');

    const [cleo] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'cleo'));
    expect(cleo?.status).toBe('cancelled');
    expect(cleo?.cancelledAt).toBeLessThan(now);

    expect(await seedDemoData(db)).toEqual({ created: false });
    expect(await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'ada'))).toHaveLength(1);
  });

  it('for the demo, stands the time machine a month behind with Ada renewing within that month', async () => {
    const other = await backend.create();
    try {
      const { db } = other.handle;
      const now = Math.floor(Date.now() / 1000);
      expect(await seedDemoData(db, { monthBehind: true })).toEqual({ created: true });
      const machine = (await machineNow(db)) as number;
      expect(now - machine).toBeGreaterThanOrEqual(27 * 86_400);
      expect(now - machine).toBeLessThanOrEqual(32 * 86_400);
      const [ada] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'ada'));
      expect(ada?.status).toBe('active');
      expect(ada?.currentTermEnd).toBeGreaterThan(machine);
      expect(ada?.currentTermEnd).toBeLessThan(now);
      // First her renewal reminder, three days ahead (or at once if that moment has passed).
      const reminder = Math.max((ada?.currentTermEnd as number) - 3 * 86_400, machine);
      expect(await nextDueAt(db, machine, now)).toBe(reminder);
      const adaInvoices = await db.select().from(invoices).where(eq(invoices.customerId, 'ada'));
      expect(adaInvoices.every((invoice) => invoice.date <= machine)).toBe(true);
    } finally {
      await other.drop();
    }
  });
});
