import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '@/components/portal/action-form';
import { ActionRow } from '@/components/portal/action-row';
import { BackLink } from '@/components/portal/back-link';
import { DetailGrid, DetailItem } from '@/components/portal/details';
import { DuesPanel } from '@/components/portal/dues-panel';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { StatusBadge } from '@/components/portal/status-badge';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { doneKey } from '@/lib/portal/action-result';
import {
  type CardView,
  loadCards,
  loadInvoices,
  payingCard,
  type SubscriptionView,
} from '@/lib/portal/billing';
import {
  cardExpiry,
  cardLabel,
  formatDate,
  formatMoney,
  periodName,
  perPeriod,
  subscriptionStatus,
} from '@/lib/portal/billing-format';
import { dueInvoiceSentences, duesAmount, duesOf } from '@/lib/portal/dues';
import { subscriptionDoneNotices } from '@/lib/portal/subscription-done';
import { keyDates, priceText, trialEndText } from '@/lib/portal/subscription-text';
import { dunningSchedule } from '@/lib/provider/dunning';
import { dropScheduledChange, keepSubscription, pause, reactivate, resume } from '../actions';
import { loadOwnSubscription, subscriptionPageTitle } from './load';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: await subscriptionPageTitle(params, 'Subscription') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

const failedPayment = new Set([
  'plan_changed_payment_failed',
  'reactivated_payment_failed',
  'resumed_payment_failed',
]);

function ManageActions({
  subscription,
  cards,
  now,
}: {
  subscription: SubscriptionView;
  cards: readonly CardView[];
  now: number;
}) {
  const { status } = subscription;
  const fields = { subscription_id: subscription.id };
  const money = (amount: number) => formatMoney(amount, subscription.currencyCode);
  const card = payingCard(subscription, cards);
  const period = periodName(subscription.billingPeriod, subscription.billingPeriodUnit);
  const cancellationScheduled =
    status === 'non_renewing' || (status === 'in_trial' && (subscription.cancelledAt ?? 0) > now);
  const termCarriesOn = (subscription.currentTermEnd ?? 0) > now;
  const rows = [];

  if (cancellationScheduled)
    rows.push(
      <ActionRow
        key="keep"
        title="Keep your subscription"
        testId="keep-row"
        control={
          <ActionForm
            action={keepSubscription}
            fields={fields}
            label="Keep my subscription"
            testId="keep-form"
            pendingText="Saving…"
          />
        }
      >
        It is set to end on{' '}
        {subscription.cancelledAt ? formatDate(subscription.cancelledAt) : 'the end of this term'}. Changed
        your mind? Remove the cancellation and it renews as usual.
      </ActionRow>,
    );
  if (['future', 'in_trial', 'active', 'non_renewing'].includes(status))
    rows.push(
      <ActionRow
        key="change"
        title="Change plan"
        control={
          <ButtonLink href={`/portal/subscriptions/${subscription.id}/change`} variant="secondary">
            Change plan
          </ButtonLink>
        }
      >
        Switch to another plan now or at your next renewal. You see what it costs before you confirm.
      </ActionRow>,
    );
  if (status === 'active' || status === 'non_renewing')
    rows.push(
      <ActionRow
        key="pause"
        title="Pause"
        testId="pause-row"
        control={
          <ActionForm
            action={pause}
            fields={fields}
            label="Pause subscription"
            testId="pause-form"
            pendingText="Pausing…"
            variant="secondary"
          />
        }
      >
        Stops your subscription today: no payments and no access while it is paused. Resume whenever you like.
      </ActionRow>,
    );
  if (status === 'paused')
    rows.push(
      <ActionRow
        key="resume"
        title="Resume"
        testId="resume-row"
        control={
          <ActionForm
            action={resume}
            fields={fields}
            label="Resume subscription"
            testId="resume-form"
            pendingText="Resuming…"
          />
        }
      >
        {termCarriesOn && subscription.currentTermEnd
          ? `Your paid term runs until ${formatDate(subscription.currentTermEnd)}, so nothing is charged today.`
          : `A new ${period} term starts today and ${money(subscription.nextAmount)} is charged${card ? ` to ${cardLabel(card)}` : ''}.`}
      </ActionRow>,
    );
  if (status === 'cancelled')
    rows.push(
      <ActionRow
        key="reactivate"
        title="Reactivate"
        testId="reactivate-row"
        control={
          card ? (
            <ActionForm
              action={reactivate}
              fields={fields}
              label="Reactivate subscription"
              testId="reactivate-form"
              pendingText="Reactivating…"
            />
          ) : (
            <ButtonLink href="/portal/payment-methods" variant="secondary">
              Add a card
            </ButtonLink>
          )
        }
      >
        {card ? (
          `Start again with a new ${period} term from today. ${money(subscription.nextAmount)} is charged to ${cardLabel(card)} today.`
        ) : (
          <span data-testid="reactivate-needs-card">
            To reactivate, you need a valid card on your account to pay with.{' '}
            <Link
              href="/portal/payment-methods"
              className="font-medium text-teal-800 underline underline-offset-4"
            >
              Add a card in Payment methods
            </Link>
            , then come back here.
          </span>
        )}
      </ActionRow>,
    );
  if (status !== 'cancelled' && status !== 'transferred')
    rows.push(
      <ActionRow
        key="cancel"
        title="Cancel"
        control={
          <ButtonLink href={`/portal/subscriptions/${subscription.id}/cancel`} variant="secondary">
            Cancel subscription
          </ButtonLink>
        }
      >
        End your subscription at the end of the current term or right away. You confirm on the next step.
      </ActionRow>,
    );
  return <ul className="divide-y divide-slate-100">{rows}</ul>;
}

