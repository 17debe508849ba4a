import { z } from 'zod';
import { changeSubscriptionPlan } from '../subscription-changes';
import {
  cancelSubscription,
  pauseSubscription,
  reactivateSubscription,
  removeScheduledCancellation,
  resumeSubscription,
} from '../subscription-lifecycle';
import { subscriptionStatuses } from '../subscription-records';
import type { SubscriptionItemInput } from '../subscription-terms';
import { createSubscriptionForItems, listSubscriptions, retrieveSubscription } from '../subscriptions';
import { errors } from './errors';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

const itemParams = z
  .object({
    item_price_id: z.array(cb.id(100)).max(20),
    quantity: z.array(cb.integer(1, 10_000)).max(20).optional(),
  })
  .optional();

/** Chargebee's parallel arrays (`[item_price_id][i]`, `[quantity][i]`) as one list of items. */
function readItems(params: z.output<typeof itemParams>): SubscriptionItemInput[] {
  const ids = params?.item_price_id ?? [];
  if (ids.length === 0)
    throw errors.paramWrongValue('subscription_items[item_price_id][0]', 'cannot be blank');
  const quantities = params?.quantity ?? [];
  if (quantities.length > ids.length) {
    throw errors.paramWrongValue(
      `subscription_items[quantity][${ids.length}]`,
      'has no matching subscription_items[item_price_id]',
    );
  }
  return ids.map((itemPriceId, i) => ({ itemPriceId, quantity: quantities[i] }));
}

const subscriptionId = (ids: Record<string, string>) => ids.subscription_id as string;

export const subscriptionRoutes = [
  route({
    method: 'POST',
    path: 'customers/:customer_id/subscription_for_items',
    unsupported: [
      'subscription_items[unit_price]',
      'subscription_items[billing_cycles]',
      'subscription_items[trial_end]',
      'coupon_ids',
      'billing_cycles',
      'auto_collection',
      'invoice_immediately',
      'po_number',
      'meta_data',
      'replace_primary_payment_source',
      'payment_intent',
      'shipping_address',
    ],
    params: z.object({
      id: cb.id(50).optional(),
      subscription_items: itemParams,
      payment_source_id: cb.id(50).optional(),
      trial_end: cb.timestamp().optional(),
      start_date: cb.timestamp().optional(),
    }),
    handle: (params, { db, ids, source }) =>
      createSubscriptionForItems(
        db,
        ids.customer_id as string,
        {
          id: params.id,
          items: readItems(params.subscription_items),
          paymentSourceId: params.payment_source_id,
          trialEnd: params.trial_end,
          startDate: params.start_date,
        },
        source,
      ),
  }),
  route({
    method: 'GET',
    path: 'subscriptions',
    params: z.object({
      customer_id: cb.isFilter(cb.id(50)).optional(),
      status: cb.enumFilter(subscriptionStatuses),
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: ({ customer_id, status, limit, offset }, { db }) =>
      listSubscriptions(db, { customerId: customer_id, status, limit, cursor: decodeOffset(offset) }),
  }),
  route({
    method: 'GET',
    path: 'subscriptions/:subscription_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveSubscription(db, subscriptionId(ids)),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/update_for_items',
    params: z.object({
      subscription_items: itemParams,
      change_option: cb.enum(['immediately', 'end_of_term']).optional(),
      end_of_term: cb.boolean().optional(),
    }),
    handle: (params, { db, ids, source }) =>
      changeSubscriptionPlan(
        db,
        subscriptionId(ids),
        {
          items: readItems(params.subscription_items),
          changeOption: params.change_option ?? (params.end_of_term ? 'end_of_term' : 'immediately'),
        },
        source,
      ),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/cancel_for_items',
    params: z.object({
      cancel_option: cb.enum(['immediately', 'end_of_term']).optional(),
      end_of_term: cb.boolean().optional(),
    }),
    handle: (params, { db, ids, source }) =>
      cancelSubscription(
        db,
        subscriptionId(ids),
        { cancelOption: params.cancel_option ?? (params.end_of_term ? 'end_of_term' : 'immediately') },
        source,
      ),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/reactivate',
    params: z.object({ trial_end: cb.timestamp().optional() }),
    handle: ({ trial_end }, { db, ids, source }) =>
      reactivateSubscription(db, subscriptionId(ids), { trialEnd: trial_end }, source),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/remove_scheduled_cancellation',
    params: z.object({}),
    handle: (_, { db, ids, source }) => removeScheduledCancellation(db, subscriptionId(ids), source),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/pause',
    params: z.object({
      pause_option: cb.enum(['immediately', 'end_of_term']).optional(),
      resume_date: cb.timestamp().optional(),
    }),
    handle: ({ pause_option, resume_date }, { db, ids, source }) =>
      pauseSubscription(
        db,
        subscriptionId(ids),
        { pauseOption: pause_option, resumeDate: resume_date },
        source,
      ),
  }),
  route({
    method: 'POST',
    path: 'subscriptions/:subscription_id/resume',
    params: z.object({ resume_option: cb.enum(['immediately']).optional() }),
    handle: (_, { db, ids, source }) => resumeSubscription(db, subscriptionId(ids), source),
  }),
];
