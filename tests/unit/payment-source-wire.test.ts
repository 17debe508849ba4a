import { describe, expect, it } from 'vitest';
import type { paymentSources } from '@/lib/db/schema';
import {
  cardStatus,
  cardToWire,
  endOfExpiryMonth,
  paymentSourceStatus,
  paymentSourceToWire,
} from '@/lib/provider/payment-source-wire';

const at = (iso: string) => Date.parse(iso) / 1000;
const dec2030 = { expiry_month: 12, expiry_year: 2030 };
const feb2028 = { expiry_month: 2, expiry_year: 2028 };

describe('cardStatus', () => {
  it('ends the expiry month at the first second of the next month, UTC', () => {
    expect(endOfExpiryMonth(dec2030)).toBe(at('2031-01-01T00:00:00Z'));
    expect(endOfExpiryMonth(feb2028)).toBe(at('2028-03-01T00:00:00Z'));
  });

  it.each([
    ['2030-06-01T00:00:00Z', 'valid'],
    ['2030-12-01T23:59:59Z', 'valid'],
    ['2030-12-02T00:00:00Z', 'expiring'],
    ['2030-12-31T23:59:59Z', 'expiring'],
    ['2031-01-01T00:00:00Z', 'expired'],
    ['2032-05-05T00:00:00Z', 'expired'],
  ])('a 12/2030 card on %s is %s', (iso, status) => {
    expect(cardStatus(dec2030, at(iso))).toBe(status);
  });

  it.each([
    ['2028-01-30T23:59:59Z', 'valid'],
    ['2028-01-31T00:00:00Z', 'expiring'],
    ['2028-02-29T23:59:59Z', 'expiring'],
    ['2028-03-01T00:00:00Z', 'expired'],
  ])('a 02/2028 card (leap year) on %s is %s', (iso, status) => {
    expect(cardStatus(feb2028, at(iso))).toBe(status);
  });
});

type Row = typeof paymentSources.$inferSelect;
const row: Row = {
  id: 'pm_1',
  customerId: 'cust_1',
  type: 'card',
  referenceId: 'tok_1',
  status: 'valid',
  gateway: 'chargebee',
  gatewayAccountId: 'gw_1',
  card: {
    iin: '411111',
    last4: '1111',
    brand: 'visa',
    funding_type: 'credit',
    expiry_month: 1,
    expiry_year: 2099,
    masked_number: '************1111',
  },
  declineCode: '3001',
  expiryRemindedFor: null,
  deleted: false,
  createdAt: 1_900_000_000,
  updatedAt: 1_900_000_100,
  resourceVersion: 1_900_000_100_123,
};

describe('paymentSourceStatus', () => {
  it('follows the expiry while the stored status is valid, and keeps any other stored status', () => {
    expect(
      paymentSourceStatus({ ...row, card: { ...row.card, ...dec2030 } }, at('2030-12-15T00:00:00Z')),
    ).toBe('expiring');
    expect(paymentSourceStatus({ ...row, status: 'invalid' }, at('2030-12-15T00:00:00Z'))).toBe('invalid');
  });
});

describe('wire shapes', () => {
  it('sends a payment source with every key Chargebee sends, omitting unset names and the decline code', () => {
    expect(paymentSourceToWire(row)).toEqual({
      id: 'pm_1',
      customer_id: 'cust_1',
      type: 'card',
      reference_id: 'tok_1',
      status: 'valid',
      gateway: 'chargebee',
      gateway_account_id: 'gw_1',
      created_at: 1_900_000_000,
      updated_at: 1_900_000_100,
      resource_version: 1_900_000_100_123,
      deleted: false,
      object: 'payment_source',
      card: {
        iin: '411111',
        last4: '1111',
        brand: 'visa',
        funding_type: 'credit',
        expiry_month: 1,
        expiry_year: 2099,
        masked_number: '************1111',
        object: 'card',
      },
    });
  });

  it('sends the legacy card companion with card_type instead of brand', () => {
    expect(cardToWire({ ...row, card: { ...row.card, first_name: 'Ada' } })).toMatchObject({
      status: 'valid',
      card_type: 'visa',
      first_name: 'Ada',
      payment_source_id: 'pm_1',
      customer_id: 'cust_1',
      object: 'card',
    });
  });
});
