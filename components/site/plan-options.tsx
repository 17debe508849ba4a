import type { ItemPrice } from '@/lib/chargebee/schemas';
import { formatPeriod, formatPrice } from '@/lib/site/format';
import { trialLength } from '@/lib/site/trial-offer';
import { primaryButton, secondaryButton } from './styles';

export type PlanGroup = { itemId: string; name: string; description: string; prices: ItemPrice[] };

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

export function PlanCard({
  group,
  featured,
  canSubscribe,
  trialEligible,
  currentPlanId,
}: {
  group: PlanGroup;
  featured: boolean;
  canSubscribe: boolean;
  /** Whether this visitor gets a plan's free trial (new readers do; see lib/site/trial-offer.ts). */
  trialEligible: boolean;
  currentPlanId?: string | null;
}) {
  return (
    <section
      aria-labelledby={`plan-${group.itemId}`}
      className={`flex flex-col rounded-2xl border bg-white p-5 shadow-sm sm:p-8 ${featured ? 'border-brand-600 ring-1 ring-brand-600' : 'border-stone-200'}`}
    >
      <h2 id={`plan-${group.itemId}`} className="font-serif text-2xl font-bold text-stone-900">
        {group.name}
      </h2>
      <p className="mt-2 flex-1 text-sm leading-6 text-stone-600">{group.description}</p>
      <ul className="mt-6 space-y-3">
        {group.prices.map((price, index) => {
          const trial = canSubscribe && trialEligible ? trialLength(price) : null;
          return (
            <li
              key={price.id}
              className="flex items-center justify-between gap-3 rounded-xl bg-stone-50 px-3 py-3 sm:px-4"
            >
              <div>
                {trial ? (
                  <p className="text-sm font-semibold text-brand-700" data-testid="trial-offer">
                    {`Start your ${trial} free trial`}
                  </p>
                ) : null}
                <p className="whitespace-nowrap">
                  {trial ? <span className="text-sm text-stone-600">then </span> : null}
                  <span className="text-xl font-bold text-stone-900">{formatPrice(price)}</span>{' '}
                  <span className="whitespace-nowrap text-sm text-stone-500">{formatPeriod(price)}</span>
                </p>
                {trial ? (
                  <p className="text-xs leading-5 text-stone-500">First charge when the trial ends</p>
                ) : null}
              </div>
              {canSubscribe ? (
                <form action="/subscribe" method="post">
                  <input type="hidden" name="item_price_id" value={price.id} />
                  <button
                    type="submit"
                    className={index === 0 && featured ? primaryButton : secondaryButton}
                    aria-label={trial ? `Start free trial of ${price.name}` : `Subscribe to ${price.name}`}
                  >
                    {trial ? 'Start free trial' : 'Subscribe'}
                  </button>
                </form>
              ) : null}
              {price.id === currentPlanId ? (
                <span className="rounded-full bg-emerald-50 px-3 py-1 text-xs font-semibold text-emerald-800">
                  Your plan
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
