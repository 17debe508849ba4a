import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { type HostedPage, hostedPageResponse } from './schemas';

/**
 * A hosted checkout (`checkout_new_for_items`) for one plan. With `customerId` it subscribes that
 * customer; without, the buyer types their email at checkout and Chargebee creates a new customer.
 * `passThruContent` comes back on the page unchanged, for the site's own correlation.
 */
export async function createCheckout(
  input: {
    itemPriceId: string;
    customerId?: string;
    passThruContent?: string;
    /** Chargebee gives a plan's trial to every checkout unless told; `false` sends `subscription[trial_end]=0`. */
    trial?: boolean;
    redirectUrl: string;
    cancelUrl: string;
  },
  http: ChargebeeHttp = chargebee(),
): Promise<HostedPage> {
  const { hosted_page } = await http.post('hosted_pages/checkout_new_for_items', hostedPageResponse, {
    subscription_items: [{ item_price_id: input.itemPriceId, quantity: 1 }],
    customer: input.customerId ? { id: input.customerId } : undefined,
    subscription: input.trial === false ? { trial_end: 0 } : undefined,
    pass_thru_content: input.passThruContent,
    redirect_url: input.redirectUrl,
    cancel_url: input.cancelUrl,
  });
  return hosted_page;
}

export async function retrieveHostedPage(id: string, http: ChargebeeHttp = chargebee()): Promise<HostedPage> {
  const { hosted_page } = await http.get(`hosted_pages/${pathId(id, 'hosted_page_id')}`, hostedPageResponse);
  return hosted_page;
}

export async function acknowledgeHostedPage(
  id: string,
  http: ChargebeeHttp = chargebee(),
): Promise<HostedPage> {
  const { hosted_page } = await http.post(
    `hosted_pages/${pathId(id, 'hosted_page_id')}/acknowledge`,
    hostedPageResponse,
  );
  return hosted_page;
}
