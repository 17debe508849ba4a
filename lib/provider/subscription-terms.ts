import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { type customers, invoices, type paymentSources, type SubscriptionItem } from '@/lib/db/schema';
import { errors } from './api/errors';
import {
  addPeriod,
  itemsAmount,
  paymentMethodMissing,
  resolvePaymentSource,
  subscriptionItemFor,
  termLine,
} from './billing';
import type { PeriodUnit } from './catalog';
import { type ChargeLine, duesAfter, type IssuedInvoice, issueInvoice } from './invoice-issue';
import { findItemPrice, type ItemPriceRow, requireItemPrice } from './item-prices';
import { type SubscriptionChanges, type SubscriptionRow, saveSubscription } from './subscription-records';

type CustomerRow = typeof customers.$inferSelect;
type PaymentSourceRow = typeof paymentSources.$inferSelect;

export type SubscriptionItemInput = { itemPriceId: string; quantity?: number };
export type ResolvedItems = { plan: ItemPriceRow; items: SubscriptionItem[] };

const itemParam = (i: number) => `subscription_items[item_price_id][${i}]`;

/**
 * Checks requested items the way Chargebee does for a plan-only catalogue: each item price exists and is
 * active, all share one currency, and exactly one of them is a plan.
 */
export async function resolvePlanItems(
  db: Database,
  requested: SubscriptionItemInput[],
): Promise<ResolvedItems> {
  if (requested.length === 0) throw errors.paramWrongValue(itemParam(0), 'cannot be blank');
  const items: SubscriptionItem[] = [];
  let plan: ItemPriceRow | undefined;
  for (const [i, entry] of requested.entries()) {
    const price = await requireItemPrice(db, entry.itemPriceId, itemParam(i));
    if (price.status !== 'active')
      throw errors.paramWrongValue(
        itemParam(i),
        `item price ${price.id} is archived and cannot be subscribed to`,
      );
    if (requested.findIndex((other) => other.itemPriceId === entry.itemPriceId) !== i)
      throw errors.paramWrongValue(itemParam(i), `item price ${price.id} is listed more than once`);
    if (plan && price.currencyCode !== plan.currencyCode)
      throw errors.paramWrongValue(itemParam(i), 'every item price must be in the same currency');
    const quantity = entry.quantity ?? 1;
    if (price.pricingModel === 'flat_fee' && quantity !== 1)
      throw errors.paramWrongValue(
        `subscription_items[quantity][${i}]`,
        'must be 1 for a flat-fee item price',
      );
    if (price.itemType === 'plan') {
      if (plan)
        throw errors.paramWrongValue(itemParam(i), 'only one plan item price is allowed per subscription');
      plan = price;
    }
    items.push(subscriptionItemFor(price, quantity));
  }
  if (!plan) throw errors.paramWrongValue(itemParam(0), 'must include a plan item price');
  return { plan, items };
}

export function periodOf(row: Pick<SubscriptionRow, 'billingPeriod' | 'billingPeriodUnit'>) {
  return { count: row.billingPeriod, unit: row.billingPeriodUnit as PeriodUnit };
}

/** The payment source for a charge of `amount`, or a 400 when something is due and there is none. */
export async function chargeableSource(
  db: Database,
  customer: CustomerRow,
  preferredId: string | null | undefined,
  amountDue: number,
  now: number,
): Promise<PaymentSourceRow | undefined> {
  const source = await resolvePaymentSource(db, customer, preferredId, now);
  if (amountDue > 0 && !source) throw paymentMethodMissing();
  return source;
}

/** What a full term of the subscription's items costs after its credit. */
export function termAmountDue(row: Pick<SubscriptionRow, 'items' | 'creditBalance'>): number {
  return Math.max(0, itemsAmount(row.items) - row.creditBalance);
}

export async function priceOf(db: Database, item: SubscriptionItem): Promise<ChargeLine['price']> {
  return (
    (await findItemPrice(db, item.item_price_id)) ?? {
      id: item.item_price_id,
      name: item.item_price_id,
      pricingModel: 'flat_fee',
    }
  );
}

/** Invoices lines for the subscription, charges them, and books the credit used and any new dues. */
export async function invoiceLines(
  db: Database,
  row: SubscriptionRow,
  customer: CustomerRow,
  lines: ChargeLine[],
  options: { date: number; recurring: boolean },
): Promise<{ row: SubscriptionRow; issued?: IssuedInvoice }> {
  if (lines.reduce((sum, line) => sum + line.amount, 0) === 0) return { row };
  const [earlier] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.subscriptionId, row.id))
    .limit(1);
  const paymentSource = await resolvePaymentSource(db, customer, row.paymentSourceId, options.date);
  const issued = await issueInvoice(db, {
    customer,
    subscriptionId: row.id,
    currencyCode: row.currencyCode,
    lines,
    date: options.date,
    creditAvailable: row.creditBalance,
    recurring: options.recurring,
    firstInvoice: earlier === undefined,
    paymentSource,
  });
  const saved = await saveSubscription(
    db,
    row,
    { creditBalance: row.creditBalance - issued.creditUsed, ...duesAfter(row, issued) },
    options.date,
  );
  return { row: saved, issued };
}

/** Invoices one whole term of the subscription's items, from its current term start to end. */
export async function invoiceTerm(
  db: Database,
  row: SubscriptionRow,
  customer: CustomerRow,
  options: { date: number },
) {
  const start = row.currentTermStart ?? options.date;
  const end = row.currentTermEnd ?? options.date;
  const lines = await Promise.all(
    row.items.map(async (item) => termLine(await priceOf(db, item), item, start, end)),
  );
  return invoiceLines(db, row, customer, lines, { ...options, recurring: true });
}

/** Starts a new term of the subscription's period at `at` with the given status, invoiced and charged. */
export async function beginTerm(
  db: Database,
  row: SubscriptionRow,
  customer: CustomerRow,
  at: number,
  changes: SubscriptionChanges,
) {
  const period = periodOf({ ...row, ...changes });
  const end = addPeriod(at, period.count, period.unit);
  const saved = await saveSubscription(
    db,
    row,
    { ...changes, currentTermStart: at, currentTermEnd: end, nextBillingAt: end },
    at,
  );
  return invoiceTerm(db, saved, customer, { date: at });
}
