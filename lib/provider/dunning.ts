import { and, asc, eq, inArray, lte, min } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { invoices, type LinkedPayment, subscriptions, transactions } from '@/lib/db/schema';
import { defaultDunningRetryDays, env } from '@/lib/env';
import { errors } from './api/errors';
import { requireOwnPaymentSource, resolvePaymentSource } from './billing';
import { nextResourceVersion } from './clock';
import { customerResource, requireCustomer } from './customers';
import { type EventSource, recordEvent } from './events';
import { chargeCard } from './gateway';
import { newId } from './ids';
import type { InvoiceRow } from './invoice-issue';
import { invoiceToWire, transactionToWire } from './invoices';
import {
  recordSubscriptionEvent,
  type SubscriptionRow,
  saveSubscription,
  subscriptionToWire,
} from './subscription-records';

const day = 86_400;
const batchSize = 100;
const liveStatuses = ['in_trial', 'active', 'non_renewing'];

/** The site's dunning settings: the days between retries and what happens when they run out. */
export function dunningSchedule(): { retryDays: number[]; finalAction: 'cancel' | 'keep' } {
  const { provider } = env();
  return provider.enabled
    ? provider.dunning
    : { retryDays: defaultDunningRetryDays, finalAction: 'cancel' as const };
}

/** The fields an invoice that could not be collected starts dunning with: the first retry's time. */
export function dunningStart(date: number): Pick<InvoiceRow, 'dunningStatus' | 'nextRetryAt'> {
  const [first = defaultDunningRetryDays[0] as number] = dunningSchedule().retryDays;
  return { dunningStatus: 'in_progress', nextRetryAt: date + first * day };
}

/** Recounts a subscription's dues (`due_invoices_count`, `due_since`, `total_dues`) from its invoices. */
async function recountDues(db: Database, subscriptionId: string) {
  const due = await db
    .select({ date: invoices.date, amountDue: invoices.amountDue })
    .from(invoices)
    .where(
      and(eq(invoices.subscriptionId, subscriptionId), inArray(invoices.status, ['payment_due', 'not_paid'])),
    );
  return {
    dueInvoicesCount: due.length,
    dueSince: due.length > 0 ? Math.min(...due.map((invoice) => invoice.date)) : null,
    totalDues: due.reduce((sum, invoice) => sum + invoice.amountDue, 0),
  };
}

type CustomerRow = Awaited<ReturnType<typeof requireCustomer>>;
type TransactionRow = typeof transactions.$inferSelect;
type PaymentSourceRow = NonNullable<Awaited<ReturnType<typeof resolvePaymentSource>>>;

/** One charge to a card for the given invoices: its transaction (none without a card) and whether it paid. */
type Charge = { transaction?: TransactionRow; paid: boolean };

/** What one charge did to one invoice, for the events that announce it. */
type Settled = {
  invoice: InvoiceRow;
  subscription?: SubscriptionRow;
  wasInDunning: boolean;
  exhausted: boolean;
};

/** Charges `card` (if any) for the invoices' dues as one transaction linked to the first invoice. */
async function chargeFor(
  db: Database,
  customer: CustomerRow,
  card: PaymentSourceRow | undefined,
  due: InvoiceRow[],
  at: number,
): Promise<Charge> {
  if (!card) return { paid: false };
  const result = chargeCard(card);
  const [first] = due;
  const single = due.length === 1 ? first : undefined;
  const [transaction] = await db
    .insert(transactions)
    .values({
      id: newId('txn_'),
      customerId: customer.id,
      subscriptionId: single?.subscriptionId,
      paymentSourceId: card.id,
      invoiceId: first?.id,
      type: 'payment',
      status: result.ok ? 'success' : 'failure',
      amount: due.reduce((sum, invoice) => sum + invoice.amountDue, 0),
      currencyCode: first?.currencyCode ?? 'USD',
      date: at,
      errorCode: result.ok ? undefined : result.errorCode,
      errorText: result.ok ? undefined : result.errorText,
      maskedCardNumber: card.card.masked_number,
      createdAt: at,
      updatedAt: at,
      resourceVersion: nextResourceVersion(),
    })
    .returning();
  return { transaction, paid: result.ok };
}

