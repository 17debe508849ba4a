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

type Clock = () => number;

/**
 * A short-lived copy of the plans on sale, for pages that show them on every view (/pricing). Fresh for
 * `freshMs`; after that the copy is still served while one refresh runs in the background, up to
 * `staleMs`, after which a view waits for the billing API again. Concurrent misses share one call, and a
 * failed call is never kept. Prices change rarely, and checkout reads the price from the billing API
 * itself, so a page that is a minute behind shows an old price at worst, never charges one.
 */
export function createPlanCache(
  load: () => Promise<ItemPrice[]>,
  { freshMs = 60_000, staleMs = 10 * 60_000, now = Date.now as Clock } = {},
) {
  let kept: { plans: ItemPrice[]; at: number } | undefined;
  let loading: Promise<ItemPrice[]> | undefined;
  const refresh = () => {
    loading ??= load()
      .then((plans) => {
        kept = { plans, at: now() };
        return plans;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  return function plansOnSale(): Promise<ItemPrice[]> {
    const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
    if (kept && age < freshMs) return Promise.resolve([...kept.plans]);
    if (kept && age < staleMs) {
      refresh().catch((error: Error) =>
        console.error('[site] refreshing the plans failed; showing the copy from before:', error.message),
      );
      return Promise.resolve([...kept.plans]);
    }
    return refresh();
  };
}

/** The plans on sale for display: a copy refreshed at most once a minute (see createPlanCache). */
export const listPlansOnSale = createPlanCache(() => listItemPrices());
