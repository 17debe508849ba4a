import 'server-only';
import { type EntitlementOptions, getEntitlement, type StoredEntitlement } from '@/lib/auth/entitlements';
import { db } from '@/lib/db/client';
import { hitRateLimit, type RateLimitRule } from '@/lib/db/rate-limit';

/** Forced lookups from the upgrade page, per customer: a reader back from the portal needs one or two. */
export const upgradeRecheckLimit: RateLimitRule = {
  name: 'site:upgrade-recheck:customer',
  limit: 10,
  windowSeconds: 60,
};

/**
 * The entitlement as the upgrade page needs it: read afresh from the billing API, since a reader back
 * from the portal may have changed plan a moment ago and no webhook has said so yet. At most
 * `upgradeRecheckLimit` times a minute per customer, so reloading the page cannot spend the site's
 * Chargebee API quota; past that, the stored record as every other page reads it.
 */
export async function entitlementForUpgrade(
  customerId: string,
  options: EntitlementOptions = {},
): Promise<StoredEntitlement> {
  const database = options.database ?? (await db());
  const { allowed } = await hitRateLimit(database, upgradeRecheckLimit, customerId, options.now);
  return getEntitlement(customerId, { ...options, database, ...(allowed ? { maxAgeMs: 0 } : {}) });
}
