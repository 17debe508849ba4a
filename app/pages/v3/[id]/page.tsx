import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AuthPanel } from '@/components/portal/auth-panel';
import { BuyerFields } from '@/components/portal/buyer-fields';
import { CardFields } from '@/components/portal/card-fields';
import { CheckCircleIcon } from '@/components/portal/check-icon';
import { AlertIcon, ChevronRightIcon } from '@/components/portal/icons';
import { TestCards } from '@/components/portal/test-cards';
import { Button, ExternalButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { db } from '@/lib/db/client';
import { formatDate, formatMoney, perPeriod } from '@/lib/portal/billing-format';
import { expiryYears } from '@/lib/portal/card-form';
import { type CheckoutPlan, loadCheckout } from '@/lib/portal/checkout';
import { type CheckoutFlash, checkoutCookieName, decodeFlash } from '@/lib/portal/checkout-form';
import { countryOptions } from '@/lib/portal/countries';
import { markCheckoutRequested } from '@/lib/provider/checkout';
import { atMachineTime } from '@/lib/provider/machine-clock';

/** "Checkout", "Error: Checkout" after a refused payment, or "Checkout not found" where the page is a 404. */
export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}): Promise<Metadata> {
  const { id } = await params;
  const database = await db();
  const checkout = await atMachineTime(() => loadCheckout(database, id), database);
  if (checkout.state === 'unknown') return { title: 'Checkout not found' };
  if (checkout.state !== 'open') return { title: 'Checkout' };
  const flash = decodeFlash(
    (await cookies()).get(checkoutCookieName)?.value,
    id,
    (await searchParams).attempt,
  );
  return { title: flash?.message ? 'Error: Checkout' : 'Checkout' };
}
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

function BackButton({ href }: { href?: string }) {
  if (!href) return null;
  return (
    <ExternalButtonLink href={href} variant="primary" className="w-full sm:w-auto">
      Back to {new URL(href).host}
    </ExternalButtonLink>
  );
}

function DeadEnd({
  title,
  children,
  back,
  tone = 'warning',
}: {
  title: string;
  children: ReactNode;
  back?: string;
  tone?: 'neutral' | 'warning';
}) {
  return (
    <AuthPanel
      tone={tone}
      icon={tone === 'warning' ? <AlertIcon /> : <CheckCircleIcon />}
      title={title}
      intro={<div data-testid="checkout-state">{children}</div>}
    >
      <BackButton href={back} />
    </AuthPanel>
  );
}

/** "Free for 14 days, then $9.00 a month. Your card will not be charged until 29 January 2027." */
function trialTerms(plan: CheckoutPlan, trial: NonNullable<CheckoutPlan['trial']>): string {
  const price = formatMoney(plan.amount, plan.currencyCode);
  const every = plan.period === 1 ? `a ${plan.periodUnit}` : perPeriod(plan.period, plan.periodUnit);
  return `Free for ${trial.length}, then ${price} ${every}. Your card will not be charged until ${formatDate(trial.endsAt)}.`;
}

