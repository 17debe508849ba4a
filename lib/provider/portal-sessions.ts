import { and, eq, exists, gt, inArray, ne, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import {
  type BillingAddress,
  customers,
  paymentSources,
  portalSessions,
  subscriptions,
} from '@/lib/db/schema';
import { env } from '@/lib/env';
import { errors } from './api/errors';
import { nowSeconds } from './clock';
import { safeEqual, seal, sha256, unseal } from './crypto';
import { newId, newToken } from './ids';
import { prepared } from './prepared';
import { compact } from './serialize';

export type PortalSessionRow = typeof portalSessions.$inferSelect;

/** Access URLs, and sessions made by the portal login, must be used within an hour (Chargebee's figure). */
export const portalSessionLifetimeSeconds = 3600;
const sealPurpose = 'portal-session-token';

/** Subscription statuses Chargebee counts as "an active subscription" for `has_active_subscription`. */
export const liveSubscriptionStatuses = ['in_trial', 'active', 'non_renewing'] as const;

function accessUrl(token: string): string {
  return `${env().appUrl}/portal/access/${token}`;
}

// The subqueries come from the query builder, not a sql`` template: drizzle leaves the columns of a
// one-table select list unqualified, and `customer_id = id` would then compare the subquery's own columns.
const subquery = new QueryBuilder({ casing: 'snake_case' });

/**
 * What `linked_customers` reports about a customer, read in the same statement as the row it belongs
 * to (one round trip instead of three: the customer, a payment source, a live subscription).
 */
const linkedColumns = {
  email: customers.email,
  billingAddress: customers.billingAddress,
  hasPaymentMethod: exists(
    subquery
      .select({ one: sql`1` })
      .from(paymentSources)
      .where(and(eq(paymentSources.customerId, customers.id), eq(paymentSources.deleted, false))),
  ).mapWith(Boolean),
  hasActiveSubscription: exists(
    subquery
      .select({ one: sql`1` })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.customerId, customers.id),
          inArray(subscriptions.status, [...liveSubscriptionStatuses]),
        ),
      ),
  ).mapWith(Boolean),
};

type LinkedCustomer = {
  email: string | null;
  billingAddress: BillingAddress | null;
  hasPaymentMethod: boolean;
  hasActiveSubscription: boolean;
};

function linkedCustomerToWire(customerId: string, linked: LinkedCustomer | null | undefined) {
  const address = linked?.billingAddress;
  return compact({
    customer_id: customerId,
    email: linked?.email,
    has_billing_address: Boolean(address?.line1 || address?.city || address?.country),
    has_payment_method: Boolean(linked?.hasPaymentMethod),
    has_active_subscription: Boolean(linked?.hasActiveSubscription),
    object: 'linked_customer',
  });
}

/** The wire form; `linked_customers` comes from the customer's state read in this request. */
function portalSessionToWire(row: PortalSessionRow, linked: LinkedCustomer | null | undefined) {
  const token = unseal(row.tokenSealed, env().authSecret, sealPurpose);
  return {
    portal_session: compact({
      id: row.id,
      token,
      access_url: accessUrl(token),
      redirect_url: row.redirectUrl,
      status: row.status,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      customer_id: row.customerId,
      login_at: row.loginAt,
      logout_at: row.logoutAt,
      login_ipaddress: row.loginIpaddress,
      logout_ipaddress: row.logoutIpaddress,
      object: 'portal_session',
      linked_customers: [linkedCustomerToWire(row.customerId, linked)],
    }),
  };
}

/** A session with its customer's linked state, in one statement. */
async function findSessionWithCustomer(db: Database, id: string) {
  const query = prepared(db, 'portal-session-with-customer', (on, unnamed) =>
    on
      .select({ session: portalSessions, ...linkedColumns })
      .from(portalSessions)
      .leftJoin(customers, eq(customers.id, portalSessions.customerId))
      .where(eq(portalSessions.id, sql.placeholder('id')))
      .prepare(unnamed),
  );
  const [found] = await query.execute({ id });
  if (!found)
    throw errors.notFound(`portal_session_id : portal session ${id} not found`, 'portal_session_id');
  const { session, ...linked } = found;
  return { session, linked };
}

async function insertSession(
  db: Database,
  input: {
    customerId: string;
    status: 'created' | 'not_yet_activated';
    redirectUrl?: string;
    forwardUrl?: string;
  },
) {
  const token = newToken();
  const now = nowSeconds();
  const query = prepared(db, 'insert-portal-session', (on, unnamed) => {
    const value = (name: string) => sql.placeholder(name);
    return on
      .insert(portalSessions)
      .values({
        id: value('id'),
        tokenHash: value('tokenHash'),
        tokenSealed: value('tokenSealed'),
        customerId: value('customerId'),
        status: value('status'),
        redirectUrl: value('redirectUrl'),
        forwardUrl: value('forwardUrl'),
        createdAt: value('createdAt'),
        expiresAt: value('expiresAt'),
        updatedAt: value('updatedAt'),
      })
      .returning()
      .prepare(unnamed);
  });
  const [row] = await query.execute({
    id: newId('portal_'),
    tokenHash: sha256(token),
    tokenSealed: seal(token, env().authSecret, sealPurpose),
    customerId: input.customerId,
    status: input.status,
    redirectUrl: input.redirectUrl ?? null,
    forwardUrl: input.forwardUrl ?? null,
    createdAt: now,
    expiresAt: now + portalSessionLifetimeSeconds,
    updatedAt: now,
  });
  return row as PortalSessionRow;
}

