import 'server-only';
import type { Database } from '@/lib/db/client';
import type { BillingAddress } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { addPeriod } from '@/lib/provider/billing';
import { withCheckoutResult } from '@/lib/provider/checkout';
import { nowSeconds } from '@/lib/provider/clock';
import { findCustomer } from '@/lib/provider/customers';
import { checkoutRequestOf, findHostedPage, type HostedPageRow } from '@/lib/provider/hosted-pages';
import { idPattern } from '@/lib/provider/ids';
import { findItemPrice } from '@/lib/provider/item-prices';
import { periodName } from './billing-format';
import { checkRedirectUrl } from './redirects';

export type CheckoutPlan = {
  name: string;
  description?: string;
  amount: number;
  currencyCode: string;
  period: number;
  periodUnit: string;
  /** A free trial before the first charge: how long it is ("14 days") and when it ends. */
  trial?: { length: string; endsAt: number };
};

/**
 * The trial the buyer will get, for the page's wording: `subscription[trial_end]` when given (0 = none),
 * else the price's trial period from now. Paying recomputes it the same way, so the two agree to the day.
 */
function trialOf(
  request: { trial_end?: number },
  price: { trialPeriod: number | null; trialPeriodUnit: string | null },
  now: number,
): CheckoutPlan['trial'] {
  if (request.trial_end === 0) return undefined;
  if (request.trial_end !== undefined) {
    const days = Math.max(1, Math.ceil((request.trial_end - now) / 86400));
    return { length: days === 1 ? '1 day' : `${days} days`, endsAt: request.trial_end };
  }
  if (!price.trialPeriod || !price.trialPeriodUnit) return undefined;
  const unit = price.trialPeriodUnit as 'day' | 'month';
  return {
    length: periodName(price.trialPeriod, unit).replace(/^(\w+)$/, '1 $1'),
    endsAt: addPeriod(now, price.trialPeriod, unit),
  };
}

export type CheckoutView =
  | { state: 'unknown' }
  | { state: 'expired'; backUrl?: string }
  | { state: 'cancelled'; backUrl?: string }
  | { state: 'complete'; plan?: CheckoutPlan; backUrl?: string }
  | {
      state: 'open';
      plan: CheckoutPlan;
      email?: string;
      address?: BillingAddress;
      /** Set when the page is not for an existing customer: the "Your details" card, prefilled. */
      buyer?: { email?: string; first_name?: string; last_name?: string };
    };

/** A merchant URL the browser may be sent to: only one on the allow-list (PORTAL_ALLOWED_ORIGINS). */
export function allowedMerchantUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const check = checkRedirectUrl(url, env().portal.allowedOrigins);
  return check.ok ? check.url : undefined;
}

async function existingCustomerOf(db: Database, row: HostedPageRow) {
  const { id } = checkoutRequestOf(row).customer;
  return id ? await findCustomer(db, id) : undefined;
}

/**
 * Whether paying this page creates a customer, so the buyer must say who they are. True without
 * `customer[id]`, and also for a `customer[id]` that does not exist (yet), as the page then creates it.
 */
export async function checkoutAsksBuyer(db: Database, id: string): Promise<boolean> {
  const row = idPattern.test(id) ? await findHostedPage(db, id) : undefined;
  return row?.type === 'checkout_new' && !(await existingCustomerOf(db, row));
}

/** Where a hosted checkout stands, from the customer's side; the page id is the only key. */
export async function loadCheckout(db: Database, id: string): Promise<CheckoutView> {
  const row = idPattern.test(id) ? await findHostedPage(db, id) : undefined;
  if (row?.type !== 'checkout_new') return { state: 'unknown' };
  const request = checkoutRequestOf(row);
  const price = await findItemPrice(db, request.item_price_id);
  const quantity = request.quantity ?? 1;
  const plan: CheckoutPlan | undefined = price
    ? {
        name: price.externalName ?? price.name,
        description: price.description ?? undefined,
        amount: price.pricingModel === 'flat_fee' ? price.price : price.price * quantity,
        currencyCode: price.currencyCode,
        period: price.period,
        periodUnit: price.periodUnit,
        trial: trialOf(request, price, nowSeconds()),
      }
    : undefined;
  if (row.state === 'succeeded' || row.state === 'acknowledged')
    return {
      state: 'complete',
      plan,
      backUrl: allowedMerchantUrl(withCheckoutResult(request.redirect_url, row.id, 'succeeded')),
    };
  if (row.state === 'cancelled')
    return {
      state: 'cancelled',
      backUrl: allowedMerchantUrl(withCheckoutResult(request.cancel_url, row.id, 'cancelled')),
    };
  if (row.expiresAt <= nowSeconds() || !plan)
    return { state: 'expired', backUrl: allowedMerchantUrl(request.cancel_url) };
  const customer = await existingCustomerOf(db, row);
  if (!customer) {
    const { email, first_name, last_name } = request.customer;
    return { state: 'open', plan, address: request.billing_address, buyer: { email, first_name, last_name } };
  }
  return {
    state: 'open',
    plan,
    email: customer.email ?? undefined,
    address: customer.billingAddress ?? request.billing_address,
  };
}
