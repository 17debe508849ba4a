import type { Invoice, Subscription } from '@/lib/chargebee/schemas';

export const grantingStatuses = ['in_trial', 'active', 'non_renewing'] as const;

/** What the site stores about one customer's subscription (the `entitlements` row, without sync time). */
export type EntitlementSnapshot = {
  customerId: string;
  subscriptionId: string | null;
  status: string | null;
  planId: string | null;
  currentTermEnd: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  trialEnd: number | null;
  nextBillingAt: number | null;
  currencyCode: string | null;
  /** Owed on the subscription (minor units), and since when: non-zero while a payment is in dunning. */
  totalDues: number;
  dueSince: number | null;
  /**
   * When dunning retries next. Undefined when the source did not say (a subscription event without
   * its invoice): the stored value is then kept while the same subscription still owes money.
   */
  nextRetryAt?: number | null;
  /**
   * The feature ids the plan grants (its subscription entitlements). Undefined when the source did not
   * say (a webhook carries the subscription, not its entitlements): kept while the plan is the same,
   * else null (unknown), and a null record with access is looked up live before it is trusted.
   */
  features?: string[] | null;
  resourceVersion: number;
};

export type AccessDenial = 'no_subscription' | 'cancelled' | 'not_paid' | 'paused' | 'future' | 'inactive';
export type Access = { granted: true } | { granted: false; reason: AccessDenial };

export function grantsAccess(status: string | null | undefined): boolean {
  return (grantingStatuses as readonly string[]).includes(status ?? '');
}

export function accessOf(
  entitlement:
    | (Pick<EntitlementSnapshot, 'status'> & Partial<Pick<EntitlementSnapshot, 'cancelReason'>>)
    | undefined,
): Access {
  const status = entitlement?.status;
  if (grantsAccess(status)) return { granted: true };
  if (!status) return { granted: false, reason: 'no_subscription' };
  if (status === 'cancelled' && entitlement?.cancelReason === 'not_paid')
    return { granted: false, reason: 'not_paid' };
  if (status === 'cancelled' || status === 'deleted') return { granted: false, reason: 'cancelled' };
  if (status === 'paused') return { granted: false, reason: 'paused' };
  if (status === 'future') return { granted: false, reason: 'future' };
  return { granted: false, reason: 'inactive' };
}

function versionOf(subscription: Subscription): number {
  return subscription.resource_version ?? (subscription.updated_at ?? 0) * 1000;
}

/**
 * When dunning retries `invoice` next, if the invoice is this subscription's and in dunning; null when
 * it is not retried (paid, exhausted, no dunning); undefined without an invoice of this subscription.
 */
function retryOf(subscription: Subscription, invoice: Invoice | undefined): number | null | undefined {
  if (!invoice || invoice.subscription_id !== subscription.id) return undefined;
  return invoice.dunning_status === 'in_progress' ? (invoice.next_retry_at ?? null) : null;
}

/** The record of a subscription, with the invoice an event carried beside it (for the next retry). */
export function snapshotOf(subscription: Subscription, invoice?: Invoice): EntitlementSnapshot {
  const plan = subscription.subscription_items?.find((item) => item.item_type === 'plan');
  const totalDues = subscription.total_dues ?? 0;
  return {
    customerId: subscription.customer_id,
    subscriptionId: subscription.id,
    status: subscription.deleted ? 'deleted' : subscription.status,
    planId: plan?.item_price_id ?? null,
    currentTermEnd: subscription.current_term_end ?? null,
    cancelledAt: subscription.cancelled_at ?? null,
    cancelReason: subscription.cancel_reason ?? null,
    trialEnd: subscription.trial_end ?? null,
    nextBillingAt: subscription.next_billing_at ?? null,
    currencyCode: subscription.currency_code ?? null,
    totalDues,
    dueSince: totalDues > 0 ? (subscription.due_since ?? null) : null,
    nextRetryAt: totalDues > 0 ? retryOf(subscription, invoice) : null,
    resourceVersion: versionOf(subscription),
  };
}

/**
 * The next retry to store: the incoming one when its source knew it; else the stored one, while the
 * same subscription still owes money (a subscription event without its invoice changes no retry).
 */
export function nextRetryToStore(
  current: Pick<EntitlementSnapshot, 'subscriptionId' | 'nextRetryAt'> | undefined,
  incoming: EntitlementSnapshot,
): number | null {
  if (incoming.nextRetryAt !== undefined) return incoming.nextRetryAt;
  if (incoming.totalDues > 0 && current?.subscriptionId === incoming.subscriptionId) {
    return current.nextRetryAt ?? null;
  }
  return null;
}

export function noSubscription(customerId: string): EntitlementSnapshot {
  return {
    customerId,
    subscriptionId: null,
    status: null,
    planId: null,
    currentTermEnd: null,
    cancelledAt: null,
    cancelReason: null,
    trialEnd: null,
    nextBillingAt: null,
    currencyCode: null,
    totalDues: 0,
    dueSince: null,
    nextRetryAt: null,
    features: [],
    resourceVersion: 0,
  };
}

