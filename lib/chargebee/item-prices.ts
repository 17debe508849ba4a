import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { type ItemPrice, itemPriceList, itemPriceResponse } from './schemas';

/** The plans on sale: active plan item prices. */
export async function listItemPrices(http: ChargebeeHttp = chargebee()): Promise<ItemPrice[]> {
  const found: ItemPrice[] = [];
  let offset: string | undefined;
  for (let page = 0; page < 5; page += 1) {
    const answer = await http.get('item_prices', itemPriceList, {
      item_type: { is: 'plan' },
      status: { is: 'active' },
      limit: 100,
      offset,
    });
    found.push(...answer.list.map((entry) => entry.item_price));
    offset = answer.next_offset;
    if (!offset) break;
  }
  return found;
}

export async function retrieveItemPrice(id: string, http: ChargebeeHttp = chargebee()): Promise<ItemPrice> {
  const { item_price } = await http.get(`item_prices/${pathId(id, 'item_price_id')}`, itemPriceResponse);
  return item_price;
}