function Summary({ plan, email }: { plan: CheckoutPlan; email?: string }) {
  const price = formatMoney(plan.amount, plan.currencyCode);
  return (
    <Card title="Order summary">
      <div data-testid="order-summary">
        <p className="flex items-baseline justify-between gap-3">
          <span className="font-semibold text-slate-900">{plan.name}</span>
          <span className="text-sm text-slate-900 tabular-nums">{price}</span>
        </p>
        <p className="mt-0.5 text-sm text-slate-500">{`Billed ${perPeriod(plan.period, plan.periodUnit)}`}</p>
        {plan.description ? (
          <p className="mt-3 text-sm leading-6 text-slate-600">{plan.description}</p>
        ) : null}
        <div className="mt-4 flex items-baseline justify-between gap-3 border-t border-slate-100 pt-4">
          <span className="text-sm font-semibold text-slate-900">Due today</span>
          <span className="text-lg font-semibold text-slate-900 tabular-nums">
            {plan.trial ? formatMoney(0, plan.currencyCode) : price}
          </span>
        </div>
        <p className="mt-1 text-sm text-slate-500" data-testid="checkout-terms">
          {plan.trial
            ? trialTerms(plan, plan.trial)
            : `Then ${price} ${perPeriod(plan.period, plan.periodUnit)} until you cancel.`}
        </p>
        {email ? (
          <p className="mt-4 border-t border-slate-100 pt-4 text-sm text-slate-600">
            Subscribing as <strong className="break-all text-slate-900">{email}</strong>
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function AddressFields({
  flash,
  initial,
}: {
  flash?: CheckoutFlash;
  initial: Record<string, string | undefined>;
}) {
  const values = flash?.values ?? initial;
  const errors = flash?.errors ?? {};
  const hasErrors = ['line1', 'line2', 'city', 'state', 'zip', 'country'].some(
    (field) => errors[field as keyof typeof errors],
  );
  const field = (name: 'line1' | 'line2' | 'city' | 'state' | 'zip' | 'country') => ({
    name,
    defaultValue: values[name] ?? '',
    error: errors[name],
  });
  return (
    <details className="group rounded-xl border border-slate-200 bg-white" open={hasErrors || undefined}>
      <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 px-5 py-3 text-sm font-semibold text-slate-900 sm:px-6 [&::-webkit-details-marker]:hidden">
        <ChevronRightIcon className="size-4 shrink-0 text-slate-500 transition-transform group-open:rotate-90" />
        <span>
          {initial.line1 ? 'Billing address' : 'Add a billing address'}{' '}
          <span className="font-normal text-slate-500">(optional)</span>
        </span>
      </summary>
      <div className="grid gap-5 border-t border-slate-100 px-5 py-5 sm:grid-cols-2 sm:px-6">
        <p className="text-sm text-slate-600 sm:col-span-2">
          Printed on your invoices. Leave it empty if you do not need it.
        </p>
        <TextField
          label="Street address"
          autoComplete="billing address-line1"
          className="sm:col-span-2"
          {...field('line1')}
        />
        <TextField
          label="Address line 2"
          optional
          autoComplete="billing address-line2"
          className="sm:col-span-2"
          {...field('line2')}
        />
        <TextField label="City" autoComplete="billing address-level2" {...field('city')} />
        <TextField
          label="State or region"
          optional
          autoComplete="billing address-level1"
          {...field('state')}
        />
        <TextField label="Postal code" autoComplete="billing postal-code" {...field('zip')} />
        <SelectField
          label="Country"
          autoComplete="billing country"
          options={countryOptions}
          placeholder="Choose a country"
          {...field('country')}
        />
      </div>
    </details>
  );
}

export default async function CheckoutPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const { id } = await params;
  const database = await db();
  const checkout = await atMachineTime(() => loadCheckout(database, id), database);
  if (checkout.state === 'unknown') notFound();
  if (checkout.state === 'complete')
    return (
      <DeadEnd title="Payment complete" back={checkout.backUrl} tone="neutral">
        <p>
          {checkout.plan
            ? `You are subscribed to ${checkout.plan.name} (${formatMoney(checkout.plan.amount, checkout.plan.currencyCode)} ${perPeriod(checkout.plan.period, checkout.plan.periodUnit)}).`
            : 'Your subscription is active.'}{' '}
          This checkout is finished, so it cannot be paid again. You can close this page.
        </p>
      </DeadEnd>
    );
  if (checkout.state === 'cancelled')
    return (
      <DeadEnd title="This checkout was cancelled" back={checkout.backUrl}>
        <p>Nothing was charged. To subscribe, go back to the website and start again.</p>
      </DeadEnd>
    );
  if (checkout.state === 'expired')
    return (
      <DeadEnd title="This checkout has expired" back={checkout.backUrl}>
        <p>
          Checkout links work for three hours. Nothing was charged. Go back to the website and start again to
          get a new one.
        </p>
      </DeadEnd>
    );

  await markCheckoutRequested(database, id);
  const flash = decodeFlash(
    (await cookies()).get(checkoutCookieName)?.value,
    id,
    (await searchParams).attempt,
  );
  const price = formatMoney(checkout.plan.amount, checkout.plan.currencyCode);
  const address = checkout.address ?? {};
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
          {`Subscribe to ${checkout.plan.name}`}
        </h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          {checkout.plan.trial
            ? 'Add a card to start your free trial. Cancel before it ends and you pay nothing.'
            : 'Pay with a card to start your subscription. It renews automatically; you can cancel any time.'}
        </p>
      </div>
      {checkout.buyer ? (
        <form
          method="post"
          action={`/pages/v3/${id}/cancel`}
          className="-mt-2 flex flex-wrap items-center gap-x-2 text-sm text-slate-600"
          data-testid="existing-subscriber"
        >
          <span>Already a subscriber?</span>
          <Button variant="quiet">Sign in instead</Button>
        </form>
      ) : null}
      {flash?.message ? (
        <Notice tone="error" testId="checkout-error" focus="mount">
          {flash.message}
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <aside className="lg:sticky lg:top-6 lg:col-start-2 lg:row-start-1">
          <Summary plan={checkout.plan} email={checkout.email} />
        </aside>
        <div className="flex min-w-0 flex-col gap-6 lg:col-start-1 lg:row-start-1">
          <form method="post" action={`/pages/v3/${id}/pay`} noValidate className="flex flex-col gap-6">
            {checkout.buyer ? (
              <BuyerFields values={flash?.values ?? checkout.buyer} errors={flash?.errors ?? {}} />
            ) : null}
            <Card title="Card details">
              <div className="flex flex-col gap-6">
                <CardFields values={flash?.values ?? {}} errors={flash?.errors ?? {}} years={expiryYears()} />
                <TestCards />
              </div>
            </Card>
            <AddressFields
              flash={flash}
              initial={{
                line1: address.line1,
                line2: address.line2,
                city: address.city,
                state: address.state,
                zip: address.zip,
                country: address.country,
              }}
            />
            <Button className="w-full text-base sm:w-auto sm:self-start sm:px-8">
              {checkout.plan.trial ? 'Start free trial' : `Pay ${price}`}
            </Button>
          </form>
          <form method="post" action={`/pages/v3/${id}/cancel`}>
            <Button variant="quiet">Cancel and go back</Button>
          </form>
        </div>
      </div>
    </div>
  );
}
