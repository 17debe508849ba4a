import { describe, expect, it } from 'vitest';
import type { HostedPage } from '@/lib/chargebee/schemas';
import { decideCheckoutReturn } from '@/lib/site/checkout-return';

const now = 1_800_000_000;
const subscription = { id: 'sub_1', customer_id: 'cust_new', status: 'active' };

function page(overrides: Partial<HostedPage> = {}): HostedPage {
  return {
    id: 'page_1',
    type: 'checkout_new',
    url: 'https://billing.example.com/pages/v3/page_1/',
    state: 'succeeded',
    created_at: now - 600,
    expires_at: now + 3 * 3600 - 600,
    pass_thru_content: 'gatehouse-checkout:v1:hash',
    content: { customer: { id: 'cust_new' }, subscription },
    ...overrides,
  };
}

const bound = { boundToBrowser: true, now };
const reasonOf = (decision: ReturnType<typeof decideCheckoutReturn>) =>
  decision.outcome === 'refuse' ? decision.reason : decision.outcome;

describe('what a checkout return may do', () => {
  it('signs in the buyer of a paid page bound to this browser', () => {
    expect(decideCheckoutReturn(page(), bound)).toEqual({
      outcome: 'sign_in',
      subscription,
      buyer: 'cust_new',
    });
  });

  it('lets the signed-in buyer through whether or not the page is spent, without a new sign-in', () => {
    for (const state of ['succeeded', 'acknowledged']) {
      const decision = decideCheckoutReturn(page({ state }), {
        signedInCustomerId: 'cust_new',
        boundToBrowser: false,
        now,
      });
      expect(decision).toEqual({ outcome: 'members', subscription, buyer: 'cust_new' });
    }
  });

  it('refuses a paid page opened in another browser, even by someone signed in as another customer', () => {
    expect(reasonOf(decideCheckoutReturn(page(), { boundToBrowser: false, now }))).toBe(
      'checkout_other_browser',
    );
    expect(
      reasonOf(
        decideCheckoutReturn(page(), { signedInCustomerId: 'cust_other', boundToBrowser: false, now }),
      ),
    ).toBe('checkout_other_browser');
  });

  it('refuses a replay once the page is acknowledged', () => {
    expect(reasonOf(decideCheckoutReturn(page({ state: 'acknowledged' }), bound))).toBe('checkout_used');
  });

  it('refuses a cancelled, a failed (never paid) and an expired checkout, saying which', () => {
    expect(reasonOf(decideCheckoutReturn(page({ state: 'cancelled', content: undefined }), bound))).toBe(
      'checkout_cancelled',
    );
    for (const state of ['created', 'requested']) {
      expect(reasonOf(decideCheckoutReturn(page({ state, content: undefined }), bound))).toBe(
        'checkout_incomplete',
      );
      expect(
        reasonOf(decideCheckoutReturn(page({ state, content: undefined, expires_at: now - 1 }), bound)),
      ).toBe('checkout_expired');
    }
    expect(reasonOf(decideCheckoutReturn(page({ expires_at: now }), bound))).toBe('checkout_expired');
  });

  it('judges a paid page on the billing clock: paid after it expired is refused, whatever this clock says', () => {
    const machine = now - 100 * 86_400; // a test site's time machine, 100 days behind this server
    const atMachine = { created_at: machine, expires_at: machine + 3 * 3600 };
    expect(reasonOf(decideCheckoutReturn(page({ ...atMachine, updated_at: machine + 60 }), bound))).toBe(
      'sign_in',
    );
    expect(
      reasonOf(decideCheckoutReturn(page({ ...atMachine, updated_at: machine + 3 * 3600 + 1 }), bound)),
    ).toBe('checkout_expired');
  });

  it('refuses a page whose content does not name one buyer, or that is not a new checkout', () => {
    const forged: Partial<HostedPage>[] = [
      { content: undefined },
      { content: { subscription } },
      { content: { customer: { id: 'cust_new' } } },
      { content: { customer: { id: 'cust_other' }, subscription } },
      { type: 'checkout_existing' },
      { type: 'manage_payment_sources' },
    ];
    for (const overrides of forged) {
      expect(reasonOf(decideCheckoutReturn(page(overrides), bound))).toBe('checkout_unverified');
      expect(
        reasonOf(
          decideCheckoutReturn(page(overrides), {
            signedInCustomerId: 'cust_new',
            boundToBrowser: true,
            now,
          }),
        ),
      ).toBe('checkout_unverified');
    }
  });
});
