import { z } from 'zod';
import { itemPriceStatuses, itemTypes, listItemPrices, periodUnits, retrieveItemPrice } from '../item-prices';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

export const itemPriceRoutes = [
  route({
    method: 'GET',
    path: 'item_prices',
    params: z.object({
      item_type: cb.enumFilter(itemTypes),
      item_id: cb.isFilter(cb.string(100)).optional(),
      status: cb.enumFilter(itemPriceStatuses),
      period_unit: cb.enumFilter(periodUnits),
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: (params, { db }) =>
      listItemPrices(db, {
        itemType: params.item_type,
        itemId: params.item_id,
        status: params.status,
        periodUnit: params.period_unit,
        limit: params.limit,
        cursor: decodeOffset(params.offset),
      }),
  }),
  route({
    method: 'GET',
    path: 'item_prices/:item_price_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveItemPrice(db, ids.item_price_id as string),
  }),
];
