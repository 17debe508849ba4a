import type { Metadata } from 'next';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { SubscriptionCard } from '@/components/portal/subscription-card';
import { Card } from '@/components/ui/card';
import { db } from '@/lib/db/client';
import { loadCards, loadSubscriptions, payingCard } from '@/lib/portal/billing';
import { requirePortalCustomer } from '@/lib/portal/session';

export const metadata: Metadata = { title: 'Subscriptions' };

export default async function SubscriptionsPage() {
  const { customer } = await requirePortalCustomer();
  const database = await db();
  const [subscriptions, cards] = await Promise.all([
    loadSubscriptions(database, customer.id),
    loadCards(database, customer.id),
  ]);
  return (
    <PortalPage>
      <PageHeading
        title="Subscriptions"
        intro="Your plans and when they renew. Open one to change its plan, pause it or cancel it."
      />
      {subscriptions.length > 0 ? (
        <ul className="flex flex-col gap-3">
          {subscriptions.map((subscription) => (
            <li key={subscription.id}>
              <SubscriptionCard subscription={subscription} card={payingCard(subscription, cards) ?? null} />
            </li>
          ))}
        </ul>
      ) : (
        <Card>
          <p className="text-sm text-slate-600" data-testid="no-subscriptions">
            You have no subscriptions yet. When you subscribe on the website, your plan shows up here.
          </p>
        </Card>
      )}
    </PortalPage>
  );
}
