import { and, eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { type customers, paymentSources, type SubscriptionItem } from '@/lib/db/schema';
import { errors } from './api/errors';
import type { PeriodUnit } from './catalog';
import type { ChargeLine } from './invoice-issue';
import type { ItemPriceRow } from './item-prices';
import { cardStatus } from './payment-source-wire';

type CustomerRow = typeof customers.$inferSelect;
type PaymentSourceRow = typeof paymentSources.$inferSelect;

/** Adds billing periods in UTC; a month from the 31st lands on the last day of a shorter month. */
export function addPeriod(from: number, count: number, unit: PeriodUnit): number {
  if (unit === 'day') return from + count * 86400;
  if (unit === 'week') return from + count * 7 * 86400;
  const date = new Date(from * 1000);
  const months = unit === 'year' ? 12 * count : count;
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** The share of `amount` that covers the rest of a term, rounded to the minor unit. */
export function prorate(amount: number, termStart: number, termEnd: number, now: number): number {
  const length = termEnd - termStart;
  if (length <= 0) return 0;
  const remaining = Math.min(length, Math.max(0, termEnd - now));
  return Math.round((amount * remaining) / length);
}

export function subscriptionItemFor(price: ItemPriceRow, quantity: number): SubscriptionItem {
  return {
    item_price_id: price.id,
    item_type: price.itemType as SubscriptionItem['item_type'],
    quantity,
    unit_price: price.price,
    amount: price.pricingModel === 'flat_fee' ? price.price : price.price * quantity,
    free_quantity: 0,
  };
}

/** The line billing a subscription item for a whole term. */
export function termLine(
  price: ChargeLine['price'],
  item: SubscriptionItem,
  dateFrom: number,
  dateTo: number,
): ChargeLine {
  return {
    price,
    unitAmount: item.unit_price,
    quantity: item.quantity,
    amount: item.amount,
    dateFrom,
    dateTo,
  };
}

export function itemsAmount(items: SubscriptionItem[]): number {
  return items.reduce((sum, item) => sum + item.amount, 0);
}

function usable(source: PaymentSourceRow | undefined, customerId: string, now: number) {
  return (
    source !== undefined &&
    source.customerId === customerId &&
    !source.deleted &&
    cardStatus(source.card, now) !== 'expired'
  );
}

/**
 * The payment source a charge uses, in Chargebee's order: the subscription's own, then the customer's
 * primary, then the backup. Deleted and expired cards are skipped.
 */
export async function resolvePaymentSource(
  db: Database,
  customer: CustomerRow,
  preferredId: string | null | undefined,
  now: number,
): Promise<PaymentSourceRow | undefined> {
  for (const id of [preferredId, customer.primaryPaymentSourceId, customer.backupPaymentSourceId]) {
    if (!id) continue;
    const [source] = await db.select().from(paymentSources).where(eq(paymentSources.id, id));
    if (usable(source, customer.id, now)) return source;
  }
  return undefined;
}

/** A payment source the customer explicitly named for a subscription: theirs, present and not expired. */
export async function requireOwnPaymentSource(
  db: Database,
  customerId: string,
  id: string,
  now: number,
  param = 'payment_source_id',
): Promise<PaymentSourceRow> {
  const [source] = await db
    .select()
    .from(paymentSources)
    .where(
      and(
        eq(paymentSources.id, id),
        eq(paymentSources.customerId, customerId),
        eq(paymentSources.deleted, false),
      ),
    );
  if (!source) throw errors.notFound(`${param} : payment source ${id} not found`, param);
  if (cardStatus(source.card, now) === 'expired')
    throw errors.paramWrongValue(param, 'the card has expired; add a new card');
  return source;
}

export function paymentMethodMissing() {
  return errors.paymentMethodNotPresent(
    'The customer has no usable payment method: add a card before starting or changing a paid subscription.',
  );
}
