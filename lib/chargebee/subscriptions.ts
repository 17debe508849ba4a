import { type ChargebeeHttp, chargebee } from './http';
import { type Subscription, subscriptionList } from './schemas';

const maxPages = 10;

/** Every subscription of one customer, following `next_offset` (at most 1,000). */
export async function listSubscriptions(
  customerId: string,
  http: ChargebeeHttp = chargebee(),
): Promise<Subscription[]> {
  const found: Subscription[] = [];
  let offset: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await http.get('subscriptions', subscriptionList, {
      customer_id: { is: customerId },
      limit: 100,
      offset,
    });
    found.push(...answer.list.map((entry) => entry.subscription));
    offset = answer.next_offset;
    if (!offset) break;
  }
  return found;
}
