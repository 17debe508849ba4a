import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Notice } from '@/components/site/notice';
import { kicker, pageContainer, primaryButton, quietLink } from '@/components/site/styles';
import { requireCustomer } from '@/lib/auth/access';
import { accessOf, featureAccessOf } from '@/lib/auth/entitlement-rules';
import { safeNext } from '@/lib/auth/safe-next';
import { isPathId } from '@/lib/chargebee/ids';
import { retrieveItemPrice } from '@/lib/chargebee/item-prices';
import { catalogOnSale, tiersGranting } from '@/lib/site/catalog';
import { formatPeriod, formatPrice } from '@/lib/site/format';
import { entitlementForUpgrade } from '@/lib/site/upgrade-check';

export const metadata: Metadata = { title: 'Upgrade your plan' };

type Props = { searchParams: Promise<{ feature?: string; next?: string }> };

/** What the page needs from the billing API: the feature, the plans that grant it, the reader's plan. */
async function loadOffer(featureId: string, planId: string | null) {
  try {
    const catalog = await catalogOnSale();
    const feature = catalog.features.find((candidate) => candidate.id === featureId);
    if (!feature) return 'unknown' as const;
    const onSale = catalog.tiers.flatMap((tier) => tier.prices).find((price) => price.id === planId);
    const current = onSale ?? (planId ? await retrieveItemPrice(planId) : null);
    return { feature, offered: tiersGranting(catalog, featureId), current };
  } catch (error) {
    console.error('[site] upgrade offer could not be loaded:', (error as Error).message);
    return null;
  }
}

/**
 * Where requireFeature() sends a reader whose plan lacks a feature: which feature, the plans that have
 * it (from the billing system's entitlements, not from plan ids in this code), and one way to change
 * plan: the portal's change-plan page for the reader's subscription, which sends them back here. So
 * this page reads the billing API afresh (entitlementForUpgrade) rather than trusting a record a webhook
 * may not have reached yet, and a reader who has the feature now goes straight on to what they were reading.
 */
export default async function UpgradePage({ searchParams }: Props) {
  const { feature: requested, next: rawNext } = await searchParams;
  const next = safeNext(rawNext, '/members');
  // Signing in again (the session ran out while the reader was in the portal) comes back here with
  // `next`, so the reader still goes on to the article afterwards.
  const customer = await requireCustomer(
    `/upgrade?feature=${encodeURIComponent(requested ?? '')}&next=${encodeURIComponent(next)}`,
  );
  if (!requested || !isPathId(requested)) redirect('/members');
  const entitlement = await entitlementForUpgrade(customer.customerId);
  const membership = accessOf(entitlement);
  if (!membership.granted) redirect(`/pricing?reason=${membership.reason}`);
  if (featureAccessOf(entitlement, requested).granted) redirect(next);
  const offer = await loadOffer(requested, entitlement.planId);
  const back = `/upgrade?feature=${encodeURIComponent(requested)}&next=${encodeURIComponent(next)}`;
  const changePlan = `/portal_link?section=edit_subscription&next=${encodeURIComponent(back)}`;

  return (
    <div className={`${pageContainer} py-14 sm:py-20`}>
      <div className="max-w-2xl">
        <p className={kicker}>Upgrade</p>
        <h1 className="mt-3 font-serif text-4xl font-bold tracking-tight text-stone-900">
          {offer && offer !== 'unknown'
            ? `${offer.feature.name} is not in your plan`
            : 'This needs another plan'}
        </h1>
        {offer === 'unknown' ? (
          <p className="mt-4 text-lg leading-8 text-stone-600" data-testid="upgrade-reason">
            None of the plans on sale includes what this page needs just now. Nothing about your account has
            changed.
          </p>
        ) : offer === null ? (
          <div className="mt-8">
            <Notice tone="warning" title="Plans could not be loaded just now." testId="upgrade-unavailable">
              The billing service did not answer. Reload the page in a minute; nothing about your account has
              changed.
            </Notice>
          </div>
        ) : (
          <>
            <p className="mt-4 text-lg leading-8 text-stone-600" data-testid="upgrade-reason">
              {offer.current
                ? `Your ${offer.current.external_name ?? offer.current.name} plan does not include it.`
                : 'Your plan does not include it.'}{' '}
              {offer.feature.description}
            </p>
            <ul className="mt-8 space-y-4">
              {offer.offered.map((tier) => (
                <li
                  key={tier.itemId}
                  className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6"
                  data-testid="upgrade-plan"
                >
                  <h2 className="font-serif text-2xl font-bold text-stone-900">{tier.name}</h2>
                  <p className="mt-2 text-sm leading-6 text-stone-600">{tier.description}</p>
                  <p className="mt-3 text-sm text-stone-700">
                    {tier.prices.map((price) => `${formatPrice(price)} ${formatPeriod(price)}`).join(' or ')}
                  </p>
                  <a href={changePlan} className={`${primaryButton} mt-4`} data-testid="upgrade-action">
                    {`Upgrade to ${tier.name}`}
                  </a>
                </li>
              ))}
            </ul>
            <p className="mt-6 text-sm leading-6 text-stone-600">
              {`The button opens your subscription's Change plan page in billing. The difference for the rest of this period is charged there, and the ${offer.feature.name.toLowerCase()} opens as soon as the change is made: come back from billing and you go straight on to `}
              <Link href={next} className={quietLink} data-testid="upgrade-return">
                what you were reading
              </Link>
              .
            </p>
          </>
        )}
        <p className="mt-8 text-sm">
          <Link href="/members" className={quietLink}>
            ← Back to the library
          </Link>
        </p>
      </div>
    </div>
  );
}
