import { cookies } from 'next/headers';
import { z } from 'zod';
import { accessOf } from '@/lib/auth/entitlement-rules';
import { applySubscription, getEntitlement } from '@/lib/auth/entitlements';
import { currentCustomer, signInAsVerifiedCustomer } from '@/lib/auth/session';
import { isChargebeeError } from '@/lib/chargebee/errors';
import { acknowledgeHostedPage, createCheckout, retrieveHostedPage } from '@/lib/chargebee/hosted-pages';
import { isPathId } from '@/lib/chargebee/ids';
import type { HostedPage } from '@/lib/chargebee/schemas';
import { db } from '@/lib/db/client';
import { hitRateLimit, type RateLimitRule } from '@/lib/db/rate-limit';
import { env } from '@/lib/env';
import { clientAddress } from '@/lib/http/client-address';
import { offersTrial } from '@/lib/site/trial-offer';
import { checkoutBindingCookieName, isBoundToBrowser, startCheckoutBinding } from './checkout-binding';
import { type CheckoutRefusal, decideCheckoutReturn } from './checkout-return';
import { isSameOriginPost, refuseCrossSite, seeOther } from './http';

const subscribeForm = z.object({ item_price_id: z.string().refine(isPathId) });

/**
 * Signed-out checkouts a client address may start: generous for people sharing a network, but an
 * anonymous form cannot create hosted pages (and spend the billing API's quota) without end.
 */
export const signedOutCheckoutLimit: RateLimitRule = {
  name: 'site:checkout:address',
  limit: 20,
  windowSeconds: 600,
};

function refuse(reason: CheckoutRefusal): Response {
  return seeOther(`/pricing?reason=${reason}`);
}

/**
 * POST /subscribe: a hosted checkout, then the browser goes to it. A signed-in customer checks out
 * under their own customer id. A signed-out visitor checks out as a new customer (the portal login
 * admits only existing customers, as Chargebee's does); their checkout is bound to this browser.
 */
export async function startCheckout(request: Request): Promise<Response> {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const form = subscribeForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return seeOther('/pricing?reason=choose_plan');
  const customer = await currentCustomer();
  const { appUrl } = env();
  const links = {
    itemPriceId: form.data.item_price_id,
    redirectUrl: `${appUrl}/subscribe/return`,
    cancelUrl: `${appUrl}/pricing?reason=checkout_cancelled`,
  };
  try {
    if (customer) {
      const entitlement = await getEntitlement(customer.customerId);
      if (accessOf(entitlement).granted) return seeOther('/account?notice=already_subscribed');
      const page = await createCheckout({
        ...links,
        customerId: customer.customerId,
        trial: offersTrial(entitlement),
      });
      return seeOther(page.url);
    }
    const address = clientAddress(request.headers);
    if (address && !(await hitRateLimit(await db(), signedOutCheckoutLimit, address)).allowed) {
      return refuse('checkout_too_many');
    }
    const jar = await cookies();
    const binding = startCheckoutBinding(jar.get(checkoutBindingCookieName)?.value);
    const page = await createCheckout({ ...links, passThruContent: binding.passThruContent });
    jar.set(binding.cookie);
    return seeOther(page.url);
  } catch (error) {
    console.error('[site] checkout could not start:', (error as Error).message);
    return refuse('checkout_unavailable');
  }
}

/**
 * GET /subscribe/return?id=…: trusts nothing in the query. Retrieves the hosted page server to server
 * and lets `decideCheckoutReturn` judge it: the signed-in customer's own paid page opens the members
 * area; a paid page bound to this browser signs its buyer in, once (the page is acknowledged first, so
 * of two returns only one wins). Anything else signs nobody in and says what to do next.
 */
export async function finishCheckout(request: Request): Promise<Response> {
  const id = new URL(request.url).searchParams.get('id');
  if (!isPathId(id)) return refuse('checkout_unverified');
  let page: HostedPage;
  try {
    page = await retrieveHostedPage(id);
  } catch (error) {
    if (!isChargebeeError(error)) throw error;
    return refuse(error.isTemporary ? 'checkout_unavailable' : 'checkout_unverified');
  }
  const decision = decideCheckoutReturn(page, {
    signedInCustomerId: (await currentCustomer())?.customerId,
    boundToBrowser: isBoundToBrowser(
      page.pass_thru_content,
      (await cookies()).get(checkoutBindingCookieName)?.value,
    ),
    now: Math.floor(Date.now() / 1000),
  });
  if (decision.outcome === 'refuse') return refuse(decision.reason);
  if (decision.outcome === 'sign_in') {
    try {
      await acknowledgeHostedPage(page.id);
    } catch (error) {
      if (!isChargebeeError(error)) throw error;
      if (error.isTemporary) return refuse('checkout_unavailable');
      return refuse(error.status === 409 ? 'checkout_used' : 'checkout_unverified');
    }
  }
  await (await db()).transaction((tx) => applySubscription(tx, decision.subscription));
  if (decision.outcome === 'sign_in') {
    const signedIn = await signInAsVerifiedCustomer(decision.buyer);
    if (!signedIn.ok) {
      return refuse(signedIn.reason === 'unavailable' ? 'checkout_unavailable' : 'checkout_unverified');
    }
  } else if (page.state === 'succeeded') {
    await acknowledgeHostedPage(page.id).catch((error: Error) =>
      console.error('[site] hosted page acknowledge failed:', error.message),
    );
  }
  return seeOther('/members?welcome=1');
}
