import 'server-only';
import type { Database } from '@/lib/db/client';
import type { BillingAddress } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { withCheckoutResult } from '@/lib/provider/checkout';
import { nowSeconds } from '@/lib/provider/clock';
import { findCustomer } from '@/lib/provider/customers';
import { checkoutRequestOf, findHostedPage } from '@/lib/provider/hosted-pages';
import { idPattern } from '@/lib/provider/ids';
import { findItemPrice } from '@/lib/provider/item-prices';
import { checkRedirectUrl } from './redirects';

export type CheckoutPlan = {
  name: string;
  description?: string;
  amount: number;
  currencyCode: string;
  period: number;
  periodUnit: string;
};

export type CheckoutView =
  | { state: 'unknown' }
  | { state: 'expired'; backUrl?: string }
  | { state: 'cancelled'; backUrl?: string }
  | { state: 'complete'; plan?: CheckoutPlan; backUrl?: string }
  | { state: 'open'; plan: CheckoutPlan; email?: string; address?: BillingAddress };

/** A merchant URL the browser may be sent to: only one on the allow-list (PORTAL_ALLOWED_ORIGINS). */
export function allowedMerchantUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const check = checkRedirectUrl(url, env().portal.allowedOrigins);
  return check.ok ? check.url : undefined;
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
  const customer = request.customer.id ? await findCustomer(db, request.customer.id) : undefined;
  return {
    state: 'open',
    plan,
    email: customer?.email ?? request.customer.email,
    address: customer?.billingAddress ?? request.billing_address,
  };
}
