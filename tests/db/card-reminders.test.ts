import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, paymentSources } from '@/lib/db/schema';
import { nextCardExpiryReminderDue, runCardExpiryReminders } from '@/lib/provider/card-reminders';
import { updateCard } from '@/lib/provider/payment-sources';
import { backends, type TestDatabase } from '../support/databases';
import { addStoredCard, day, newCustomer, useCatalogDatabase } from './billing-fixtures';

// A card that expires in 06/2027 stops working at 1 July 2027 00:00 UTC; the reminder is 30 days before.
const expiry = Date.UTC(2027, 6, 1) / 1000;
const remindAt = expiry - 30 * day;

describe.each(backends())('card_expiring on $name', (backend) => {
  let db: TestDatabase['handle']['db'];
  useCatalogDatabase(backend, (opened) => {
    db = opened;
  });

  async function cardExpiringJune2027() {
    const customerId = await newCustomer(db, null);
    const id = await addStoredCard(db, customerId, '4111111111111111', true);
    await db
      .update(paymentSources)
      .set({ card: { ...(await cardOf(id)), expiry_month: 6, expiry_year: 2027 } })
      .where(eq(paymentSources.id, id));
    return { customerId, id };
  }

  async function cardOf(id: string) {
    const [row] = await db.select().from(paymentSources).where(eq(paymentSources.id, id));
    if (!row) throw new Error(`no card ${id}`);
    return row.card;
  }

  async function remindersFor(id: string) {
    const rows = await db.select().from(events).where(eq(events.eventType, 'card_expiring'));
    return rows.filter(
      (row) => (row.content as { card?: { payment_source_id?: string } }).card?.payment_source_id === id,
    );
  }

  it('reminds 30 days before the card expires, once, with the customer and the card', async () => {
    const { customerId, id } = await cardExpiringJune2027();
    expect(await nextCardExpiryReminderDue(db)).toBeLessThanOrEqual(remindAt);
    await runCardExpiryReminders(db, remindAt - 1);
    expect(await remindersFor(id)).toHaveLength(0);
    await runCardExpiryReminders(db, remindAt);
    await runCardExpiryReminders(db, remindAt + day);
    const [reminder, ...more] = await remindersFor(id);
    expect(more).toHaveLength(0);
    expect(reminder?.content).toMatchObject({
      customer: { id: customerId },
      card: { payment_source_id: id, expiry_month: 6, expiry_year: 2027, status: 'expiring' },
      payment_source: { id, card: { expiry_month: 6, expiry_year: 2027 } },
    });
  });

  it('reminds again after the expiry is updated, and never for an expired or deleted card', async () => {
    const { id } = await cardExpiringJune2027();
    await runCardExpiryReminders(db, remindAt);
    await updateCard(db, id, { expiry_month: 6, expiry_year: 2028 }, 'api');
    const nextExpiry = Date.UTC(2028, 6, 1) / 1000;
    await runCardExpiryReminders(db, nextExpiry - 30 * day - 1);
    expect(await remindersFor(id)).toHaveLength(1);
    await runCardExpiryReminders(db, nextExpiry - 30 * day);
    expect(await remindersFor(id)).toHaveLength(2);

    const late = await cardExpiringJune2027();
    await runCardExpiryReminders(db, expiry);
    expect(await remindersFor(late.id)).toHaveLength(0);
    const deleted = await cardExpiringJune2027();
    await db.update(paymentSources).set({ deleted: true }).where(eq(paymentSources.id, deleted.id));
    await runCardExpiryReminders(db, remindAt);
    expect(await remindersFor(deleted.id)).toHaveLength(0);
  });

  it('records one reminder however many workers run at once', async () => {
    const { id } = await cardExpiringJune2027();
    await Promise.all([1, 2, 3].map(() => runCardExpiryReminders(db, remindAt)));
    expect(await remindersFor(id)).toHaveLength(1);
  });
});
