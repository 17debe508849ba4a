import { z } from 'zod';
import { currentCustomer } from '@/lib/auth/session';
import { isChargebeeError } from '@/lib/chargebee/errors';
import { acknowledgeHostedPage, createCheckout, retrieveHostedPage } from '@/lib/chargebee/hosted-pages';
import { isPathId } from '@/lib/chargebee/ids';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { accessOf } from './entitlement-rules';
import { applySubscription, getEntitlement } from './entitlements';
import { isSameOriginPost, refuseCrossSite, seeOther } from './http';

const subscribeForm = z.object({ item_price_id: z.string().refine(isPathId) });

/** POST /subscribe: a hosted checkout for the signed-in customer, then the browser goes to it. */
export async function startCheckout(request: Request): Promise<Response> {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const form = subscribeForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return seeOther('/pricing?reason=choose_plan');
  const customer = await currentCustomer();
  if (!customer) return seeOther(`/login?next=${encodeURIComponent('/pricing')}`);
  const { appUrl } = env();
  try {
    const entitlement = await getEntitlement(customer.customerId);
    if (accessOf(entitlement).granted) return seeOther('/account?notice=already_subscribed');
    const page = await createCheckout({
      itemPriceId: form.data.item_price_id,
      customerId: customer.customerId,
      redirectUrl: `${appUrl}/subscribe/return`,
      cancelUrl: `${appUrl}/pricing?reason=checkout_cancelled`,
    });
    return seeOther(page.url);
  } catch (error) {
    console.error('[site] checkout could not start:', (error as Error).message);
    return seeOther('/pricing?reason=checkout_unavailable');
  }
}

/**
 * GET /subscribe/return?id=…: trusts nothing in the query. Retrieves the hosted page, checks that it
 * succeeded for this customer, stores the subscription at once, acknowledges it, opens the members area.
 */
export async function finishCheckout(request: Request): Promise<Response> {
  const id = new URL(request.url).searchParams.get('id');
  if (!isPathId(id)) return seeOther('/pricing?reason=checkout_unverified');
  const customer = await currentCustomer();
  if (!customer) return seeOther(`/login?next=${encodeURIComponent(`/subscribe/return?id=${id}`)}`);
  let page: Awaited<ReturnType<typeof retrieveHostedPage>>;
  try {
    page = await retrieveHostedPage(id);
  } catch (error) {
    if (!isChargebeeError(error)) throw error;
    return seeOther(`/pricing?reason=${error.isTemporary ? 'checkout_unavailable' : 'checkout_unverified'}`);
  }
  const subscription = page.content?.subscription;
  const buyer = page.content?.customer?.id ?? subscription?.customer_id;
  if (page.state !== 'succeeded' && page.state !== 'acknowledged')
    return seeOther('/pricing?reason=checkout_incomplete');
  if (!subscription || buyer !== customer.customerId || subscription.customer_id !== customer.customerId) {
    return seeOther('/pricing?reason=checkout_unverified');
  }
  await (await db()).transaction((tx) => applySubscription(tx, subscription));
  if (page.state === 'succeeded') {
    await acknowledgeHostedPage(id).catch((error: Error) =>
      console.error('[site] hosted page acknowledge failed:', error.message),
    );
  }
  return seeOther('/members?welcome=1');
}