export default async function SubscriptionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const { customer, database, subscription, now, backToSite } = await loadOwnSubscription(params);
  const [cards, invoices] = await Promise.all([
    loadCards(database, customer.id),
    loadInvoices(database, customer.id),
  ]);
  const done = doneKey((await searchParams).done, subscriptionDoneNotices);
  const status = subscriptionStatus(subscription.status);
  const card = payingCard(subscription, cards);
  const schedule = dunningSchedule();
  const dues = duesOf(invoices.filter((invoice) => invoice.subscriptionId === subscription.id));
  const [newestDue] = dues ? dues.invoices.slice(-1) : [];
  const scheduled = subscription.scheduledChange;
  return (
    <PortalPage>
      <BackLink href="/portal/subscriptions">All subscriptions</BackLink>
      <PageHeading title={subscription.plan.name} intro={`Subscription ${subscription.id}`} />
      {done ? (
        <Notice
          key={done}
          tone={failedPayment.has(done) ? 'error' : 'success'}
          testId="done-notice"
          focus="mount"
        >
          {subscriptionDoneNotices[done]}
          {failedPayment.has(done) && newestDue ? ` ${dueInvoiceSentences(newestDue, schedule)[0]}` : ''}
        </Notice>
      ) : null}
      {done && backToSite ? (
        <p className="text-sm">
          <a href={backToSite} className="font-semibold text-teal-800 underline" data-testid="back-to-site">
            {`Back to ${new URL(backToSite).host}`}
          </a>
        </p>
      ) : null}
      {dues ? (
        <DuesPanel dues={dues} schedule={schedule}>
          <ButtonLink href="/portal/payment-methods#pay" className="w-full sm:w-auto">
            Pay {duesAmount(dues)} now
          </ButtonLink>
        </DuesPanel>
      ) : null}
      {scheduled ? (
        <Card title="Scheduled change">
          <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
            <p className="text-sm leading-6 text-slate-700" data-testid="scheduled-change">
              On {formatDate(scheduled.at)} your plan changes from {subscription.plan.name} to{' '}
              <strong className="text-slate-900">{scheduled.plan.name}</strong>. From then on you pay{' '}
              {formatMoney(scheduled.amount, subscription.currencyCode)}{' '}
              {perPeriod(scheduled.billingPeriod, scheduled.billingPeriodUnit)}.
            </p>
            <ActionForm
              action={dropScheduledChange}
              fields={{ subscription_id: subscription.id, plan: subscription.plan.id }}
              label="Keep my current plan"
              testId="keep-plan-form"
              pendingText="Saving…"
              variant="secondary"
            />
          </div>
        </Card>
      ) : null}
      <Card title="Details">
        <DetailGrid>
          <DetailItem label="Plan">{subscription.plan.name}</DetailItem>
          <DetailItem label="Price">{priceText(subscription)}</DetailItem>
          <DetailItem label="Status">
            <StatusBadge tone={status.tone} testId="subscription-status">
              {status.text}
            </StatusBadge>
          </DetailItem>
          {keyDates(subscription, card ?? null).map((date) => (
            <DetailItem key={date.label} label={date.label} testId={date.testId}>
              {date.value}
            </DetailItem>
          ))}
          <DetailItem label="Paid with">
            {card ? (
              <>
                {cardLabel(card)} <span className="text-slate-500">(expires {cardExpiry(card)})</span>
              </>
            ) : (
              <span className="text-slate-500">No valid card on file</span>
            )}
          </DetailItem>
        </DetailGrid>
        {subscription.status === 'in_trial' && !subscription.cancelledAt ? (
          <p className="mt-4 text-sm leading-6 text-slate-900" data-testid="trial-end">
            {trialEndText(subscription, card ?? null)}
          </p>
        ) : null}
        <p className="mt-4 text-sm text-slate-500">
          Billed {perPeriod(subscription.billingPeriod, subscription.billingPeriodUnit)}, in{' '}
          {subscription.currencyCode}.{' '}
          <Link
            href="/portal/payment-methods"
            className="font-medium text-teal-800 underline-offset-4 hover:underline"
          >
            Manage cards
          </Link>
        </p>
      </Card>
      <Card title="Manage">
        <ManageActions subscription={subscription} cards={cards} now={now} />
      </Card>
    </PortalPage>
  );
}
