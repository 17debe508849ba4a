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

    // Fay is a Patron, so her subscription's entitlements open the long reads.
    const [fay] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'fay'));
    expect(fay?.status).toBe('active');
    expect(fay?.items.map((item) => item.item_price_id)).toEqual(['patron-USD-monthly']);

    // Dana is two days from the end of her free trial; Eli renews tomorrow on a card that declines.
    const [dana] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'dana'));
    expect(dana?.status).toBe('in_trial');
    expect((dana?.trialEnd as number) - now).toBeGreaterThan(86_400);
    expect((dana?.trialEnd as number) - now).toBeLessThanOrEqual(2 * 86_400);
    const [eli] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, 'eli'));
    expect(eli?.status).toBe('active');
    expect((eli?.nextBillingAt as number) - now).toBeGreaterThan(0);
    expect((eli?.nextBillingAt as number) - now).toBeLessThanOrEqual(86_400);
    const [eliCustomer] = await db.select().from(customers).where(eq(customers.id, 'eli'));
    const [declining] = await db
      .select()
      .from(paymentSources)
      .where(eq(paymentSources.id, eliCustomer?.primaryPaymentSourceId as string));
    expect(declining?.declineCode).not.toBeNull();
    const eliInvoices = await db.select().from(invoices).where(eq(invoices.customerId, 'eli'));
    expect(eliInvoices.map((invoice) => invoice.status)).toEqual(['paid']);

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
      // Something falls due within the month the demo can travel through: Eli renews a day after the
      // machine's time, Dana's trial ends two days after it, and Ada's reminder comes before her renewal.
      const due = (await nextDueAt(db, machine, now)) as number;
      expect(due).toBeGreaterThanOrEqual(machine);
      expect(due).toBeLessThanOrEqual(machine + 86_400);
      const adaInvoices = await db.select().from(invoices).where(eq(invoices.customerId, 'ada'));
      expect(adaInvoices.every((invoice) => invoice.date <= machine)).toBe(true);
    } finally {
      await other.drop();
    }
  });
});
