import type { Feature } from '@/lib/chargebee/entitlements';
import type { Tier } from '@/lib/site/catalog';
import { formatPeriod, formatPrice } from '@/lib/site/format';
import { trialLength } from '@/lib/site/trial-offer';
import { primaryButton, secondaryButton } from './styles';

export function PlanCard({
  group,
  features,
  featured,
  canSubscribe,
  trialEligible,
  currentPlanId,
}: {
  group: Tier;
  /** Every active feature of the catalogue, so the card says what this plan has and what it lacks. */
  features: Feature[];
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
      <p className="mt-2 text-sm leading-6 text-stone-600">{group.description}</p>
      <PlanFeatures plan={group} features={features} />
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

/** What the plan's entitlements grant, and what they do not, from the billing system's features. */
function PlanFeatures({ plan, features }: { plan: Tier; features: Feature[] }) {
  if (features.length === 0) return <div className="flex-1" />;
  return (
    <ul
      className="mt-5 flex-1 space-y-2 text-sm leading-6"
      aria-label={`What ${plan.name} includes`}
      data-testid="plan-features"
    >
      {features.map((feature) => {
        const included = plan.features.includes(feature.id);
        return (
          <li
            key={feature.id}
            className={`flex gap-2 ${included ? 'text-stone-800' : 'text-stone-500'}`}
            data-included={included}
          >
            <span aria-hidden className={`w-4 shrink-0 font-bold ${included ? 'text-brand-700' : ''}`}>
              {included ? '✓' : '–'}
            </span>
            <span>{included ? feature.name : `${feature.name} (not included)`}</span>
          </li>
        );
      })}
    </ul>
  );
}
