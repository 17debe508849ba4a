import type { Database } from '@/lib/db/client';
import type { SubscriptionItem } from '@/lib/db/schema';
import { errors } from './api/errors';
import { catalogPlans } from './catalog';
import { type EventSource, recordEvent } from './events';
import { compact } from './serialize';
import { requireSubscription, type SubscriptionRow } from './subscription-records';

/**
 * Chargebee's entitlements for the demo catalogue (Product Catalog 2.0): features, and which plan item
 * grants which. Defined in code like the plans themselves; a merchant on Chargebee defines them in its
 * dashboard instead. Only `switch` features: a plan either has one or not (value "true").
 */
export type CatalogFeature = { id: string; name: string; description: string };

export const catalogFeatures: CatalogFeature[] = [
  {
    id: 'members-library',
    name: 'Members’ library',
    description: 'Every members article and the full archive, without adverts.',
  },
  {
    id: 'long-reads',
    name: 'Long-read magazine',
    description: 'The long-read magazine: long-form essays and reporting, published monthly.',
  },
  {
    id: 'early-access',
    name: 'Early access',
    description: 'New features before everyone else, and a say in what we cover next.',
  },
];

/** Which features each plan item grants. */
export const itemFeatures: Record<string, string[]> = {
  reader: ['members-library'],
  patron: ['members-library', 'long-reads', 'early-access'],
};

/** When this catalogue of features was defined: their `created_at`, as a fixed fact of the code. */
export const featuresDefinedAt = Date.UTC(2026, 10, 1) / 1000;

/** A switch feature's entitlement value and its display name, as Chargebee shows them. */
const switchOn = { value: 'true', name: 'Available' };

export function featureToWire(feature: CatalogFeature) {
  return {
    id: feature.id,
    name: feature.name,
    description: feature.description,
    status: 'active',
    type: 'switch',
    metered: false,
    created_at: featuresDefinedAt,
    updated_at: featuresDefinedAt,
    resource_version: featuresDefinedAt * 1000,
    object: 'feature',
  };
}

export function requireFeature(id: string, param = 'feature_id'): CatalogFeature {
  const feature = catalogFeatures.find((candidate) => candidate.id === id);
  if (!feature) throw errors.notFound(`${param} : feature ${id} not found`, param);
  return feature;
}

function requireItemId(id: string, param = 'item_id'): string {
  if (!Object.hasOwn(itemFeatures, id)) throw errors.notFound(`${param} : item ${id} not found`, param);
  return id;
}

function itemEntitlementToWire(itemId: string, feature: CatalogFeature) {
  return {
    id: `${itemId}-${feature.id}`,
    item_id: itemId,
    item_type: 'plan',
    feature_id: feature.id,
    feature_name: feature.name,
    ...switchOn,
    object: 'item_entitlement',
  };
}

/** The item a subscription's plan belongs to, or undefined for a plan outside the catalogue. */
function planItemOf(items: SubscriptionItem[]): string | undefined {
  const plan = items.find((item) => item.item_type === 'plan');
  return catalogPlans.find((candidate) => candidate.id === plan?.item_price_id)?.itemId;
}

/** The features a subscription's items grant, in catalogue order. */
export function featuresOfItems(items: SubscriptionItem[]): CatalogFeature[] {
  const granted = itemFeatures[planItemOf(items) ?? ''] ?? [];
  return catalogFeatures.filter((feature) => granted.includes(feature.id));
}

/** A page of a fixed list with Chargebee's `limit` and an opaque numeric `offset`. */
export function pageOfList<T>(all: T[], limit: number, offset: string | undefined, key: string) {
  const start = offset === undefined ? 0 : Number(offset);
  if (!Number.isInteger(start) || start < 0 || start > all.length) {
    throw errors.paramWrongValue(
      'offset',
      'is not an offset returned by this API (use next_offset as given)',
    );
  }
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? String(start + limit) : undefined;
  return compact({ list: page.map((entry) => ({ [key]: entry })), next_offset: next });
}

export function listFeatures(limit: number, offset: string | undefined) {
  return pageOfList(catalogFeatures.map(featureToWire), limit, offset, 'feature');
}

export function retrieveFeature(id: string) {
  return { feature: featureToWire(requireFeature(id)) };
}

export function listItemEntitlements(itemId: string, limit: number, offset: string | undefined) {
  const id = requireItemId(itemId);
  const granted = itemFeatures[id] ?? [];
  const entitlements = catalogFeatures
    .filter((feature) => granted.includes(feature.id))
    .map((feature) => itemEntitlementToWire(id, feature));
  return pageOfList(entitlements, limit, offset, 'item_entitlement');
}

export function listFeatureItemEntitlements(featureId: string, limit: number, offset: string | undefined) {
  const feature = requireFeature(featureId);
  const entitlements = Object.entries(itemFeatures)
    .filter(([, granted]) => granted.includes(feature.id))
    .map(([itemId]) => itemEntitlementToWire(itemId, feature));
  return pageOfList(entitlements, limit, offset, 'item_entitlement');
}

/**
 * `GET /subscriptions/{id}/subscription_entitlements`: what the subscription's plan grants, now. Listed
 * whatever the subscription's status, with `is_enabled: true`: whether access is live is the
 * subscription's status, which a client must check too (UNCERTAIN what Chargebee lists for a
 * cancelled subscription; listing them keeps a client that skips the status check from passing here).
 */
export async function listSubscriptionEntitlements(
  db: Database,
  subscriptionId: string,
  limit: number,
  offset: string | undefined,
) {
  const row = await requireSubscription(db, subscriptionId);
  const entitlements = featuresOfItems(row.items).map((feature) => ({
    subscription_id: row.id,
    feature_id: feature.id,
    feature_name: feature.name,
    feature_type: 'switch',
    ...switchOn,
    is_overridden: false,
    is_enabled: true,
    object: 'subscription_entitlement',
  }));
  return pageOfList(entitlements, limit, offset, 'subscription_entitlement');
}

/**
 * Chargebee's entitlement events: `subscription_entitlements_created` for a new subscription, and
 * `subscription_entitlements_updated` when a plan change grants another set of features. Their content
 * names the subscription only; a client lists the entitlements to see what they are now.
 */
export async function recordEntitlementEvents(
  db: Database,
  before: Pick<SubscriptionRow, 'items'> | undefined,
  after: SubscriptionRow,
  source: EventSource,
) {
  const now = featuresOfItems(after.items).map((feature) => feature.id);
  if (before) {
    const was = featuresOfItems(before.items).map((feature) => feature.id);
    if (was.join() === now.join()) return;
  }
  const kind = before ? 'updated' : 'created';
  await recordEvent(db, {
    eventType: `subscription_entitlements_${kind}`,
    content: {
      [`subscription_entitlements_${kind}_detail`]: {
        subscription_id: after.id,
        has_next: false,
        object: `subscription_entitlements_${kind}_detail`,
      },
    },
    source,
  });
}
