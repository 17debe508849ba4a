import { and, asc, eq, inArray, lte, min } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { invoices, type LinkedPayment, subscriptions, transactions } from '@/lib/db/schema';
import { defaultDunningRetryDays, env } from '@/lib/env';
import { errors } from './api/errors';
import { resolvePaymentSource } from './billing';
import { nextResourceVersion } from './clock';
import { customerResource, requireCustomer } from './customers';
import { type EventSource, recordEvent } from './events';
import { chargeCard } from './gateway';
import { newId } from './ids';
import type { InvoiceRow } from './invoice-issue';
import { invoiceToWire, transactionToWire } from './invoices';
import { recordSubscriptionEvent, saveSubscription, subscriptionToWire } from './subscription-records';

const day = 86_400;
const batchSize = 100;
const liveStatuses = ['in_trial', 'active', 'non_renewing'];

function dunningSettings() {
  const { provider } = env();
  return provider.enabled
    ? provider.dunning
    : { retryDays: defaultDunningRetryDays, finalAction: 'cancel' as const };
}

/** The fields an invoice that could not be collected starts dunning with: the first retry's time. */
export function dunningStart(date: number): Pick<InvoiceRow, 'dunningStatus' | 'nextRetryAt'> {
  const [first = defaultDunningRetryDays[0] as number] = dunningSettings().retryDays;
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

type Outcome = { invoice: InvoiceRow; paid: boolean };

/**
 * Charges what an invoice still owes to a payment source, records the transaction, and moves the
 * invoice on: paid (dunning `success` if it was in dunning), or still due with the next retry, or, once
 * retries are used up, `not_paid` (`exhausted`) with the final action applied. Emits Chargebee's
 * events in order: payment_succeeded/payment_failed, invoice_updated, dunning_updated, then any
 * subscription change. `retry` counts the attempt against the dunning schedule.
 */
async function chargeInvoice(
  db: Database,
  invoice: InvoiceRow,
  at: number,
  options: { paymentSourceId?: string | null; retry: boolean; source: EventSource },
): Promise<Outcome> {
  const customer = await requireCustomer(db, invoice.customerId);
  const [subscription] = invoice.subscriptionId
    ? await db.select().from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId))
    : [];
  const card = await resolvePaymentSource(
    db,
    customer,
    options.paymentSourceId ?? subscription?.paymentSourceId,
    at,
  );
  const result = card ? chargeCard(card) : undefined;
  const paid = result?.ok === true;
  const [transaction] = card
    ? await db
        .insert(transactions)
        .values({
          id: newId('txn_'),
          customerId: customer.id,
          subscriptionId: invoice.subscriptionId,
          paymentSourceId: card.id,
          invoiceId: invoice.id,
          type: 'payment',
          status: paid ? 'success' : 'failure',
          amount: invoice.amountDue,
          currencyCode: invoice.currencyCode,
          date: at,
          errorCode: result && !result.ok ? result.errorCode : undefined,
          errorText: result && !result.ok ? result.errorText : undefined,
          maskedCardNumber: card.card.masked_number,
          createdAt: at,
          updatedAt: at,
          resourceVersion: nextResourceVersion(),
        })
        .returning()
    : [];
  const { retryDays, finalAction } = dunningSettings();
  const attempts = invoice.dunningAttempts + (options.retry ? 1 : 0);
  const exhausted = !paid && options.retry && attempts >= retryDays.length;
  const inDunning = invoice.dunningStatus === 'in_progress';
  const payment: LinkedPayment[] = transaction
    ? [
        {
          txn_id: transaction.id,
          applied_amount: paid ? invoice.amountDue : 0,
          applied_at: at,
          txn_status: transaction.status,
          txn_date: at,
          txn_amount: invoice.amountDue,
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
        ? inDunning
          ? 'success'
          : invoice.dunningStatus
        : exhausted
          ? 'exhausted'
          : invoice.dunningStatus,
      nextRetryAt:
        paid || exhausted || !inDunning
          ? null
          : options.retry
            ? at + (retryDays[attempts] ?? 1) * day
            : invoice.nextRetryAt,
      dunningAttempts: attempts,
      linkedPayments: [...invoice.linkedPayments, ...payment],
      updatedAt: at,
      resourceVersion: nextResourceVersion(invoice.resourceVersion),
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  const saved = updated as InvoiceRow;
  let current = subscription;
  if (current) {
    current = await saveSubscription(db, current, await recountDues(db, current.id), at);
  }

  const wire = invoiceToWire(saved);
  const context = {
    customer: (await customerResource(db, customer)).customer,
    ...(current ? { subscription: subscriptionToWire(current) } : {}),
  };
  if (transaction) {
    await recordEvent(db, {
      eventType: paid ? 'payment_succeeded' : 'payment_failed',
      content: { transaction: transactionToWire(transaction, saved), invoice: wire, ...context },
      source: options.source,
    });
  }
  await recordEvent(db, { eventType: 'invoice_updated', content: { invoice: wire }, source: options.source });
  if (inDunning && (options.retry || paid)) {
    await recordEvent(db, {
      eventType: 'dunning_updated',
      content: { invoice: wire, ...context },
      source: options.source,
    });
  }
  if (exhausted && finalAction === 'cancel' && current && liveStatuses.includes(current.status)) {
    const cancelled = await saveSubscription(
      db,
      current,
      {
        status: 'cancelled',
        cancelledAt: at,
        cancelReason: 'not_paid',
        nextBillingAt: null,
        scheduledChanges: null,
        pauseDate: null,
        resumeDate: null,
      },
      at,
    );
    await recordSubscriptionEvent(db, 'subscription_cancelled', cancelled, options.source);
  }
  return { invoice: saved, paid };
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
  if (invoice.status !== 'payment_due' && invoice.status !== 'not_paid') {
    throw errors.invalidState(
      `The invoice is ${invoice.status}; only an invoice with money due can be collected.`,
    );
  }
  const customer = await requireCustomer(db, invoice.customerId);
  const card = await resolvePaymentSource(db, customer, input.paymentSourceId, input.at);
  if (!card || (input.paymentSourceId && card.id !== input.paymentSourceId)) {
    throw input.paymentSourceId
      ? errors.notFound(
          `payment_source_id : payment source ${input.paymentSourceId} not found`,
          'payment_source_id',
        )
      : errors.paymentMethodNotPresent(
          'The customer has no usable payment method to collect this invoice with.',
        );
  }
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
