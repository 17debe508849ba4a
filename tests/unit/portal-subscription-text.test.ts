import { describe, expect, it } from 'vitest';
import type { CardView, SubscriptionView } from '@/lib/portal/billing';
import { billingSummary, keyDates } from '@/lib/portal/subscription-text';

const trialEnd = Date.UTC(2027, 0, 12) / 1000; // 12 January 2027

function view(changes: Partial<SubscriptionView> = {}): SubscriptionView {
  return {
    id: 'sub_1',
    status: 'in_trial',
    plan: { id: 'reader-USD-monthly', name: 'Reader Monthly' },
    amount: 900,
    currencyCode: 'USD',
    billingPeriod: 1,
    billingPeriodUnit: 'month',
    trialEnd,
    currentTermStart: trialEnd - 14 * 86_400,
    currentTermEnd: trialEnd,
    nextBillingAt: trialEnd,
    nextAmount: 900,
    credit: 0,
    totalDues: 0,
    ...changes,
  };
}

const visa: CardView = {
  id: 'pm_1',
  brand: 'visa',
  last4: '1111',
  expiryMonth: 12,
  expiryYear: 2035,
  status: 'valid',
  role: 'primary',
};

describe('what the portal says about a subscription', () => {
  it('a trial with a card says what is charged, on which day, to which card', () => {
    expect(billingSummary(view(), visa)).toBe(
      'Free trial until 12 January 2027. On 12 January 2027 we charge $9.00 to Visa •••• 1111, then $9.00 per month.',
    );
  });

  it('a trial without a card promises no charge: it says the trial end cancels, unless it activates', () => {
    expect(billingSummary(view(), null)).toBe(
      'Free trial until 12 January 2027. Add a card before then: without one, the subscription is cancelled on 12 January 2027.',
    );
    expect(keyDates(view(), null).map((date) => date.label)).not.toContain('Next payment');
    expect(billingSummary(view({ trialEndAction: 'activate_subscription' }), null)).toBe(
      'Free trial until 12 January 2027. Then $9.00 is due; add a card before 12 January 2027 so it can be paid.',
    );
    expect(keyDates(view(), visa).map((date) => date.label)).toContain('Next payment');
  });

  it('a subscription cancelled because payments failed says so', () => {
    const cancelled = view({ status: 'cancelled', cancelledAt: trialEnd, cancelReason: 'not_paid' });
    expect(billingSummary(cancelled)).toBe('Cancelled on 12 January 2027 because payments failed.');
    expect(keyDates(cancelled)).toContainEqual(
      expect.objectContaining({ label: 'Why it ended', value: 'Payments failed' }),
    );
    expect(billingSummary(view({ status: 'cancelled', cancelledAt: trialEnd }))).toBe(
      'Ended on 12 January 2027.',
    );
  });
});