/**
 * Moves an invoice on after a charge: paid (dunning `success` if it was in dunning), or still due with
 * the next retry, or, once retries are used up, `not_paid` (`exhausted`). `retry` counts the charge as
 * a dunning retry (an entry in `dunning_attempts`). Recounts the subscription's dues.
 */
async function settleInvoice(
  db: Database,
  invoice: InvoiceRow,
  charge: Charge,
  at: number,
  retry: boolean,
): Promise<Settled> {
  const { retryDays } = dunningSchedule();
  const { transaction, paid } = charge;
  const attempts = retry
    ? [
        ...invoice.dunningAttempts,
        {
          attempt: invoice.dunningAttempts.length + 1,
          transaction_id: transaction?.id,
          dunning_type: 'auto_collect' as const,
          created_at: at,
          txn_status: transaction?.status,
          txn_amount: transaction?.amount,
          retry_engine: 'chargebee' as const,
        },
      ]
    : invoice.dunningAttempts;
  const exhausted = !paid && retry && attempts.length >= retryDays.length;
  const wasInDunning = invoice.dunningStatus === 'in_progress';
  const payment: LinkedPayment[] = transaction
    ? [
        {
          txn_id: transaction.id,
          applied_amount: paid ? invoice.amountDue : 0,
          applied_at: at,
          txn_status: transaction.status,
          txn_date: at,
          txn_amount: transaction.amount,
        },
      ]
    : [];
  const [updated] = await db
    .update(invoices)
    .set({
      ...(paid
        ? { status: 'paid', paidAt: at, amountPaid: invoice.amountPaid + invoice.amountDue, amountDue: 0 }
        : exhausted
          ? { status: 'not_paid' }
          : {}),
      dunningStatus: paid
        ? wasInDunning
          ? 'success'
          : invoice.dunningStatus
        : exhausted
          ? 'exhausted'
          : invoice.dunningStatus,
      nextRetryAt:
        paid || exhausted || !wasInDunning
          ? null
          : retry
            ? at + (retryDays[attempts.length] ?? 1) * day
            : invoice.nextRetryAt,
      dunningAttempts: attempts,
      linkedPayments: [...invoice.linkedPayments, ...payment],
      updatedAt: at,
      resourceVersion: nextResourceVersion(invoice.resourceVersion),
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  const [subscription] = invoice.subscriptionId
    ? await db.select().from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId))
    : [];
  return {
    invoice: updated as InvoiceRow,
    subscription: subscription
      ? await saveSubscription(db, subscription, await recountDues(db, subscription.id), at)
      : undefined,
    wasInDunning,
    exhausted,
  };
}

/**
 * Chargebee's events for a charge, in order: payment_succeeded/payment_failed (when a card was
 * charged), then for each invoice invoice_updated and, for one in dunning, dunning_updated, then the
 * final action once dunning is exhausted (cancel: subscription_cancelled with `cancel_reason: not_paid`).
 */
async function announceCharge(
  db: Database,
  customer: CustomerRow,
  charge: Charge,
  settled: Settled[],
  options: { retry: boolean; source: EventSource },
) {
  const { source } = options;
  const customerWire = (await customerResource(db, customer)).customer;
  const [only] = settled.length === 1 ? settled : [];
  if (charge.transaction) {
    await recordEvent(db, {
      eventType: charge.paid ? 'payment_succeeded' : 'payment_failed',
      content: {
        transaction: transactionToWire(
          charge.transaction,
          settled.map(({ invoice }) => invoice),
        ),
        ...(only ? { invoice: invoiceToWire(only.invoice) } : {}),
        customer: customerWire,
        ...(only?.subscription ? { subscription: subscriptionToWire(only.subscription) } : {}),
      },
      source,
    });
  }
  for (const { invoice, subscription, wasInDunning, exhausted } of settled) {
    const wire = invoiceToWire(invoice);
    await recordEvent(db, { eventType: 'invoice_updated', content: { invoice: wire }, source });
    if (wasInDunning && (options.retry || charge.paid)) {
      await recordEvent(db, {
        eventType: 'dunning_updated',
        content: {
          invoice: wire,
          customer: customerWire,
          ...(subscription ? { subscription: subscriptionToWire(subscription) } : {}),
        },
        source,
      });
    }
    const { finalAction } = dunningSchedule();
    if (exhausted && finalAction === 'cancel' && subscription && liveStatuses.includes(subscription.status)) {
      const cancelled = await saveSubscription(
        db,
        subscription,
        {
          status: 'cancelled',
          cancelledAt: invoice.updatedAt,
          cancelReason: 'not_paid',
          nextBillingAt: null,
          scheduledChanges: null,
          pauseDate: null,
          resumeDate: null,
        },
        invoice.updatedAt,
      );
      await recordSubscriptionEvent(db, 'subscription_cancelled', cancelled, source);
    }
  }
}