/** SSO: a session in `created` whose access URL logs the customer into the portal once. */
export async function createPortalSession(
  db: Database,
  input: { customerId: string; redirectUrl?: string; forwardUrl?: string },
) {
  const query = prepared(db, 'linked-customer', (on, unnamed) =>
    on
      .select(linkedColumns)
      .from(customers)
      .where(and(eq(customers.id, sql.placeholder('id')), eq(customers.deleted, false)))
      .prepare(unnamed),
  );
  const [linked] = await query.execute({ id: input.customerId });
  if (!linked) throw errors.notFound(`customer[id] : customer ${input.customerId} not found`, 'customer[id]');
  return portalSessionToWire(await insertSession(db, { ...input, status: 'created' }), linked);
}

/** Portal login for a website: a session in `not_yet_activated`, handed to the site's return URL. */
export async function createLoginSession(db: Database, customerId: string) {
  const row = await insertSession(db, { customerId, status: 'not_yet_activated' });
  return { id: row.id, token: unseal(row.tokenSealed, env().authSecret, sealPurpose) };
}

async function requireSession(db: Database, id: string): Promise<PortalSessionRow> {
  const [row] = await db.select().from(portalSessions).where(eq(portalSessions.id, id));
  if (!row) throw errors.notFound(`portal_session_id : portal session ${id} not found`, 'portal_session_id');
  return row;
}

export async function retrievePortalSession(db: Database, id: string) {
  const { session, linked } = await findSessionWithCustomer(db, id);
  return portalSessionToWire(session, linked);
}

/** Any state but `logged_out` moves to `logged_out`; an already logged-out session is returned unchanged. */
export async function logoutPortalSession(db: Database, id: string, clientIp?: string) {
  await requireSession(db, id);
  const now = nowSeconds();
  await db
    .update(portalSessions)
    .set({ status: 'logged_out', logoutAt: now, logoutIpaddress: clientIp, updatedAt: now })
    .where(and(eq(portalSessions.id, id), ne(portalSessions.status, 'logged_out')));
  return retrievePortalSession(db, id);
}

/**
 * Activates a portal-login session for the website: only with its own token, only once, only before it
 * expires. The state change is one conditional UPDATE, so of many concurrent calls exactly one wins.
 */
export async function activatePortalSession(db: Database, id: string, token: string) {
  const { session, linked } = await findSessionWithCustomer(db, id);
  if (!safeEqual(sha256(token), session.tokenHash)) {
    throw errors.paramWrongValue('token', 'is not valid for this portal session');
  }
  const now = nowSeconds();
  const [activated] = await db
    .update(portalSessions)
    .set({ status: 'activated', updatedAt: now })
    .where(
      and(
        eq(portalSessions.id, id),
        eq(portalSessions.status, 'not_yet_activated'),
        gt(portalSessions.expiresAt, now),
      ),
    )
    .returning();
  if (activated) return portalSessionToWire(activated, linked);
  const current = await requireSession(db, id);
  if (current.status === 'not_yet_activated') {
    throw errors.invalidState('The portal session has expired. Sign in through the portal again.');
  }
  throw errors.invalidState(
    `The portal session is ${current.status}; only a not_yet_activated session can be activated.`,
  );
}

/**
 * Opens an SSO access URL: `created` and unexpired → `logged_in`, once. Returns the session, or the
 * reason the URL cannot be used (with the session when it is known, for its redirect_url).
 */
export async function useAccessToken(db: Database, token: string, clientIp?: string) {
  const now = nowSeconds();
  const tokenHash = sha256(token);
  const [session] = await db
    .update(portalSessions)
    .set({ status: 'logged_in', loginAt: now, loginIpaddress: clientIp, updatedAt: now })
    .where(
      and(
        eq(portalSessions.tokenHash, tokenHash),
        eq(portalSessions.status, 'created'),
        gt(portalSessions.expiresAt, now),
      ),
    )
    .returning();
  if (session) return { ok: true as const, session };
  const [known] = await db.select().from(portalSessions).where(eq(portalSessions.tokenHash, tokenHash));
  if (!known) return { ok: false as const, reason: 'unknown' as const };
  if (known.status === 'created') return { ok: false as const, reason: 'expired' as const, session: known };
  if (known.status === 'logged_out')
    return { ok: false as const, reason: 'logged_out' as const, session: known };
  return { ok: false as const, reason: 'used' as const, session: known };
}

/** The portal's own sign-in, straight into the portal: a session already `logged_in`, with no redirect_url. */
export async function createLoggedInSession(db: Database, customerId: string, clientIp?: string) {
  const created = await insertSession(db, { customerId, status: 'created' });
  const now = nowSeconds();
  const [row] = await db
    .update(portalSessions)
    .set({ status: 'logged_in', loginAt: now, loginIpaddress: clientIp, updatedAt: now })
    .where(eq(portalSessions.id, created.id))
    .returning();
  return row as PortalSessionRow;
}

/** Ties a browser cookie (by its SHA-256) to a logged-in session; false when the session is not logged in. */
export async function attachCookieHash(db: Database, id: string, cookieHash: string): Promise<boolean> {
  const updated = await db
    .update(portalSessions)
    .set({ cookieHash, updatedAt: nowSeconds() })
    .where(and(eq(portalSessions.id, id), eq(portalSessions.status, 'logged_in')))
    .returning({ id: portalSessions.id });
  return updated.length === 1;
}

/** The logged-in session a browser cookie belongs to; none once the session is logged out. */
export async function findSessionByCookieHash(
  db: Database,
  cookieHash: string,
): Promise<PortalSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(portalSessions)
    .where(and(eq(portalSessions.cookieHash, cookieHash), eq(portalSessions.status, 'logged_in')));
  return row;
}

/** Any session by id (for the redirect_url of a session whose link can no longer be used). */
export async function findPortalSession(db: Database, id: string): Promise<PortalSessionRow | undefined> {
  const [row] = await db.select().from(portalSessions).where(eq(portalSessions.id, id));
  return row;
}
