import { retrieveCustomer } from '@/lib/chargebee/customers';
import { isPathId } from '@/lib/chargebee/ids';
import type { PortalSession } from '@/lib/chargebee/schemas';

/** More accounts than this under one email are not offered; the choice still considers the first ones. */
export const maxLinkedCustomers = 10;

export type LinkedChoice = {
  /** The customer the reader is signed in as. */
  customerId: string;
  /** Every customer sharing the verified email, the chosen one included, for /account to offer. */
  linkedCustomerIds: string[];
};

/** The customers an activated portal session vouches for: its own first, then its linked ones. */
export function linkedCustomerIdsOf(session: PortalSession): string[] {
  const ids = [session.customer_id, ...(session.linked_customers ?? []).map((linked) => linked.customer_id)];
  return [...new Set(ids.filter(isPathId))].slice(0, maxLinkedCustomers);
}

/**
 * Which of the customers behind one verified email a reader signs in as, from the activated session
 * alone (nothing from the browser): the one with a live subscription; the most recently created when
 * several have one; the session's own customer when none has. `created` looks up a customer's
 * creation time, and is only called when several are live.
 */
export async function chooseLinkedCustomer(
  session: PortalSession,
  created: (customerId: string) => Promise<number> = async (id) =>
    (await retrieveCustomer(id)).created_at ?? 0,
): Promise<LinkedChoice> {
  const linkedCustomerIds = linkedCustomerIdsOf(session);
  const listed = new Set(linkedCustomerIds);
  const live = (session.linked_customers ?? [])
    .filter((linked) => linked.has_active_subscription && listed.has(linked.customer_id))
    .map((linked) => linked.customer_id);
  const candidates = [...new Set(live)];
  if (candidates.length <= 1) {
    return { customerId: candidates[0] ?? session.customer_id, linkedCustomerIds };
  }
  const times = await Promise.all(candidates.map(async (id) => ({ id, at: await created(id) })));
  const newest = times.reduce((best, next) => (next.at > best.at ? next : best));
  return { customerId: newest.id, linkedCustomerIds };
}
