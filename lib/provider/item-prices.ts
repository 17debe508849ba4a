import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { itemPrices } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, pageOf } from './api/pagination';
import { compact } from './serialize';

export type ItemPriceRow = typeof itemPrices.$inferSelect;

export const itemTypes = ['plan', 'addon', 'charge'] as const;
export const itemPriceStatuses = ['active', 'archived', 'deleted'] as const;
export const periodUnits = ['day', 'week', 'month', 'year'] as const;

export function itemPriceToWire(row: ItemPriceRow) {
  return compact({
    id: row.id,
    name: row.name,
    item_family_id: row.itemFamilyId,
    item_id: row.itemId,
    description: row.description,
    status: row.status,
    external_name: row.externalName,
    pricing_model: row.pricingModel,
    price: row.price,
    period: row.period,
    currency_code: row.currencyCode,
    period_unit: row.periodUnit,
    trial_period: row.trialPeriod,
    trial_period_unit: row.trialPeriodUnit,
    trial_end_action: row.trialEndAction,
    free_quantity: 0,
    channel: 'web',
    item_type: row.itemType,
    is_taxable: true,
    show_description_in_invoices: false,
    show_description_in_quotes: false,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    deleted: row.status === 'deleted',
    object: 'item_price',
  });
}

export async function findItemPrice(db: Database, id: string): Promise<ItemPriceRow | undefined> {
  const [row] = await db.select().from(itemPrices).where(eq(itemPrices.id, id));
  return row;
}

export async function requireItemPrice(db: Database, id: string, param: string): Promise<ItemPriceRow> {
  const row = await findItemPrice(db, id);
  if (!row || row.status === 'deleted') throw errors.notFound(`${param} : item price ${id} not found`, param);
  return row;
}

export async function retrieveItemPrice(db: Database, id: string) {
  return { item_price: itemPriceToWire(await requireItemPrice(db, id, 'item_price_id')) };
}

export type ItemPriceFilters = {
  itemType?: string[];
  itemId?: string;
  status?: string[];
  periodUnit?: string[];
  limit: number;
  cursor?: Cursor;
};

/** Item prices in id order; deleted ones only when asked for by status. */
export async function listItemPrices(db: Database, filters: ItemPriceFilters) {
  const { limit, cursor } = filters;
  const rows = await db
    .select()
    .from(itemPrices)
    .where(
      and(
        filters.itemType ? inArray(itemPrices.itemType, filters.itemType) : undefined,
        filters.itemId === undefined ? undefined : eq(itemPrices.itemId, filters.itemId),
        inArray(itemPrices.status, filters.status ?? ['active', 'archived']),
        filters.periodUnit ? inArray(itemPrices.periodUnit, filters.periodUnit) : undefined,
        cursor ? gt(itemPrices.id, cursor.id) : undefined,
      ),
    )
    .orderBy(asc(itemPrices.id))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, (row) => ({ after: 0, id: row.id }));
  return {
    list: page.map((row) => ({ item_price: itemPriceToWire(row) })),
    ...(nextOffset ? { next_offset: nextOffset } : {}),
  };
}