/**
 * Charges what an invoice still owes to a payment source (the named one, else the subscription's, else
 * the customer's usual one), records the transaction, moves the invoice on and announces it.
 */
async function chargeInvoice(
  db: Database,
  invoice: InvoiceRow,
  at: number,
  options: { paymentSourceId?: string | null; retry: boolean; source: EventSource },
): Promise<{ invoice: InvoiceRow; paid: boolean }> {
  const customer = await requireCustomer(db, invoice.customerId);
  const [subscription] = invoice.subscriptionId
    ? await db
        .select({ paymentSourceId: subscriptions.paymentSourceId })
        .from(subscriptions)
        .where(eq(subscriptions.id, invoice.subscriptionId))
    : [];
  const card = await resolvePaymentSource(
    db,
    customer,
    options.paymentSourceId ?? subscription?.paymentSourceId,
    at,
  );
  const charge = await chargeFor(db, customer, card, [invoice], at);
  const settled = await settleInvoice(db, invoice, charge, at, options.retry);
  await announceCharge(db, customer, charge, [settled], options);
  return { invoice: settled.invoice, paid: charge.paid };
}

/**
 * Retries every invoice whose dunning retry has come by `now`, oldest retry first, each in its own
 * transaction and claimed with FOR UPDATE SKIP LOCKED, so several processes may run this at once and
 * an invoice is never charged twice for one retry. Returns how many invoices it retried.
 */
export async function runDunning(db: Database, now: number): Promise<number> {
  let retried = 0;
  for (;;) {
    const due = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.dunningStatus, 'in_progress'), lte(invoices.nextRetryAt, now)))
      .orderBy(asc(invoices.nextRetryAt), asc(invoices.id))
      .limit(batchSize);
    if (due.length === 0) return retried;
    for (const { id } of due) {
      await db.transaction(async (tx) => {
        const [invoice] = await tx
          .select()
          .from(invoices)
          .where(
            and(
              eq(invoices.id, id),
              eq(invoices.dunningStatus, 'in_progress'),
              lte(invoices.nextRetryAt, now),
            ),
          )
          .for('update', { skipLocked: true });
        if (!invoice) return;
        await chargeInvoice(tx, invoice, invoice.nextRetryAt ?? now, {
          retry: true,
          source: 'scheduled_job',
        });
        retried += 1;
      });
    }
  }
}

/** The earliest waiting dunning retry, due or not, or null (a due moment for the time machine's travel). */
export async function nextDunningRetryDue(db: Database): Promise<number | null> {
  const [row] = await db
    .select({ at: min(invoices.nextRetryAt) })
    .from(invoices)
    .where(eq(invoices.dunningStatus, 'in_progress'));
  return row?.at == null ? null : Number(row.at);
}

const collectable = ['payment_due', 'not_paid'];

/** The card an API collection charges: the named one (the customer's, present, unexpired), else the usual one. */
async function collectionCard(
  db: Database,
  customer: CustomerRow,
  paymentSourceId: string | undefined,
  at: number,
) {
  if (paymentSourceId) return requireOwnPaymentSource(db, customer.id, paymentSourceId, at);
  const card = await resolvePaymentSource(db, customer, undefined, at);
  if (!card) {
    throw errors.paymentMethodNotPresent(
      'The customer has no usable payment method to collect this payment with.',
    );
  }
  return card;
}

