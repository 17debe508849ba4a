import { z } from 'zod';
import {
  acknowledgeHostedPage,
  createCheckoutForItems,
  listHostedPages,
  retrieveHostedPage,
} from '../hosted-pages';
import { billingAddressParams } from './customers';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

const hostedPageTypes = ['checkout_new', 'checkout_existing', 'manage_payment_sources'] as const;
const hostedPageStates = ['created', 'requested', 'succeeded', 'cancelled', 'acknowledged'] as const;

const checkoutParams = z.object({
  subscription_items: z.object({
    item_price_id: z.array(cb.id(100)).min(1).max(1, 'only one plan item price is supported'),
    quantity: z.array(cb.integer(1, 1)).max(1).optional(),
  }),
  customer: z
    .object({
      id: cb.id(50).optional(),
      email: cb.email().optional(),
      first_name: cb.string(150).optional(),
      last_name: cb.string(150).optional(),
      company: cb.string(250).optional(),
      phone: cb.string(50).optional(),
    })
    .optional(),
  subscription: z.object({ id: cb.id(50).optional(), trial_end: cb.timestamp().optional() }).optional(),
  billing_address: billingAddressParams.optional(),
  redirect_url: cb.redirectUrl(250).optional(),
  cancel_url: cb.redirectUrl(250).optional(),
  pass_thru_content: cb.string(2048).optional(),
  layout: cb.enum(['in_app', 'full_page']).optional(),
});

export const hostedPageRoutes = [
  route({
    method: 'POST',
    path: 'hosted_pages/checkout_new_for_items',
    unsupported: [
      'subscription_items[item_price_id][1]',
      'subscription_items[quantity][1]',
      'subscription_items[unit_price]',
      'subscription_items[billing_cycles]',
      'subscription_items[trial_end]',
      'subscription[start_date]',
      'customer[locale]',
      'shipping_address',
      'coupon_ids',
      'billing_cycles',
      'card[gateway_account_id]',
    ],
    params: checkoutParams,
    handle: (params, { db }) =>
      createCheckoutForItems(
        db,
        {
          item_price_id: params.subscription_items.item_price_id[0] as string,
          quantity: params.subscription_items.quantity?.[0] ?? 1,
          customer: params.customer ?? {},
          subscription_id: params.subscription?.id,
          trial_end: params.subscription?.trial_end,
          billing_address: params.billing_address,
          redirect_url: params.redirect_url,
          cancel_url: params.cancel_url,
        },
        params.pass_thru_content,
      ),
  }),
  route({
    method: 'GET',
    path: 'hosted_pages',
    params: z.object({
      type: cb.enumFilter(hostedPageTypes),
      state: cb.enumFilter(hostedPageStates),
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: ({ type, state, limit, offset }, { db }) =>
      listHostedPages(db, { type, state, limit, cursor: decodeOffset(offset) }),
  }),
  route({
    method: 'GET',
    path: 'hosted_pages/:hosted_page_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveHostedPage(db, ids.hosted_page_id as string),
  }),
  route({
    method: 'POST',
    path: 'hosted_pages/:hosted_page_id/acknowledge',
    params: z.object({}),
    handle: (_, { db, ids }) => acknowledgeHostedPage(db, ids.hosted_page_id as string),
  }),
];
