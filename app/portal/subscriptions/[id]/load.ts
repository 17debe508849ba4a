import 'server-only';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db/client';
import { loadSubscription } from '@/lib/portal/billing';
import { requirePortalCustomer } from '@/lib/portal/session';
import { ApiError } from '@/lib/provider/api/errors';
import { idPattern } from '@/lib/provider/ids';
import { currentSeconds } from '@/lib/provider/machine-clock';

/**
 * The signed-in customer's subscription named in the path; anyone else's (or none) is a 404. With it
 * the provider's `now` (the time machine's once started), for wording about what is still ahead.
 */
export async function loadOwnSubscription(params: Promise<{ id: string }>) {
  const { customer } = await requirePortalCustomer();
  const { id } = await params;
  if (!idPattern.test(id)) notFound();
  const database = await db();
  try {
    const now = await currentSeconds(database);
    return { customer, database, now, ...(await loadSubscription(database, customer.id, id)) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
