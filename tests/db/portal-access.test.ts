import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { portalSessions } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { openAccessUrl } from '@/lib/portal/access';
import { browserSessionSeconds, findBrowserSession, startBrowserSession } from '@/lib/portal/browser-session';
import { sha256 } from '@/lib/provider/crypto';
import { createCustomer } from '@/lib/provider/customers';
import {
  createLoggedInSession,
  createPortalSession,
  findSessionByCookieHash,
  logoutPortalSession,
} from '@/lib/provider/portal-sessions';
import { backends, type TestDatabase } from '../support/databases';

describe.each(backends())('SSO access URLs and portal browser sessions on $name', (backend) => {
  let database: TestDatabase;
  let customerId: string;
  beforeAll(async () => {
    database = await backend.create();
    const { customer } = await createCustomer(database.handle.db, { email: 'sso@example.com' }, 'api');
    customerId = customer.id;
  });
  afterAll(async () => {
    await database?.drop();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function ssoSession(input: { redirectUrl?: string; forwardUrl?: string } = {}) {
    const { portal_session } = await createPortalSession(database.handle.db, { customerId, ...input });
    return portal_session;
  }

  it('logs a valid access URL in once, with time and address, and gives the browser a session', async () => {
    const { db } = database.handle;
    const session = await ssoSession({ redirectUrl: 'https://shop.example.com/account' });
    const outcome = await openAccessUrl(db, session.token, '203.0.113.9');
    if (!outcome.ok) throw new Error(`expected success, got ${outcome.reason}`);
    expect(outcome.location).toBe('/portal');
    const [row] = await db.select().from(portalSessions).where(eq(portalSessions.id, session.id));
    expect(row).toMatchObject({
      status: 'logged_in',
      loginIpaddress: '203.0.113.9',
      cookieHash: sha256(outcome.cookieToken),
    });
    expect(row?.loginAt).toEqual(expect.any(Number));
    expect((await findBrowserSession(db, outcome.cookieToken))?.customer.id).toBe(customerId);

    const again = await openAccessUrl(db, session.token);
    expect(again).toEqual({
      ok: false,
      reason: 'used',
      location: `/portal/access-ended?reason=used&session=${session.id}`,
    });
  });

  it('refuses an access URL after its hour, naming the session for its way back', async () => {
    const { db } = database.handle;
    const session = await ssoSession();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((session.expires_at as number) * 1000);
    const outcome = await openAccessUrl(db, session.token);
    expect(outcome).toEqual({
      ok: false,
      reason: 'expired',
      location: `/portal/access-ended?reason=expired&session=${session.id}`,
    });
    const [row] = await db.select().from(portalSessions).where(eq(portalSessions.id, session.id));
    expect(row?.status).toBe('created');
  });

  it('refuses the access URL of a session logged out before it was used', async () => {
    const { db } = database.handle;
    const session = await ssoSession();
    await logoutPortalSession(db, session.id);
    expect(await openAccessUrl(db, session.token)).toMatchObject({ ok: false, reason: 'logged_out' });
  });

  it.each(['', 'x', 'a/../b', '%2e%2e', 'A'.repeat(43)])('calls %j an unknown link', async (token) => {
    expect(await openAccessUrl(database.handle.db, token)).toEqual({
      ok: false,
      reason: 'unknown',
      location: '/portal/access-ended?reason=unknown',
    });
  });

  it.each([
    ['/portal/account', '/portal/account'],
    ['/portal/address/', '/portal/address'],
    ['/portal/v2/account_details', '/portal/account'],
    ['/portal/v2/login?forward=portal_edit_billing_address', '/portal/address'],
    ['/portal/v2/login?forward=portal_main', '/portal'],
    ['/portal/v2/unknown_section', '/portal'],
    ['/members/secret', '/portal'],
  ])('forwards %s on the portal to %s', async (path, expected) => {
    const session = await ssoSession({ forwardUrl: `${env().appUrl}${path}` });
    expect(await openAccessUrl(database.handle.db, session.token)).toMatchObject({
      ok: true,
      location: expected,
    });
  });

  it('ignores a forward_url on another site', async () => {
    const session = await ssoSession({ forwardUrl: 'https://evil.example.com/portal/account' });
    expect(await openAccessUrl(database.handle.db, session.token)).toMatchObject({
      ok: true,
      location: '/portal',
    });
  });

  it('ends the browser session when the portal session is logged out', async () => {
    const { db } = database.handle;
    const session = await createLoggedInSession(db, customerId, '198.51.100.7');
    expect(session).toMatchObject({ status: 'logged_in', loginIpaddress: '198.51.100.7', redirectUrl: null });
    const token = await startBrowserSession(db, session.id);
    if (!token) throw new Error('expected a browser token');
    expect((await findBrowserSession(db, token))?.session.id).toBe(session.id);
    await logoutPortalSession(db, session.id, '198.51.100.8');
    expect(await findBrowserSession(db, token)).toBeUndefined();
    expect(await findSessionByCookieHash(db, sha256(token))).toBeUndefined();
    expect(await startBrowserSession(db, session.id)).toBeUndefined();
  });

  it(`ends a browser session ${browserSessionSeconds / 3600} hours after sign-in`, async () => {
    const { db } = database.handle;
    const session = await createLoggedInSession(db, customerId);
    const token = (await startBrowserSession(db, session.id)) as string;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(((session.loginAt as number) + browserSessionSeconds - 1) * 1000);
    expect(await findBrowserSession(db, token)).toBeDefined();
    vi.setSystemTime(((session.loginAt as number) + browserSessionSeconds) * 1000);
    expect(await findBrowserSession(db, token)).toBeUndefined();
  });

  it('does not accept a made-up browser token', async () => {
    expect(await findBrowserSession(database.handle.db, 'A'.repeat(43))).toBeUndefined();
  });
});
