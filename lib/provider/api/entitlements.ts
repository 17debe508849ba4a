import { z } from 'zod';
import {
  listFeatureItemEntitlements,
  listFeatures,
  listItemEntitlements,
  listSubscriptionEntitlements,
  retrieveFeature,
} from '../entitlements';
import { listItems, retrieveItem } from '../items';
import { cb } from './params';
import { route } from './route';

const page = { limit: cb.limit(), offset: cb.string(20).optional() };
// List filters Chargebee documents but this provider does not implement: refused by name, never ignored.
const listFilters = ['id', 'name', 'status', 'type', 'metered', 'item_family_id', 'updated_at'];

export const entitlementRoutes = [
  route({
    method: 'GET',
    path: 'features',
    params: z.object(page),
    unsupported: listFilters,
    handle: async ({ limit, offset }) => listFeatures(limit, offset),
  }),
  route({
    method: 'GET',
    path: 'features/:feature_id',
    params: z.object({}),
    handle: async (_, { ids }) => retrieveFeature(ids.feature_id as string),
  }),
  route({
    method: 'GET',
    path: 'features/:feature_id/item_entitlements',
    params: z.object(page),
    unsupported: ['include_drafts'],
    handle: async ({ limit, offset }, { ids }) =>
      listFeatureItemEntitlements(ids.feature_id as string, limit, offset),
  }),
  route({
    method: 'GET',
    path: 'items',
    params: z.object(page),
    unsupported: listFilters,
    handle: ({ limit, offset }, { db }) => listItems(db, limit, offset),
  }),
  route({
    method: 'GET',
    path: 'items/:item_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveItem(db, ids.item_id as string),
  }),
  route({
    method: 'GET',
    path: 'items/:item_id/item_entitlements',
    params: z.object(page),
    unsupported: ['include_drafts', 'embed'],
    handle: async ({ limit, offset }, { ids }) => listItemEntitlements(ids.item_id as string, limit, offset),
  }),
  route({
    method: 'GET',
    path: 'subscriptions/:subscription_id/subscription_entitlements',
    params: z.object(page),
    unsupported: ['include_drafts', 'embed'],
    handle: ({ limit, offset }, { db, ids }) =>
      listSubscriptionEntitlements(db, ids.subscription_id as string, limit, offset),
  }),
];
