import type { Metadata } from 'next';
import { ActionForm } from '@/components/portal/action-form';
import { BackLink } from '@/components/portal/back-link';
import { ChoiceGroup } from '@/components/portal/choice-group';
import { DetailGrid, DetailItem } from '@/components/portal/details';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { StatusBadge } from '@/components/portal/status-badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import type { PlanInfo, SubscriptionView } from '@/lib/portal/billing';
import { subscriptionProblem } from '@/lib/portal/billing-errors';
import { formatDate, formatMoney, perPeriod, subscriptionStatus } from '@/lib/portal/billing-format';
import { estimateOwnPlanChange } from '@/lib/portal/self-serve';
import { priceText } from '@/lib/portal/subscription-text';
import { atMachineTime } from '@/lib/provider/machine-clock';
import type { PlanChangeQuote } from '@/lib/provider/subscription-changes';
import { changePlan } from '../../actions';
import { loadOwnSubscription, subscriptionPageTitle } from '../load';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: await subscriptionPageTitle(params, 'Change plan') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;
type When = 'now' | 'renewal';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const planPrice = (plan: PlanInfo) =>
  `${formatMoney(plan.price, plan.currencyCode)} ${perPeriod(plan.period, plan.periodUnit)}`;

function Review({
  subscription,
  plan,
  when,
  quote,
}: {
  subscription: SubscriptionView;
  plan: PlanInfo;
  when: When;
  quote: PlanChangeQuote;
}) {
  const money = (amount: number) => formatMoney(amount, quote.currencyCode);
  const again = `/portal/subscriptions/${subscription.id}/change?plan=${encodeURIComponent(plan.id)}&when=${when}`;
  return (
    <Card title="Check your change" description="Nothing changes until you confirm.">
      <DetailGrid>
        <DetailItem label="From">
          {subscription.plan.name} ({priceText(subscription)})
        </DetailItem>
        <DetailItem label="To">
          {plan.name} ({planPrice(plan)})
        </DetailItem>
        <DetailItem label="When">
          {when === 'now'
            ? 'Today'
            : `At your next renewal, on ${formatDate(quote.nextBillingAt ?? subscription.currentTermEnd ?? 0)}`}
        </DetailItem>
        <DetailItem label="To pay today" testId="estimate-now">
          <span className="text-base font-semibold">{money(quote.amountDueNow)}</span>
        </DetailItem>
        <DetailItem label="Next renewal" testId="estimate-renewal" wide>
          {quote.nextBillingAt ? (
            <>
              <span className="text-base font-semibold">{money(quote.nextRenewalAmount)}</span> on{' '}
              {formatDate(quote.nextBillingAt)}
            </>
          ) : (
            'None: this subscription ends at the end of its term.'
          )}
        </DetailItem>
      </DetailGrid>
      <ul className="mt-4 flex list-disc flex-col gap-1 pl-5 text-sm text-slate-600">
        {when === 'now' && quote.amountDueNow > 0 ? (
          <li>
            Today’s amount is the new plan for the rest of this term, less what is left of your current plan.
            It is charged to your card when you confirm.
          </li>
        ) : null}
        {when === 'now' && quote.amountDueNow === 0 ? <li>Nothing is charged today.</li> : null}
        {quote.startsNewTerm ? <li>The billing period changes, so a new term starts today.</li> : null}
        {quote.creditAfter > 0 ? (
          <li>You keep {money(quote.creditAfter)} of credit, used for your next payments.</li>
        ) : null}
        {when === 'renewal' ? <li>You keep your current plan until then.</li> : null}
      </ul>
      <div className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-start">
        <ActionForm
          action={changePlan}
          fields={{ subscription_id: subscription.id, plan: plan.id, when }}
          label="Confirm change"
          pendingText="Changing…"
          testId="confirm-change"
        />
        <ButtonLink href={again} variant="secondary" className="w-full sm:w-auto">
          Choose again
        </ButtonLink>
      </div>
    </Card>
  );
}

