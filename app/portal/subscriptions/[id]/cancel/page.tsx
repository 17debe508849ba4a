import type { Metadata } from 'next';
import { ActionForm } from '@/components/portal/action-form';
import { BackLink } from '@/components/portal/back-link';
import { ChoiceGroup } from '@/components/portal/choice-group';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import type { SubscriptionView } from '@/lib/portal/billing';
import { formatDate } from '@/lib/portal/billing-format';
import { cancel } from '../../actions';
import { loadOwnSubscription, subscriptionPageTitle } from '../load';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: await subscriptionPageTitle(params, 'Cancel subscription') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;
type When = 'end_of_term' | 'now';

/** What happens, in plain words, for the step where the customer confirms. */
function consequences(subscription: SubscriptionView, when: When): string[] {
  const termEnd = subscription.currentTermEnd ? formatDate(subscription.currentTermEnd) : undefined;
  if (when === 'end_of_term')
    return [
      `Your subscription stays as it is until ${termEnd ?? 'the end of this term'}; then it ends.`,
      'You will not be charged again.',
      `You can change your mind and keep it any time before ${termEnd ?? 'then'}.`,
    ];
  const lines = ['Your subscription ends right away, and with it your access.'];
  if (subscription.status === 'in_trial') lines.push('Your free trial ends today.');
  else if (termEnd && ['active', 'non_renewing'].includes(subscription.status))
    lines.push(`The rest of the term you paid for (until ${termEnd}) is not refunded.`);
  lines.push('You will not be charged again. You can reactivate it later with a new term.');
  return lines;
}

export default async function CancelPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const { subscription, now } = await loadOwnSubscription(params);
  const search = await searchParams;
  const detailsHref = `/portal/subscriptions/${subscription.id}`;
  const back = <BackLink href={detailsHref}>Back to your subscription</BackLink>;
  if (subscription.status === 'cancelled' || subscription.status === 'transferred') {
    return (
      <PortalPage>
        {back}
        <PageHeading title="Cancel subscription" />
        <Notice tone="info" testId="already-cancelled">
          This subscription has already ended.
        </Notice>
      </PortalPage>
    );
  }

  const scheduled = subscription.status === 'non_renewing' || (subscription.cancelledAt ?? 0) > now;
  const atTermEnd = ['in_trial', 'active'].includes(subscription.status) && !scheduled;
  const options: When[] = atTermEnd ? ['end_of_term', 'now'] : ['now'];
  const raw = typeof search.when === 'string' ? search.when : undefined;
  const when = options.find((option) => option === raw);
  const reviewing = search.step === 'review';
  const termEnd = subscription.currentTermEnd
    ? formatDate(subscription.currentTermEnd)
    : 'the end of this term';

  return (
    <PortalPage>
      {back}
      <PageHeading
        title="Cancel subscription"
        intro={`${subscription.plan.name}, subscription ${subscription.id}`}
      />
      {reviewing && when ? (
        <Card title={when === 'now' ? 'Cancel now?' : `Cancel on ${termEnd}?`}>
          <ul
            className="flex list-disc flex-col gap-1.5 pl-5 text-sm leading-6 text-slate-700"
            data-testid="cancel-consequences"
          >
            {consequences(subscription, when).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-start">
            <ActionForm
              action={cancel}
              fields={{ subscription_id: subscription.id, when }}
              label={when === 'now' ? 'Yes, cancel now' : 'Yes, cancel at the end of the term'}
              pendingText="Cancelling…"
              destructive
              testId="confirm-cancel"
            />
            <ButtonLink href={detailsHref} variant="secondary" className="w-full sm:w-auto">
              Keep my subscription
            </ButtonLink>
          </div>
        </Card>
      ) : (
        <Card title="When should it end?">
          <form method="get" action={`${detailsHref}/cancel`} noValidate className="flex flex-col gap-6">
            <input type="hidden" name="step" value="review" />
            {scheduled ? (
              <p className="text-sm text-slate-600">
                It is already set to end on {termEnd}. You can still end it right away.
              </p>
            ) : null}
            <ChoiceGroup
              legend="End my subscription"
              name="when"
              selected={when ?? (options.length === 1 ? options[0] : undefined)}
              error={reviewing && !when ? 'Choose when your subscription should end.' : undefined}
              takeFocus
              choices={[
                ...(atTermEnd
                  ? [
                      {
                        value: 'end_of_term',
                        title: `At the end of the current term, on ${termEnd}`,
                        description: 'Keep using it until then. No further payments.',
                      },
                    ]
                  : []),
                {
                  value: 'now',
                  title: 'Now',
                  description: 'It ends today. The rest of the current term is not refunded.',
                },
              ]}
            />
            <div>
              <Button>Continue</Button>
            </div>
          </form>
        </Card>
      )}
    </PortalPage>
  );
}