/** The features to store: the incoming ones when known, else the stored ones while the plan is unchanged. */
export function featuresToStore(
  current: Pick<EntitlementSnapshot, 'subscriptionId' | 'planId' | 'features'> | undefined,
  incoming: EntitlementSnapshot,
): string[] | null {
  if (incoming.features !== undefined) return incoming.features;
  if (current && current.subscriptionId === incoming.subscriptionId && current.planId === incoming.planId) {
    return current.features ?? null;
  }
  return null;
}

/** Whether a stored record can be trusted as it is: access without known features needs a live look. */
export function isComplete(entitlement: Pick<EntitlementSnapshot, 'status' | 'features'>): boolean {
  return !grantsAccess(entitlement.status) || Array.isArray(entitlement.features);
}

export type FeatureAccess = Access | { granted: false; reason: 'upgrade'; feature: string };

/**
 * The gate above the base tier: a live subscription whose plan grants `feature`. Without a live
 * subscription the reason is the subscription's (sign-in and /pricing as for any members page);
 * live but without the feature, the reader is offered the plan that has it.
 */
export function featureAccessOf(
  entitlement:
    | (NonNullable<Parameters<typeof accessOf>[0]> & Partial<Pick<EntitlementSnapshot, 'features'>>)
    | undefined,
  feature: string,
): FeatureAccess {
  const access = accessOf(entitlement);
  if (!access.granted) return access;
  if (entitlement?.features?.includes(feature)) return { granted: true };
  return { granted: false, reason: 'upgrade', feature };
}

/**
 * Of all a customer's subscriptions, the one that decides access: a granting one first, then the
 * newest. `dueInvoices` are the customer's unpaid invoices, for the next retry of the one chosen.
 */
export function decidingSubscription(
  customerId: string,
  subscriptions: Subscription[],
  dueInvoices: Invoice[] = [],
  features?: { subscriptionId: string; features: string[] },
): EntitlementSnapshot {
  const snapshots = subscriptions
    .filter((s) => s.customer_id === customerId)
    .map((subscription) => {
      const retries = dueInvoices
        .filter(
          (invoice) =>
            invoice.subscription_id === subscription.id && invoice.dunning_status === 'in_progress',
        )
        .map((invoice) => invoice.next_retry_at ?? Number.POSITIVE_INFINITY);
      const snapshot = snapshotOf(subscription);
      const soonest = Math.min(...retries);
      return {
        ...snapshot,
        nextRetryAt: snapshot.totalDues > 0 && Number.isFinite(soonest) ? soonest : null,
        features: features?.subscriptionId === subscription.id ? features.features : null,
      };
    });
  const rank = (snapshot: EntitlementSnapshot) => (grantsAccess(snapshot.status) ? 1 : 0);
  const [best] = snapshots.sort((a, b) => rank(b) - rank(a) || b.resourceVersion - a.resourceVersion);
  return best ?? noSubscription(customerId);
}

export type WriteDecision = 'write' | 'keep' | 'recheck';

/**
 * The next retry an event adds to a record it does not otherwise change: Chargebee sends a renewal's
 * subscription first (subscription_renewed) and the same subscription again, beside the invoice that
 * failed, in payment_failed. The second is no newer, but only it says when dunning retries. Returns the
 * retry to store, or undefined when the event has nothing to add.
 */
export function retryAddedBy(
  current: Pick<EntitlementSnapshot, 'subscriptionId' | 'resourceVersion' | 'nextRetryAt'> | undefined,
  incoming: EntitlementSnapshot,
): number | null | undefined {
  if (!current || incoming.nextRetryAt === undefined) return undefined;
  if (
    current.subscriptionId !== incoming.subscriptionId ||
    current.resourceVersion !== incoming.resourceVersion
  ) {
    return undefined;
  }
  return incoming.nextRetryAt === current.nextRetryAt ? undefined : incoming.nextRetryAt;
}

/**
 * Whether a webhook's subscription may replace the stored record. The same subscription only moves
 * forward in resource_version. Another subscription of the same customer replaces it only when newer
 * and not taking access away from a record that grants it; that case is marked for a live recheck.
 */
export function decideWebhookWrite(
  current: EntitlementSnapshot | undefined,
  incoming: EntitlementSnapshot,
): WriteDecision {
  if (!current) return 'write';
  if (incoming.resourceVersion <= current.resourceVersion) return 'keep';
  if (current.subscriptionId === incoming.subscriptionId) return 'write';
  if (grantsAccess(current.status) && !grantsAccess(incoming.status)) return 'recheck';
  return 'write';
}

/**
 * Whether a live lookup (the full list, read at `readStartedAt` ms) may replace the stored record: not
 * when the record changed after the lookup began, since a webhook then wrote something newer.
 */
export function decideLookupWrite(
  current: EntitlementSnapshot | undefined,
  incoming: EntitlementSnapshot,
  readStartedAt: number,
): WriteDecision {
  if (!current) return 'write';
  if (current.subscriptionId !== null && current.subscriptionId === incoming.subscriptionId) {
    return incoming.resourceVersion >= current.resourceVersion ? 'write' : 'keep';
  }
  return current.resourceVersion <= readStartedAt ? 'write' : 'keep';
}
