import 'server-only';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db/client';
import { loadSubscription } from '@/lib/portal/billing';
import { allowedMerchantUrl } from '@/lib/portal/checkout';
import { findPortalCustomer, requirePortalCustomer } from '@/lib/portal/session';
import { ApiError } from '@/lib/provider/api/errors';
import { idPattern } from '@/lib/provider/ids';
import { currentSeconds } from '@/lib/provider/machine-clock';

/**
 * The signed-in customer's subscription named in the path; anyone else's (or none) is a 404. With it
 * the provider's `now` (the time machine's once started), for wording about what is still ahead, and
 * the way back to the website that opened this portal session (its `redirect_url`, when allowed).
 */
export async function loadOwnSubscription(params: Promise<{ id: string }>) {
  const { customer, session } = await requirePortalCustomer();
  const { id } = await params;
  if (!idPattern.test(id)) notFound();
  const database = await db();
  try {
    const now = await currentSeconds(database);
    const subscription = await loadSubscription(database, customer.id, id);
    return {
      customer,
      database,
      now,
      backToSite: allowedMerchantUrl(session.redirectUrl ?? undefined),
      ...subscription,
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

/**
 * The title of a page about one subscription: `title`, or "Subscription not found" where the page
 * answers 404, so a missing subscription's page is not named after the page it failed to be.
 */
export async function subscriptionPageTitle(params: Promise<{ id: string }>, title: string) {
  const signedIn = await findPortalCustomer();
  const { id } = await params;
  if (!signedIn) return title;
  if (!idPattern.test(id)) return 'Subscription not found';
  try {
    await loadSubscription(await db(), signedIn.customer.id, id);
    return title;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'Subscription not found';
    throw error;
  }
}
