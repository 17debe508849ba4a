import type { paymentSources, StoredCard } from '@/lib/db/schema';
import { nowSeconds } from './clock';
import { compact } from './serialize';

type PaymentSourceRow = typeof paymentSources.$inferSelect;

/** Chargebee's payment method types (this provider stores only cards; the rest filter to nothing). */
export const paymentSourceTypes = [
  'card',
  'paypal_express_checkout',
  'amazon_payments',
  'direct_debit',
  'generic',
  'alipay',
  'unionpay',
  'apple_pay',
  'wechat_pay',
  'ideal',
  'google_pay',
  'sofort',
  'bancontact',
  'giropay',
  'dotpay',
  'upi',
  'netbanking_emandates',
  'venmo',
  'pay_to',
  'faster_payments',
  'sepa_instant_transfer',
  'automated_bank_transfer',
  'klarna_pay_now',
  'online_banking_poland',
  'payconiq_by_bancontact',
  'electronic_payment_standard',
  'kbc_payment_button',
  'pay_by_bank',
  'trustly',
  'stablecoin',
  'kakao_pay',
  'naver_pay',
  'revolut_pay',
  'cash_app_pay',
  'twint',
  'go_pay',
  'grab_pay',
  'pay_co',
  'after_pay',
  'swish',
  'payme',
  'pix',
  'klarna',
  'alipay_hk',
  'paypay',
  'gcash',
  'south_korean_cards',
  'paynow',
  'bizum',
  'promptpay',
  'dana',
  'touch_n_go',
  'tamara',
  'qpay',
] as const;

export const paymentSourceStatuses = [
  'valid',
  'expiring',
  'expired',
  'invalid',
  'pending_verification',
] as const;
export type PaymentSourceStatus = (typeof paymentSourceStatuses)[number];

/** How long before the end of its expiry month a card counts as `expiring` (Chargebee's card_expiring). */
export const expiringWindowSeconds = 30 * 86400;

/** The first second after the expiry month (UTC): a card is good through the whole month printed on it. */
export function endOfExpiryMonth(card: Pick<StoredCard, 'expiry_month' | 'expiry_year'>): number {
  return Date.UTC(card.expiry_year, card.expiry_month, 1) / 1000;
}

/** `expired` after the last day of the expiry month; `expiring` within the 30 days before that. */
export function cardStatus(card: Pick<StoredCard, 'expiry_month' | 'expiry_year'>, now = nowSeconds()) {
  const end = endOfExpiryMonth(card);
  if (now >= end) return 'expired' as const;
  if (now >= end - expiringWindowSeconds) return 'expiring' as const;
  return 'valid' as const;
}

/** A stored `valid` follows the card's expiry; any other stored status (a gateway's verdict) wins. */
export function paymentSourceStatus(
  row: Pick<PaymentSourceRow, 'status' | 'card'>,
  now = nowSeconds(),
): PaymentSourceStatus {
  if (row.status !== 'valid') return row.status as PaymentSourceStatus;
  return cardStatus(row.card, now);
}

export function paymentSourceToWire(row: PaymentSourceRow) {
  return compact({
    id: row.id,
    customer_id: row.customerId,
    type: row.type,
    reference_id: row.referenceId,
    status: paymentSourceStatus(row),
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
