import type { Subscription } from '@/lib/chargebee/schemas';

export const grantingStatuses = ['in_trial', 'active', 'non_renewing'] as const;

/** What the site stores about one customer's subscription (the `entitlements` row, without sync time). */
export type EntitlementSnapshot = {
  customerId: string;
  subscriptionId: string | null;
  status: string | null;
  planId: string | null;
  currentTermEnd: number | null;
  cancelledAt: number | null;
  resourceVersion: number;
};

export type AccessDenial = 'no_subscription' | 'cancelled' | 'paused' | 'future' | 'inactive';
export type Access = { granted: true } | { granted: false; reason: AccessDenial };

export function grantsAccess(status: string | null | undefined): boolean {
  return (grantingStatuses as readonly string[]).includes(status ?? '');
}

export function accessOf(entitlement: Pick<EntitlementSnapshot, 'status'> | undefined): Access {
  const status = entitlement?.status;
  if (grantsAccess(status)) return { granted: true };
  if (!status) return { granted: false, reason: 'no_subscription' };
  if (status === 'cancelled' || status === 'deleted') return { granted: false, reason: 'cancelled' };
  if (status === 'paused') return { granted: false, reason: 'paused' };
  if (status === 'future') return { granted: false, reason: 'future' };
  return { granted: false, reason: 'inactive' };
}

function versionOf(subscription: Subscription): number {
  return subscription.resource_version ?? (subscription.updated_at ?? 0) * 1000;
}

export function snapshotOf(subscription: Subscription): EntitlementSnapshot {
  const plan = subscription.subscription_items?.find((item) => item.item_type === 'plan');
  return {
    customerId: subscription.customer_id,
    subscriptionId: subscription.id,
    status: subscription.deleted ? 'deleted' : subscription.status,
    planId: plan?.item_price_id ?? null,
    currentTermEnd: subscription.current_term_end ?? null,
    cancelledAt: subscription.cancelled_at ?? null,
    resourceVersion: versionOf(subscription),
  };
}

export function noSubscription(customerId: string): EntitlementSnapshot {
  return {
    customerId,
    subscriptionId: null,
    status: null,
    planId: null,
    currentTermEnd: null,
    cancelledAt: null,
    resourceVersion: 0,
  };
}

/** Of all a customer's subscriptions, the one that decides access: a granting one first, then the newest. */
export function decidingSubscription(customerId: string, subscriptions: Subscription[]): EntitlementSnapshot {
  const snapshots = subscriptions.filter((s) => s.customer_id === customerId).map(snapshotOf);
  const rank = (snapshot: EntitlementSnapshot) => (grantsAccess(snapshot.status) ? 1 : 0);
  const [best] = snapshots.sort((a, b) => rank(b) - rank(a) || b.resourceVersion - a.resourceVersion);
  return best ?? noSubscription(customerId);
}

export type WriteDecision = 'write' | 'keep' | 'recheck';

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