export default async function ChangePlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const { customer, database, subscription, plans } = await loadOwnSubscription(params);
  const search = await searchParams;
  const back = (
    <BackLink href={`/portal/subscriptions/${subscription.id}`}>Back to your subscription</BackLink>
  );
  const canNow = ['future', 'in_trial', 'active', 'non_renewing'].includes(subscription.status);
  const canAtRenewal = ['in_trial', 'active'].includes(subscription.status);
  if (!canNow) {
    return (
      <PortalPage>
        {back}
        <PageHeading title="Change plan" />
        <Notice tone="info" testId="cannot-change">
          The plan of a subscription that is {subscriptionStatus(subscription.status).text.toLowerCase()}{' '}
          cannot be changed. {subscription.status === 'cancelled' ? 'Reactivate it first.' : ''}
          {subscription.status === 'paused' ? 'Resume it first.' : ''}
        </Notice>
      </PortalPage>
    );
  }

  const choices = plans
    .filter((plan) => plan.active && plan.currencyCode === subscription.currencyCode)
    .sort((a, b) => a.price - b.price);
  const planId = text(search.plan);
  const whenRaw = text(search.when);
  const when: When | undefined =
    whenRaw === 'now' || (whenRaw === 'renewal' && canAtRenewal) ? whenRaw : undefined;
  const plan = choices.find((choice) => choice.id === planId);
  const errors: { plan?: string; when?: string } = {};
  let quote: PlanChangeQuote | undefined;
  if (text(search.step) === 'review') {
    if (!plan) errors.plan = 'Choose the plan you want.';
    if (!when) errors.when = 'Choose when the change happens.';
    if (plan && when) {
      try {
        quote = await atMachineTime(() =>
          estimateOwnPlanChange(
            database,
            customer.id,
            subscription.id,
            plan.id,
            when === 'now' ? 'immediately' : 'end_of_term',
          ),
        );
      } catch (error) {
        const problem = subscriptionProblem(error);
        if (problem.field === 'plan') errors.plan = problem.message;
        else errors.when = problem.message;
      }
    }
  }

  return (
    <PortalPage>
      {back}
      <PageHeading
        title="Change plan"
        intro={`You are on ${subscription.plan.name} (${priceText(subscription)}).`}
      />
      {plan && when && quote ? (
        <Review subscription={subscription} plan={plan} when={when} quote={quote} />
      ) : (
        <Card title="Choose your new plan">
          <form
            method="get"
            action={`/portal/subscriptions/${subscription.id}/change`}
            noValidate
            className="flex flex-col gap-6"
          >
            <input type="hidden" name="step" value="review" />
            <ChoiceGroup
              legend="Plan"
              name="plan"
              columns={2}
              selected={planId}
              error={errors.plan}
              takeFocus
              choices={choices.map((choice) => ({
                value: choice.id,
                title: choice.name,
                badge:
                  choice.id === subscription.plan.id ? (
                    <StatusBadge>Your current plan</StatusBadge>
                  ) : undefined,
                description: (
                  <>
                    <span className="block font-medium text-slate-800">{planPrice(choice)}</span>
                    {choice.description}
                  </>
                ),
              }))}
            />
            <ChoiceGroup
              legend="When should it change?"
              name="when"
              selected={when}
              error={errors.when}
              takeFocus={!errors.plan}
              choices={[
                {
                  value: 'now',
                  title: 'Now',
                  description:
                    'The new plan starts today. You pay today for the rest of this term on the new plan, less what is left of your current one.',
                },
                ...(canAtRenewal && subscription.currentTermEnd
                  ? [
                      {
                        value: 'renewal',
                        title: `At renewal, on ${formatDate(subscription.currentTermEnd)}`,
                        description:
                          'Nothing changes or is charged until then; from then you pay the new price.',
                      },
                    ]
                  : []),
              ]}
            />
            <div>
              <Button>Review change</Button>
            </div>
          </form>
        </Card>
      )}
    </PortalPage>
  );
}
