import 'server-only';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db/client';
import { loadSubscription } from '@/lib/portal/billing';
import { requirePortalCustomer } from '@/lib/portal/session';
import { ApiError } from '@/lib/provider/api/errors';
import { idPattern } from '@/lib/provider/ids';

/** The signed-in customer's subscription named in the path; anyone else's (or none) is a 404. */
export async function loadOwnSubscription(params: Promise<{ id: string }>) {
  const { customer } = await requirePortalCustomer();
  const { id } = await params;
  if (!idPattern.test(id)) notFound();
  const database = await db();
  try {
    return { customer, database, ...(await loadSubscription(database, customer.id, id)) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
