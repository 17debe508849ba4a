import { z } from 'zod';
import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { listOf } from './schemas';

const entitlementList = listOf(
  z.object({
    subscription_entitlement: z.object({
      subscription_id: z.string(),
      feature_id: z.string().optional(),
      value: z.string().optional(),
      is_enabled: z.boolean(),
    }),
  }),
);

/**
 * The features a subscription's plan grants: its enabled `subscription_entitlements` (a switch feature's
 * value is "true" when granted). At most 100, which is far more than a publisher's tiers carry.
 */
export async function listSubscriptionFeatures(
  subscriptionId: string,
  http: ChargebeeHttp = chargebee(),
): Promise<string[]> {
  const answer = await http.get(
    `subscriptions/${pathId(subscriptionId, 'subscription_id')}/subscription_entitlements`,
    entitlementList,
    {
      limit: 100,
    },
  );
  return answer.list
    .map((entry) => entry.subscription_entitlement)
    .filter(
      (entitlement) => entitlement.is_enabled && entitlement.value !== 'false' && entitlement.feature_id,
    )
    .map((entitlement) => entitlement.feature_id as string);
}

const featureSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  status: z.string().optional(),
});
const featureResponse = z.object({ feature: featureSchema });
const featureList = listOf(featureResponse);
const itemEntitlementList = listOf(
  z.object({
    item_entitlement: z.object({
      item_id: z.string().optional(),
      feature_id: z.string().optional(),
      value: z.string().optional(),
    }),
  }),
);

export type Feature = z.infer<typeof featureResponse>['feature'];

/** A feature by id (`GET /features/{id}`). */
export async function retrieveFeature(id: string, http: ChargebeeHttp = chargebee()): Promise<Feature> {
  return (await http.get(`features/${pathId(id, 'feature_id')}`, featureResponse)).feature;
}

/** The active features (`GET /features`), in the billing system's order; archived ones are left out. */
export async function listFeatures(http: ChargebeeHttp = chargebee()): Promise<Feature[]> {
  const answer = await http.get('features', featureList, { limit: 100 });
  return answer.list
    .map((entry) => entry.feature)
    .filter((feature) => (feature.status ?? 'active') === 'active');
}

/** The features a plan item grants (`GET /items/{id}/item_entitlements`). */
export async function featuresOfItem(itemId: string, http: ChargebeeHttp = chargebee()): Promise<string[]> {
  const answer = await http.get(`items/${pathId(itemId, 'item_id')}/item_entitlements`, itemEntitlementList, {
    limit: 100,
  });
  return answer.list
    .map((entry) => entry.item_entitlement)
    .filter((entitlement) => entitlement.feature_id && entitlement.value !== 'false')
    .map((entitlement) => entitlement.feature_id as string);
}

/** The plan items whose entitlements grant `featureId` (`GET /features/{id}/item_entitlements`). */
export async function itemsWithFeature(
  featureId: string,
  http: ChargebeeHttp = chargebee(),
): Promise<string[]> {
  const answer = await http.get(
    `features/${pathId(featureId, 'feature_id')}/item_entitlements`,
    itemEntitlementList,
    {
      limit: 100,
    },
  );
  return answer.list
    .map((entry) => entry.item_entitlement)
    .filter((entitlement) => entitlement.item_id && entitlement.value !== 'false')
    .map((entitlement) => entitlement.item_id as string);
}
