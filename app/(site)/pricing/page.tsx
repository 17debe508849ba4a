import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/site/notice';
import { PlanCard } from '@/components/site/plan-options';
import { kicker, pageContainer, quietLink } from '@/components/site/styles';
import { accessOf } from '@/lib/auth/entitlement-rules';
import { getEntitlement } from '@/lib/auth/entitlements';
import { currentCustomer } from '@/lib/auth/session';
import { type Catalog, catalogOnSale } from '@/lib/site/catalog';
import { offersTrial } from '@/lib/site/trial-offer';
import { pricingReason } from './reasons';

export const metadata: Metadata = { title: 'Pricing' };

async function loadCatalog(): Promise<Catalog | null> {
  try {
    return await catalogOnSale();
  } catch (error) {
    console.error('[site] plans could not be loaded:', (error as Error).message);
    return null;
  }
}

/** A signed-in reader's standing: their plan if they are a member, and whether a trial is theirs to take. */
type ReaderStanding = { memberPlanId?: string | null; trial: boolean };

async function readerStanding(customerId: string): Promise<ReaderStanding> {
  try {
    const entitlement = await getEntitlement(customerId);
    if (accessOf(entitlement).granted) return { memberPlanId: entitlement.planId, trial: false };
    return { trial: offersTrial(entitlement) };
  } catch {
    // Unknown standing: show the plain prices; checkout decides the trial again when it starts.
    return { trial: false };
  }
}

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const customer = await currentCustomer();
  const message = pricingReason(reason, customer !== null);
  const [catalog, standing] = await Promise.all([
    loadCatalog(),
    customer ? readerStanding(customer.customerId) : ({ trial: true } as ReaderStanding),
  ]);
  const member = standing.memberPlanId === undefined ? null : { planId: standing.memberPlanId };

  return (
    <div className={`${pageContainer} py-14 sm:py-20`}>
      <div className="max-w-2xl">
        <p className={kicker}>Membership</p>
        <h1 className="mt-3 font-serif text-4xl font-bold tracking-tight text-stone-900 sm:text-5xl">
          Read everything, support the work
        </h1>
        <p className="mt-4 text-lg leading-8 text-stone-600">
          Choose the plan with what you want to read. Pay monthly or yearly, and change plan or cancel from
          your account at any time.
        </p>
      </div>

      <div className="mt-8 max-w-2xl space-y-4">
        {message ? (
          <Notice tone={message.tone} title={message.title} testId="pricing-reason">
            {message.body}
            {message.action ? (
              <>
                {' '}
                <a href={message.action.href} className={quietLink}>
                  {message.action.label}
                </a>
              </>
            ) : null}
          </Notice>
        ) : null}
        {member ? (
          <Notice tone="success" title="You are a member." testId="already-member">
            Your subscription is active.{' '}
            <Link href="/members" className={quietLink}>
              Open the library
            </Link>{' '}
            or{' '}
            <a href="/portal_link" className={quietLink}>
              manage billing
            </a>
            .
          </Notice>
        ) : null}
        {!customer ? (
          <div
            data-testid="two-doors"
            className="flex flex-col gap-3 rounded-2xl border border-stone-200 bg-white p-5 text-sm leading-6 text-stone-600 sm:flex-row sm:items-center sm:justify-between"
          >
            <p>
              <strong className="font-semibold text-stone-900">New here?</strong> Choose a plan below. You
              give your email at checkout, and that email signs you in from then on.
            </p>
            <p className="shrink-0">
              <strong className="font-semibold text-stone-900">Already a subscriber?</strong>{' '}
              <a href="/login?next=%2Fmembers" className={quietLink}>
                Sign in
              </a>
            </p>
          </div>
        ) : null}
      </div>

      {catalog === null ? (
        <div className="mt-10 max-w-2xl">
          <Notice tone="warning" title="Plans could not be loaded just now." testId="plans-unavailable">
            The billing service did not answer. Reload the page in a minute; nothing about your account has
            changed.
          </Notice>
        </div>
      ) : (
        <div className="mt-12 grid gap-6 md:grid-cols-2">
          {catalog.tiers.map((group, index) => (
            <PlanCard
              key={group.itemId}
              group={group}
              features={catalog.features}
              featured={member ? group.prices.some((price) => price.id === member.planId) : index === 0}
              canSubscribe={!member}
              trialEligible={standing.trial}
              currentPlanId={member?.planId}
            />
          ))}
        </div>
      )}

      <p className="mt-10 max-w-2xl text-sm leading-6 text-stone-500">
        A plan includes everything its features cover, old and new. Payments are handled by our billing
        provider; this site never sees your card number. Cancelling keeps your access until the end of the
        period you paid for.
      </p>
    </div>
  );
}
