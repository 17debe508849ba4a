import { createDisplayCopy } from '@/lib/chargebee/display-copy';
import { type Feature, featuresOfItem, listFeatures } from '@/lib/chargebee/entitlements';
import { listItemPrices } from '@/lib/chargebee/item-prices';
import type { ItemPrice } from '@/lib/chargebee/schemas';

/** A plan item and its prices on sale (monthly, yearly…), cheapest period first. */
export type PlanGroup = { itemId: string; name: string; description: string; prices: ItemPrice[] };

/** A plan on sale with the features its entitlements grant, as the billing system defines them. */
export type Tier = PlanGroup & { features: string[] };

/** What the site shows of the catalogue: every active feature, and the plans with theirs. */
export type Catalog = { features: Feature[]; tiers: Tier[] };

export function groupPlans(prices: ItemPrice[]): PlanGroup[] {
  const groups = new Map<string, PlanGroup>();
  for (const price of prices) {
    const itemId = price.item_id ?? price.id;
    const group = groups.get(itemId) ?? {
      itemId,
      name: price.external_name ?? price.name,
      description: (price.description ?? '').replace(/\s*Two months free.*$/, ''),
      prices: [],
    };
    group.prices.push(price);
    groups.set(itemId, group);
  }
  const order = { day: 0, week: 1, month: 2, year: 3 } as Record<string, number>;
  return [...groups.values()]
    .map((group) => ({
      ...group,
      prices: group.prices.sort(
        (a, b) => (order[a.period_unit ?? ''] ?? 9) - (order[b.period_unit ?? ''] ?? 9),
      ),
    }))
    .sort((a, b) => (a.prices[0]?.price ?? 0) - (b.prices[0]?.price ?? 0));
}

/**
 * The catalogue from the billing API: the plans on sale, the features, and each plan item's
 * entitlements (one call per plan item; a publisher has a handful). A merchant changes tiers in
 * Chargebee, and this page follows within a minute.
 */
export async function loadCatalog(): Promise<Catalog> {
  const [prices, features] = await Promise.all([listItemPrices(), listFeatures()]);
  const groups = groupPlans(prices);
  const granted = await Promise.all(groups.map((group) => featuresOfItem(group.itemId)));
  const known = new Set(features.map((feature) => feature.id));
  return {
    features,
    tiers: groups.map((group, index) => ({
      ...group,
      features: (granted[index] ?? []).filter((id) => known.has(id)),
    })),
  };
}

/** The catalogue for display, refreshed at most once a minute (see createDisplayCopy). */
export const catalogOnSale = createDisplayCopy(loadCatalog);

/** The plans whose entitlements grant `featureId`, cheapest first. */
export function tiersGranting(catalog: Catalog, featureId: string): Tier[] {
  return catalog.tiers.filter((tier) => tier.features.includes(featureId));
}

/**
 * The plans that open what needs `featureId`, by name ("Patron"; "Reader or Patron"), for a teaser's
 * label. Never waits on the billing API: undefined until the catalogue has been read once.
 */
export function plansOpening(featureId: string): string | undefined {
  const catalog = catalogOnSale.peek();
  const names = catalog ? tiersGranting(catalog, featureId).map((tier) => tier.name) : [];
  return names.length > 0 ? names.join(' or ') : undefined;
}
