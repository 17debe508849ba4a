import type { paymentSources, StoredCard } from '@/lib/db/schema';
import { nowSeconds } from './clock';
import { compact } from './serialize';

type PaymentSourceRow = typeof paymentSources.$inferSelect;

/** `expired` after the last day of the expiry month; `expiring` within the 30 days before that. */
export function cardStatus(card: Pick<StoredCard, 'expiry_month' | 'expiry_year'>, now = nowSeconds()) {
  const endOfExpiryMonth = Date.UTC(card.expiry_year, card.expiry_month, 1) / 1000;
  if (now >= endOfExpiryMonth) return 'expired' as const;
  if (now >= endOfExpiryMonth - 30 * 86400) return 'expiring' as const;
  return 'valid' as const;
}

export function paymentSourceToWire(row: PaymentSourceRow) {
  return compact({
    id: row.id,
    customer_id: row.customerId,
    type: row.type,
    reference_id: row.referenceId,
    status: cardStatus(row.card),
    gateway: row.gateway,
    gateway_account_id: row.gatewayAccountId,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    deleted: row.deleted,
    object: 'payment_source',
    card: compact({
      first_name: row.card.first_name,
      last_name: row.card.last_name,
      iin: row.card.iin,
      last4: row.card.last4,
      brand: row.card.brand,
      funding_type: row.card.funding_type,
      expiry_month: row.card.expiry_month,
      expiry_year: row.card.expiry_year,
      masked_number: row.card.masked_number,
      object: 'card',
    }),
  });
}

/** The legacy `card` companion resource that rides along with customers and subscriptions. */
export function cardToWire(row: PaymentSourceRow) {
  const { card } = row;
  return compact({
    status: cardStatus(card),
    gateway: row.gateway,
    gateway_account_id: row.gatewayAccountId,
    first_name: card.first_name,
    last_name: card.last_name,
    iin: card.iin,
    last4: card.last4,
    card_type: card.brand,
    funding_type: card.funding_type,
    expiry_month: card.expiry_month,
    expiry_year: card.expiry_year,
    masked_number: card.masked_number,
    payment_source_id: row.id,
    customer_id: row.customerId,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    object: 'card',
  });
}
