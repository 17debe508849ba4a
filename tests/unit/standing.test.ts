import { describe, expect, it } from 'vitest';
import { type EntitlementSnapshot, noSubscription } from '@/lib/auth/entitlement-rules';
import { describeStanding, paymentFailedSentence, priceEvery } from '@/lib/site/standing';

const jan12 = Date.UTC(2027, 0, 12) / 1000;
const mar3 = Date.UTC(2027, 2, 3) / 1000;
const mar6 = Date.UTC(2027, 2, 6) / 1000;
const monthly = { price: 900, currency_code: 'USD', period: 1, period_unit: 'month' };

const record = (overrides: Partial<EntitlementSnapshot>): EntitlementSnapshot => ({
  ...noSubscription('cust_1'),
  subscriptionId: 'sub_1',
  planId: 'reader-USD-monthly',
  currencyCode: 'USD',
  ...overrides,
});

describe('describeStanding', () => {
  it('says a trial ends on its day and what is charged then', () => {
    expect(describeStanding(record({ status: 'in_trial', trialEnd: jan12 }), monthly)).toEqual({
      tone: 'good',
      summary: 'Free trial until 12 January 2027; then $9 a month.',
    });
    expect(
      describeStanding(record({ status: 'in_trial', trialEnd: jan12, cancelledAt: jan12 }), monthly),
    ).toEqual({
      tone: 'neutral',
      summary: 'Free trial until 12 January 2027; it ends then and nothing is charged.',
    });
  });

  it('says when an active subscription renews, and when a non-renewing one ends', () => {
    expect(describeStanding(record({ status: 'active', nextBillingAt: jan12 }), monthly)?.summary).toBe(
      'Renews on 12 January 2027 for $9.',
    );
    expect(
      describeStanding(record({ status: 'non_renewing', currentTermEnd: jan12 }), monthly)?.summary,
    ).toBe('Ends on 12 January 2027. It will not renew.');
    expect(describeStanding(record({ status: 'paused' }), monthly)?.summary).toBe('Paused.');
  });

  it('puts a failed payment first, with the retry only when one is planned', () => {
    const failing = record({
      status: 'active',
      nextBillingAt: jan12,
      totalDues: 900,
      dueSince: mar3,
      nextRetryAt: mar6,
    });
    expect(describeStanding(failing, monthly)).toMatchObject({
      tone: 'warning',
      summary: 'Payment of $9 failed on 3 March 2027; we will try your card again on 6 March 2027.',
    });
    expect(paymentFailedSentence({ ...failing, nextRetryAt: null })).toBe(
      'Payment of $9 failed on 3 March 2027; no further retry is planned.',
    );
  });

  it('tells a cancellation for non-payment from any other', () => {
    expect(
      describeStanding(record({ status: 'cancelled', cancelledAt: mar6, cancelReason: 'not_paid' }), monthly),
    ).toMatchObject({
      tone: 'ended',
      summary: 'Cancelled on 6 March 2027 because payments failed.',
    });
    expect(describeStanding(record({ status: 'cancelled', cancelledAt: mar6 }), monthly)?.summary).toBe(
      'Cancelled on 6 March 2027.',
    );
    expect(describeStanding(noSubscription('cust_1'), monthly)).toBeNull();
  });

  it('names prices per period the way people say them', () => {
    expect(priceEvery(monthly)).toBe('$9 a month');
    expect(priceEvery({ ...monthly, price: 9000, period_unit: 'year' })).toBe('$90 a year');
    expect(priceEvery({ ...monthly, price: 2050, period: 3 })).toBe('$20.50 every 3 months');
  });
});
