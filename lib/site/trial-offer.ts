import type { EntitlementSnapshot } from '@/lib/auth/entitlement-rules';
import type { ItemPrice } from '@/lib/chargebee/schemas';

/**
 * Free trials are for new readers: a customer who has had any subscription before (a trial, or a
 * paid one that ended) checks out at the plain price, with `subscription[trial_end]=0`. Everyone
 * else, including every signed-out visitor (checkout makes them a new customer), gets the plan's trial.
 */
export function offersTrial(entitlement: Pick<EntitlementSnapshot, 'subscriptionId'> | undefined): boolean {
  return !entitlement?.subscriptionId;
}

/** "14-day", "1-month": the plan's trial as an adjective, or null when it has none. */
export function trialLength(price: Pick<ItemPrice, 'trial_period' | 'trial_period_unit'>): string | null {
  if (!price.trial_period || !price.trial_period_unit) return null;
  return `${price.trial_period}-${price.trial_period_unit}`;
}
