import { asc, max, min } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { itemPrices } from '@/lib/db/schema';
import { errors } from './api/errors';
import { catalogPlans } from './catalog';
import { pageOfList } from './entitlements';
import { compact } from './serialize';

/**
 * `GET /items` and `GET /items/{id}` (Product Catalog 2.0): the plans as products, each with its item
 * prices (monthly, yearly) beneath it. Read from the stored item prices, so an item's times and
 * version move with its prices; the description is the plan's own, without a price's note.
 */
async function storedItems(db: Database) {
  const rows = await db
    .select({
      id: itemPrices.itemId,
      itemFamilyId: max(itemPrices.itemFamilyId),
      type: max(itemPrices.itemType),
      createdAt: min(itemPrices.createdAt),
      updatedAt: max(itemPrices.updatedAt),
      resourceVersion: max(itemPrices.resourceVersion),
    })
    .from(itemPrices)
    .groupBy(itemPrices.itemId)
    .orderBy(asc(itemPrices.itemId));
  return rows.flatMap((row) => {
    const plan = catalogPlans.find((candidate) => candidate.itemId === row.id);
    if (!row.id || !plan) return [];
    return [
      compact({
        id: row.id,
        name: plan.externalName,
        external_name: plan.externalName,
        description: plan.description,
        status: 'active',
        resource_version: Number(row.resourceVersion),
        updated_at: Number(row.updatedAt),
        item_family_id: row.itemFamilyId,
        type: row.type,
        is_shippable: false,
        is_giftable: false,
        enabled_for_checkout: true,
        enabled_in_portal: true,
        item_applicability: 'all',
        metered: false,
        channel: 'web',
        created_at: Number(row.createdAt),
        deleted: false,
        object: 'item',
      }),
    ];
  });
}

export async function listItems(db: Database, limit: number, offset: string | undefined) {
  return pageOfList(await storedItems(db), limit, offset, 'item');
}

export async function retrieveItem(db: Database, id: string) {
  const item = (await storedItems(db)).find((candidate) => candidate.id === id);
  if (!item) throw errors.notFound(`item_id : item ${id} not found`, 'item_id');
  return { item };
}
