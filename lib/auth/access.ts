import 'server-only';
import { redirect } from 'next/navigation';
import { accessOf, featureAccessOf } from '@/lib/auth/entitlement-rules';
import { getEntitlement, type StoredEntitlement } from '@/lib/auth/entitlements';
import { safeNext } from '@/lib/auth/safe-next';
import type { SignedInCustomer } from './next-auth';
import { currentCustomer } from './session';

export type Subscriber = SignedInCustomer & { entitlement: StoredEntitlement };

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(safeNext(next, '/members'))}`;
}

/** The signed-in customer, or a redirect to sign in and come back to `next`. */
export async function requireCustomer(next: string): Promise<SignedInCustomer> {
  const customer = await currentCustomer();
  if (!customer) redirect(loginPath(next));
  return customer;
}

/**
 * The one gate of every members page, route handler and server action: a session, then an
 * entitlement read from the site's own record (fresh from webhooks, or looked up live when stale).
 * Not signed in → sign in; signed in without a granting subscription → pricing, saying why.
 */
export async function requireSubscriber(next: string): Promise<Subscriber> {
  const customer = await requireCustomer(next);
  const entitlement = await getEntitlement(customer.customerId);
  const access = accessOf(entitlement);
  if (!access.granted) redirect(`/pricing?reason=${access.reason}`);
  return { ...customer, entitlement };
}

/** Where a reader whose plan lacks `feature` is sent: the upgrade page, which offers a plan that has it. */
export function upgradePath(feature: string, next: string): string {
  return `/upgrade?feature=${encodeURIComponent(feature)}&next=${encodeURIComponent(safeNext(next, '/members'))}`;
}

/**
 * The one gate for anything above the base tier (pages, route handlers, server actions): the members
 * gate, then the feature among those the reader's plan grants (its Chargebee entitlements, stored with
 * the entitlement record). Live but without the feature → the upgrade page.
 */
export async function requireFeature(feature: string, next: string): Promise<Subscriber> {
  const subscriber = await requireSubscriber(next);
  const access = featureAccessOf(subscriber.entitlement, feature);
  if (!access.granted) redirect(upgradePath(feature, next));
  return subscriber;
}
