import { and, asc, desc, eq, exists, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/pg-core';
import { type BillingAddress, customers, paymentSources, subscriptions } from '@/lib/db/schema';
import { compact } from './serialize';

/** Subscription statuses Chargebee counts as "an active subscription" for `has_active_subscription`. */
export const liveSubscriptionStatuses = ['in_trial', 'active', 'non_renewing'] as const;

/** The customers listed in `linked_customers`; `customers` itself stands for the session's own customer. */
export const linked = alias(customers, 'linked');

// The subqueries come from the query builder, not a sql`` template: drizzle leaves the columns of a
// one-table select list unqualified, and `customer_id = id` would then compare the subquery's own columns.
const subquery = new QueryBuilder({ casing: 'snake_case' });

/**
 * What `linked_customers` reports about each linked customer, read in the same statement as the
 * session (one round trip instead of one per customer and flag).
 */
export const linkedColumns = {
  linkedId: linked.id,
  email: linked.email,
  billingAddress: linked.billingAddress,
  hasPaymentMethod: exists(
    subquery
      .select({ one: sql`1` })
      .from(paymentSources)
      .where(and(eq(paymentSources.customerId, linked.id), eq(paymentSources.deleted, false))),
  ).mapWith(Boolean),
  hasActiveSubscription: exists(
    subquery
      .select({ one: sql`1` })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.customerId, linked.id),
          inArray(subscriptions.status, [...liveSubscriptionStatuses]),
        ),
      ),
  ).mapWith(Boolean),
};

/**
 * Joins `linked` to the session's own customer: the customer itself, and every other customer not
 * deleted whose email is the same ignoring case (Chargebee lists "the customers sharing the session's
 * email"; case-insensitive is our reading, served by the index on lower(email)). A customer without an
 * email links only itself, since NULL equals nothing.
 */
export const linkedJoin: SQL | undefined = or(
  eq(linked.id, customers.id),
  and(sql`lower(${linked.email}) = lower(${customers.email})`, eq(linked.deleted, false)),
);

/** The session's own customer first, then the others oldest first (ties by id, so the order is stable). */
export const linkedOrder = [
  desc(sql`(${linked.id} = ${customers.id})`),
  asc(linked.createdAt),
  asc(linked.id),
];

/** One joined row as read: `linkedId` is null only when the session's customer row is gone. */
export type LinkedCustomer = {
  linkedId: string | null;
  email: string | null;
  billingAddress: BillingAddress | null;
  hasPaymentMethod: boolean;
  hasActiveSubscription: boolean;
};

function linkedCustomerToWire(customerId: string, linkedRow: LinkedCustomer | undefined) {
  const address = linkedRow?.billingAddress;
  return compact({
    customer_id: customerId,
    email: linkedRow?.email,
    has_billing_address: Boolean(address?.line1 || address?.city || address?.country),
    has_payment_method: Boolean(linkedRow?.hasPaymentMethod),
    has_active_subscription: Boolean(linkedRow?.hasActiveSubscription),
    object: 'linked_customer',
  });
}

/**
 * The wire list from the joined rows. When the session's customer row is gone altogether the list
 * still names it (as before), so `linked_customers` is never empty.
 */
export function linkedCustomersToWire(ownCustomerId: string, rows: LinkedCustomer[]) {
  const found = rows.filter((row) => row.linkedId !== null);
  if (found.length === 0) return [linkedCustomerToWire(ownCustomerId, undefined)];
  return found.map((row) => linkedCustomerToWire(row.linkedId as string, row));
}
