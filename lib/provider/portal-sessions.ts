import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { customers, portalSessions } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { errors } from './api/errors';
import { realSeconds } from './clock';
import { safeEqual, seal, sha256, unseal } from './crypto';
import { newId, newToken } from './ids';
import {
  type LinkedCustomer,
  linked,
  linkedColumns,
  linkedCustomersToWire,
  linkedJoin,
  linkedOrder,
} from './linked-customers';
import { prepared } from './prepared';
import { compact } from './serialize';

export type PortalSessionRow = typeof portalSessions.$inferSelect;

/** Access URLs, and sessions made by the portal login, must be used within an hour (Chargebee's figure). */
export const portalSessionLifetimeSeconds = 3600;
const sealPurpose = 'portal-session-token';

function accessUrl(token: string): string {
  return `${env().appUrl}/portal/access/${token}`;
}

/** The wire form; `linked_customers` comes from the customers' state read in this request. */
function portalSessionToWire(row: PortalSessionRow, linkedRows: LinkedCustomer[]) {
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
      linked_customers: linkedCustomersToWire(row.customerId, linkedRows),
    }),
  };
}

/**
 * A session with every customer linked to it, in one statement: one row per linked customer, the
 * session's own customer first (a left join, so a session whose customer is gone still has its row).
 */
async function findSessionWithLinked(db: Database, id: string) {
  const query = prepared(db, 'portal-session-with-linked', (on, unnamed) =>
    on
      .select({ session: portalSessions, ...linkedColumns })
      .from(portalSessions)
      .leftJoin(customers, eq(customers.id, portalSessions.customerId))
      .leftJoin(linked, linkedJoin)
      .where(eq(portalSessions.id, sql.placeholder('id')))
      .orderBy(...linkedOrder)
      .prepare(unnamed),
  );
  const rows = await query.execute({ id });
  const [first] = rows;
  if (!first)
    throw errors.notFound(`portal_session_id : portal session ${id} not found`, 'portal_session_id');
  return { session: first.session, linkedRows: rows.map(({ session: _, ...rest }) => rest) };
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
  const now = realSeconds();
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
  const query = prepared(db, 'linked-customers', (on, unnamed) =>
    on
      .select(linkedColumns)
      .from(customers)
      .innerJoin(linked, linkedJoin)
      .where(and(eq(customers.id, sql.placeholder('id')), eq(customers.deleted, false)))
      .orderBy(...linkedOrder)
      .prepare(unnamed),
  );
  const linkedRows = await query.execute({ id: input.customerId });
  if (linkedRows.length === 0)
    throw errors.notFound(`customer[id] : customer ${input.customerId} not found`, 'customer[id]');
  return portalSessionToWire(await insertSession(db, { ...input, status: 'created' }), linkedRows);
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
  const { session, linkedRows } = await findSessionWithLinked(db, id);
  return portalSessionToWire(session, linkedRows);
}

/** Any state but `logged_out` moves to `logged_out`; an already logged-out session is returned unchanged. */
export async function logoutPortalSession(db: Database, id: string, clientIp?: string) {
  await requireSession(db, id);
  const now = realSeconds();
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
  const { session, linkedRows } = await findSessionWithLinked(db, id);
  if (!safeEqual(sha256(token), session.tokenHash)) {
    throw errors.paramWrongValue('token', 'is not valid for this portal session');
  }
  const now = realSeconds();
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
  if (activated) return portalSessionToWire(activated, linkedRows);
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
  const now = realSeconds();
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
  const now = realSeconds();
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
    .set({ cookieHash, updatedAt: realSeconds() })
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
