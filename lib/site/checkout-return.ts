import type { HostedPage, Subscription } from '@/lib/chargebee/schemas';

/** Why a checkout return signed nobody in; each is a /pricing reason that says what to do next. */
export type CheckoutRefusal =
  | 'checkout_unverified'
  | 'checkout_other_browser'
  | 'checkout_used'
  | 'checkout_expired'
  | 'checkout_cancelled'
  | 'checkout_incomplete'
  | 'checkout_unavailable'
  | 'checkout_too_many';

export type CheckoutReturn =
  | { outcome: 'refuse'; reason: CheckoutRefusal }
  /** The signed-in customer's own purchase: store it and open the members area. */
  | { outcome: 'members'; subscription: Subscription; buyer: string }
  /** A new customer's purchase from this browser: spend the page, then sign the buyer in. */
  | { outcome: 'sign_in'; subscription: Subscription; buyer: string };

/** An unpaid page's link has run out (for the message only: nothing is granted either way). */
function isPast(page: HostedPage, now: number): boolean {
  return page.expires_at !== undefined && page.expires_at <= now;
}

/**
 * A paid page counts only if it was paid while it lived, judged on the billing system's own clock
 * (`updated_at`, the moment it was paid, against `expires_at`): a test site's time machine runs that
 * clock away from this server's, so the two are never compared. This server's side of the time bound
 * is the binding cookie, which lives as long as a page (three hours), and one acknowledge per page.
 */
function paidTooLate(page: HostedPage, now: number): boolean {
  if (page.expires_at === undefined) return false;
  return page.updated_at === undefined ? page.expires_at <= now : page.updated_at > page.expires_at;
}

/**
 * Judges a checkout return from the retrieved hosted page alone, never from the query string.
 * Unpaid pages say why (cancelled, expired, not paid); a paid page needs page, customer and
 * subscription to agree on one buyer. The buyer's own session just continues. A signed-out purchase
 * signs in only in the browser that started it, only while the page is `succeeded` (acknowledged
 * means spent), and only if it was paid before it expired.
 */
export function decideCheckoutReturn(
  page: HostedPage,
  context: { signedInCustomerId?: string; boundToBrowser: boolean; now: number },
): CheckoutReturn {
  const refuse = (reason: CheckoutRefusal): CheckoutReturn => ({ outcome: 'refuse', reason });
  if (page.type !== 'checkout_new') return refuse('checkout_unverified');
  if (page.state === 'cancelled') return refuse('checkout_cancelled');
  if (page.state !== 'succeeded' && page.state !== 'acknowledged') {
    return refuse(isPast(page, context.now) ? 'checkout_expired' : 'checkout_incomplete');
  }
  const subscription = page.content?.subscription;
  const buyer = page.content?.customer?.id;
  if (!subscription || !buyer || subscription.customer_id !== buyer) return refuse('checkout_unverified');
  if (buyer === context.signedInCustomerId) return { outcome: 'members', subscription, buyer };
  if (!context.boundToBrowser) return refuse('checkout_other_browser');
  if (page.state === 'acknowledged') return refuse('checkout_used');
  if (paidTooLate(page, context.now)) return refuse('checkout_expired');
  return { outcome: 'sign_in', subscription, buyer };
}
