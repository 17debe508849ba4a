import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invoices } from '@/lib/db/schema';
import { addOwnCard } from '@/lib/portal/self-serve';
import {
  collectCustomerPayment,
  collectInvoicePayment,
  nextDunningRetryDue,
  runDunning,
} from '@/lib/provider/dunning';
import { invoiceToWire } from '@/lib/provider/invoices';
import { backends, type TestDatabase } from '../support/databases';
import {
  addStoredCard,
  apiError,
  day,
  decliningCard,
  eventsFor,
  goodCard,
  invoicesFor,
  newCustomer,
  subscribePaid,
  subscriptionRow,
  t0,
  transactionsFor,
  useCatalogDatabase,
} from './billing-fixtures';

const _reader = [{ itemPriceId: 'reader-USD-monthly' }];

describe.each(backends())('dunning on $name', (backend) => {
  let db: TestDatabase['handle']['db'];
  useCatalogDatabase(backend, (opened) => {
    db = opened;
  });

  /** A subscription whose first charge declined at t0, so its invoice is in dunning. */
  async function inDunning() {
    const customerId = await newCustomer(db, decliningCard);
    const { subscription } = await subscribePaid(db, customerId);
    const [invoice] = await invoicesFor(db, subscription.id);
    return { customerId, subscriptionId: subscription.id, invoiceId: invoice?.id as string };
  }

  async function invoice(id: string) {
    const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
    return row;
  }

  /** The invoice's dunning retries as [attempt, transaction status, time]. */
  async function attempts(id: string) {
    return (await invoice(id))?.dunningAttempts.map((entry) => [
      entry.attempt,
      entry.txn_status,
      entry.created_at,
    ]);
  }

  it('retries a declined invoice on the schedule, then marks it not_paid and cancels for not_paid', async () => {
    const { subscriptionId, invoiceId } = await inDunning();
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'payment_due',
      dunningStatus: 'in_progress',
      nextRetryAt: t0 + 3 * day,
      dunningAttempts: [],
    });
    expect(await nextDunningRetryDue(db)).toBeLessThanOrEqual(t0 + 3 * day);

    const before = (await eventsFor(db, subscriptionId)).length;
    await runDunning(db, t0 + 3 * day - 1);
    expect(await attempts(invoiceId)).toEqual([]);
    await runDunning(db, t0 + 3 * day);
    expect(await invoice(invoiceId)).toMatchObject({ nextRetryAt: t0 + 5 * day });
    expect(await attempts(invoiceId)).toEqual([[1, 'failure', t0 + 3 * day]]);
    await runDunning(db, t0 + 5 * day);
    expect(await invoice(invoiceId)).toMatchObject({ nextRetryAt: t0 + 7 * day });
    expect(await attempts(invoiceId)).toHaveLength(2);
    expect(await subscriptionRow(db, subscriptionId)).toMatchObject({
      status: 'active',
      dueInvoicesCount: 1,
    });
    await runDunning(db, t0 + 7 * day);
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'not_paid',
      dunningStatus: 'exhausted',
      nextRetryAt: null,
      amountDue: 900,
    });
    const retries = (await transactionsFor(db, subscriptionId)).slice(1);
    expect(
      invoiceToWire((await invoice(invoiceId)) as NonNullable<Awaited<ReturnType<typeof invoice>>>)
        .dunning_attempts,
    ).toEqual(
      retries.map((txn, index) => ({
        attempt: index + 1,
        transaction_id: txn.id,
        dunning_type: 'auto_collect',
        created_at: txn.date,
        txn_status: 'failure',
        txn_amount: 900,
        retry_engine: 'chargebee',
      })),
    );
    expect(await subscriptionRow(db, subscriptionId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'not_paid',
      cancelledAt: t0 + 7 * day,
      dueInvoicesCount: 1,
      totalDues: 900,
    });
    await runDunning(db, t0 + 30 * day);
    expect((await transactionsFor(db, subscriptionId)).map((txn) => [txn.status, txn.date])).toEqual([
      ['failure', t0],
      ['failure', t0 + 3 * day],
      ['failure', t0 + 5 * day],
      ['failure', t0 + 7 * day],
    ]);
    const log = (await eventsFor(db, subscriptionId)).slice(before).map((event) => event.type);
    const retry = ['payment_failed', 'invoice_updated', 'dunning_updated'];
    expect(log).toEqual([...retry, ...retry, ...retry, 'subscription_cancelled']);
    const cancelled = (await eventsFor(db, subscriptionId)).at(-1);
    expect(cancelled?.content.subscription).toMatchObject({ status: 'cancelled', cancel_reason: 'not_paid' });
  });

  it('collects with a card added mid-dunning at the next retry: paid, dunning success, still active', async () => {
    const { customerId, subscriptionId, invoiceId } = await inDunning();
    await runDunning(db, t0 + 3 * day);
    await addStoredCard(db, customerId, goodCard, true);
    await runDunning(db, t0 + 5 * day);
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'paid',
      dunningStatus: 'success',
      nextRetryAt: null,
      amountDue: 0,
      amountPaid: 900,
      paidAt: t0 + 5 * day,
    });
    expect(await subscriptionRow(db, subscriptionId)).toMatchObject({
      status: 'active',
      dueInvoicesCount: 0,
      totalDues: 0,
      dueSince: null,
      cancelReason: null,
    });
    const types = (await eventsFor(db, subscriptionId)).slice(-3).map((event) => event.type);
    expect(types).toEqual(['payment_succeeded', 'invoice_updated', 'dunning_updated']);
  });

  it('retries an invoice once however many processes run the same retry at once', async () => {
    const { subscriptionId } = await inDunning();
    await Promise.all([
      runDunning(db, t0 + 3 * day),
      runDunning(db, t0 + 3 * day),
      runDunning(db, t0 + 3 * day),
    ]);
    const failures = (await transactionsFor(db, subscriptionId)).filter((txn) => txn.date === t0 + 3 * day);
    expect(failures).toHaveLength(1);
  });

  it('collects an invoice on request: a decline changes nothing, a good card pays it', async () => {
    const { customerId, subscriptionId, invoiceId } = await inDunning();
    const declined = await apiError(
      db.transaction((tx) => collectInvoicePayment(tx, invoiceId, { at: t0 + day, source: 'api' })),
    );
    expect(declined).toMatchObject({ status: 400, apiErrorCode: 'payment_processing_failed' });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'payment_due', dunningAttempts: [] });
    expect(await transactionsFor(db, subscriptionId)).toHaveLength(1);

    const card = await addStoredCard(db, customerId, goodCard, false);
    const paid = await db.transaction((tx) =>
      collectInvoicePayment(tx, invoiceId, { paymentSourceId: card, at: t0 + day, source: 'api' }),
    );
    expect(paid.invoice).toMatchObject({ status: 'paid', amount_due: 0, dunning_status: 'success' });
    expect(
      (
        await apiError(
          db.transaction((tx) => collectInvoicePayment(tx, invoiceId, { at: t0 + day, source: 'api' })),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await apiError(
          db.transaction((tx) => collectInvoicePayment(tx, 'no_such_invoice', { at: t0, source: 'api' })),
        )
      ).status,
    ).toBe(404);
  });

  it('pays what is due when the customer adds a working card in the portal (collect now)', async () => {
    const { customerId, subscriptionId, invoiceId } = await inDunning();
    const added = await addOwnCard(
      db,
      customerId,
      { number: goodCard, expiry_month: 12, expiry_year: 2035, cvv: '123' },
      false,
    );
    expect(added.collected).toBe(1);
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'paid',
      dunningStatus: 'success',
      amountDue: 0,
    });
    const [, paid] = await transactionsFor(db, subscriptionId);
    expect(paid).toMatchObject({ status: 'success', paymentSourceId: added.payment_source.id });

    const other = await inDunning();
    const declining = await addOwnCard(
      db,
      other.customerId,
      { number: decliningCard, expiry_month: 12, expiry_year: 2035, cvv: '123' },
      false,
    );
    expect(declining.collected).toBe(0);
    expect(await invoice(other.invoiceId)).toMatchObject({
      status: 'payment_due',
      dunningStatus: 'in_progress',
    });
  });

  it('collects several invoices of one customer in one charge: all or nothing, each named once and theirs', async () => {
    const customerId = await newCustomer(db, decliningCard);
    const first = (await subscribePaid(db, customerId)).subscription.id;
    const second = (await subscribePaid(db, customerId)).subscription.id;
    const ids = [(await invoicesFor(db, first))[0]?.id, (await invoicesFor(db, second))[0]?.id] as string[];
    const collect = (invoiceIds: string[], paymentSourceId?: string, customer = customerId) =>
      db.transaction((tx) =>
        collectCustomerPayment(tx, customer, { invoiceIds, paymentSourceId, at: t0 + day, source: 'api' }),
      );

    expect(await apiError(collect(ids))).toMatchObject({
      status: 400,
      apiErrorCode: 'payment_processing_failed',
    });
    expect(await apiError(collect([ids[0] as string, ids[0] as string]))).toMatchObject({
      status: 400,
      options: { param: 'invoice_allocations[invoice_id][1]' },
    });
    const stranger = await newCustomer(db, goodCard);
    expect(await apiError(collect(ids, undefined, stranger))).toMatchObject({
      status: 404,
      options: { param: 'invoice_allocations[invoice_id][0]' },
    });
    for (const id of ids) expect(await invoice(id)).toMatchObject({ status: 'payment_due', amountDue: 900 });

    const card = await addStoredCard(db, customerId, goodCard, false);
    const { customer, transaction } = await collect(ids, card);
    expect(customer).toMatchObject({ id: customerId, object: 'customer' });
    expect(transaction).toMatchObject({
      status: 'success',
      amount: 1800,
      payment_source_id: card,
      linked_invoices: ids.map((id) => ({ invoice_id: id, applied_amount: 900, invoice_status: 'paid' })),
    });
    for (const id of ids) {
      expect(await invoice(id)).toMatchObject({ status: 'paid', amountDue: 0, dunningStatus: 'success' });
    }
    expect(await subscriptionRow(db, first)).toMatchObject({ dueInvoicesCount: 0, totalDues: 0 });
    expect((await eventsFor(db, second)).slice(-2).map((event) => event.type)).toEqual([
      'invoice_updated',
      'dunning_updated',
    ]);
    expect((await apiError(collect(ids, card))).status).toBe(409);
  });
});
