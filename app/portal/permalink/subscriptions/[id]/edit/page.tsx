import { notFound, redirect } from 'next/navigation';
import { permalinkSubscription } from '@/lib/portal/sections';

/**
 * Chargebee's edit-subscription permalink, opened directly: on to the subscription's change-plan page,
 * which sends a visitor who is not signed in to the login page and answers 404 for a subscription that is not theirs.
 */
export default async function SubscriptionEditPermalink({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const subscription = permalinkSubscription(`/portal/permalink/subscriptions/${id}/edit`);
  if (!subscription) notFound();
  redirect(`/portal/subscriptions/${subscription}/change`);
}
