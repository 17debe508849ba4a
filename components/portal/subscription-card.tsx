import Link from 'next/link';
import type { CardView, SubscriptionView } from '@/lib/portal/billing';
import { formatMoney, subscriptionStatus } from '@/lib/portal/billing-format';
import { billingSummary, priceText } from '@/lib/portal/subscription-text';
import { ChevronRightIcon } from './icons';
import { StatusBadge } from './status-badge';

/** A subscription in a list: plan, status, price and where billing stands, linking to its page. */
export function SubscriptionCard({
  subscription,
  card,
  plain = false,
}: {
  subscription: SubscriptionView;
  /** The card its next charge goes to (null: none usable), for the trial's wording. */
  card?: CardView | null;
  /** Inside another panel: no box of its own. */
  plain?: boolean;
}) {
  const status = subscriptionStatus(subscription.status);
  return (
    <Link
      href={`/portal/subscriptions/${encodeURIComponent(subscription.id)}`}
      className={`group flex items-center justify-between gap-4 ${
        plain
          ? '-mx-2 rounded-lg px-2 py-1.5 hover:bg-slate-50'
          : 'rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs hover:border-teal-600'
      }`}
      data-testid="subscription-card"
    >
      <span className="min-w-0">
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-900">{subscription.plan.name}</span>
          <StatusBadge tone={status.tone} testId="subscription-status">
            {status.text}
          </StatusBadge>
        </span>
        <span className="mt-1 block text-sm text-slate-600">{priceText(subscription)}</span>
        <span className="mt-1 block text-sm text-slate-900" data-testid="subscription-summary">
          {billingSummary(subscription, card)}
        </span>
        {subscription.totalDues > 0 ? (
          <span className="mt-1 block text-sm font-medium text-amber-900" data-testid="subscription-dues">
            A payment failed: {formatMoney(subscription.totalDues, subscription.currencyCode)} is due.
          </span>
        ) : null}
        {subscription.scheduledChange ? (
          <span className="mt-1 block text-sm text-slate-600">
            Changes to {subscription.scheduledChange.plan.name} at renewal.
          </span>
        ) : null}
      </span>
      <span className="flex shrink-0 items-center gap-1 text-sm font-medium text-teal-800">
        <span className="hidden sm:inline">Manage</span>
        <ChevronRightIcon className="size-4" />
      </span>
    </Link>
  );
}