/**
 * `POST /invoices/{id}/collect_payment`: charges what a `payment_due` or `not_paid` invoice owes, now,
 * to the named or usual payment source. A decline is a 400 `payment_processing_failed` and changes
 * nothing (Chargebee answers an API collection that fails with an error, not a failed invoice).
 */
export async function collectInvoicePayment(
  db: Database,
  id: string,
  input: { paymentSourceId?: string; at: number; source: EventSource },
) {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, id)).for('update');
  if (!invoice || invoice.deleted)
    throw errors.notFound(`invoice_id : invoice ${id} not found`, 'invoice_id');
  if (!collectable.includes(invoice.status)) {
    throw errors.invalidState(
      `The invoice is ${invoice.status}; only an invoice with money due can be collected.`,
    );
  }
  const customer = await requireCustomer(db, invoice.customerId);
  const card = await collectionCard(db, customer, input.paymentSourceId, input.at);
  if (!chargeCard(card).ok) {
    throw errors.paymentProcessingFailed('The card was declined: insufficient funds.');
  }
  const outcome = await chargeInvoice(db, invoice, input.at, {
    paymentSourceId: card.id,
    retry: false,
    source: input.source,
  });
  return { invoice: invoiceToWire(outcome.invoice) };
}

/**
 * `POST /customers/{id}/collect_payment`: one charge for the whole amount due on the invoices named in
 * `invoice_allocations`, each of them this customer's and due, paid in full. Answers
 * `{customer, transaction}` with the transaction's `linked_invoices`. A decline is a 400
 * `payment_processing_failed` and changes nothing, as for an invoice's own collect_payment.
 */
export async function collectCustomerPayment(
  db: Database,
  customerId: string,
  input: { invoiceIds: string[]; paymentSourceId?: string; at: number; source: EventSource },
) {
  const customer = await requireCustomer(db, customerId);
  const due: InvoiceRow[] = [];
  for (const [index, id] of input.invoiceIds.entries()) {
    const param = `invoice_allocations[invoice_id][${index}]`;
    if (input.invoiceIds.indexOf(id) !== index) {
      throw errors.paramWrongValue(param, `invoice ${id} is named more than once`);
    }
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, id)).for('update');
    if (!invoice || invoice.deleted || invoice.customerId !== customer.id) {
      throw errors.notFound(`${param} : invoice ${id} not found`, param);
    }
    if (!collectable.includes(invoice.status)) {
      throw errors.invalidState(
        `Invoice ${id} is ${invoice.status}; only invoices with money due can be collected.`,
      );
    }
    due.push(invoice);
  }
  const card = await collectionCard(db, customer, input.paymentSourceId, input.at);
  if (!chargeCard(card).ok) {
    throw errors.paymentProcessingFailed('The card was declined: insufficient funds.');
  }
  const charge = await chargeFor(db, customer, card, due, input.at);
  const settled: Settled[] = [];
  for (const invoice of due) settled.push(await settleInvoice(db, invoice, charge, input.at, false));
  await announceCharge(db, customer, charge, settled, { retry: false, source: input.source });
  return {
    customer: (await customerResource(db, await requireCustomer(db, customer.id))).customer,
    transaction: transactionToWire(
      charge.transaction as TransactionRow,
      settled.map(({ invoice }) => invoice),
    ),
  };
}

/**
 * Collects every invoice a customer owes, oldest first, with the given card (else their usual one):
 * what the hosted portal does when a customer adds a card while a payment is due (Chargebee's
 * "collect now"). Stops at the first decline; returns how many invoices were paid.
 */
export async function collectCustomerDues(
  db: Database,
  customerId: string,
  input: { paymentSourceId?: string; at: number; source: EventSource },
) {
  const due = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.customerId, customerId),
        inArray(invoices.status, ['payment_due', 'not_paid']),
        eq(invoices.deleted, false),
      ),
    )
    .orderBy(asc(invoices.date), asc(invoices.id))
    .for('update');
  let paid = 0;
  for (const invoice of due) {
    const outcome = await chargeInvoice(db, invoice, input.at, {
      paymentSourceId: input.paymentSourceId,
      retry: false,
      source: input.source,
    });
    if (!outcome.paid) break;
    paid += 1;
  }
  return paid;
}
