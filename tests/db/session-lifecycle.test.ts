import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalSessions } from '@/lib/db/schema';
import { ApiError } from '@/lib/provider/api/errors';
import { createCustomer } from '@/lib/provider/customers';
import {
  activatePortalSession,
  createLoginSession,
  createPortalSession,
  logoutPortalSession,
  retrievePortalSession,
  useAccessToken,
} from '@/lib/provider/portal-sessions';
import { backends, type TestDatabase } from '../support/databases';

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

let customerCounter = 0;
describe.each(backends())('portal session lifecycle on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function newCustomer() {
    customerCounter += 1;
    const id = `lifecycle_${customerCounter}`;
    await createCustomer(database.handle.db, { id, email: `${id}@example.com` }, 'api');
    return id;
  }

  it('SSO: created → logged_in once through the access URL → logged_out, and logout is idempotent', async () => {
    const { db } = database.handle;
    const customerId = await newCustomer();
    const { portal_session: created } = await createPortalSession(db, {
      customerId,
      redirectUrl: 'https://example.com/account',
    });
    expect(created.status).toBe('created');
    expect(created.expires_at - created.created_at).toBe(3600);
    expect(created.access_url).toMatch(new RegExp(`/portal/access/${created.token}$`));
    expect(created).not.toHaveProperty('login_at');

    const first = await useAccessToken(db, created.token, '203.0.113.9');
    expect(first.ok).toBe(true);
    const second = await useAccessToken(db, created.token, '203.0.113.9');
    expect(second).toMatchObject({ ok: false, reason: 'used' });

    const { portal_session: loggedIn } = await retrievePortalSession(db, created.id);
    expect(loggedIn).toMatchObject({ status: 'logged_in', login_ipaddress: '203.0.113.9' });
    expect(loggedIn.login_at).toEqual(expect.any(Number));

    const { portal_session: out } = await logoutPortalSession(db, created.id, '198.51.100.7');
    expect(out).toMatchObject({ status: 'logged_out', logout_ipaddress: '198.51.100.7' });
    const { portal_session: again } = await logoutPortalSession(db, created.id, '192.0.2.1');
    expect(again).toEqual(out);
    expect(await useAccessToken(db, created.token)).toMatchObject({ ok: false, reason: 'logged_out' });
  });

  it('an access URL expires an hour after creation', async () => {
    const { db } = database.handle;
    const { portal_session: session } = await createPortalSession(db, { customerId: await newCustomer() });
    await db
      .update(portalSessions)
      .set({ createdAt: session.created_at - 3601, expiresAt: session.expires_at - 3601 })
      .where(eq(portalSessions.id, session.id));
    expect(await useAccessToken(db, session.token)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await useAccessToken(db, 'not-a-real-token')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('portal login: not_yet_activated → activated only with the right token, only once', async () => {
    const { db } = database.handle;
    const login = await createLoginSession(db, await newCustomer());
    const wrong = await apiErrorOf(activatePortalSession(db, login.id, `${login.token}x`));
    expect(wrong).toMatchObject({ status: 400, apiErrorCode: 'param_wrong_value' });
    expect(wrong.options.param).toBe('token');

    const { portal_session: activated } = await activatePortalSession(db, login.id, login.token);
    expect(activated.status).toBe('activated');
    const twice = await apiErrorOf(activatePortalSession(db, login.id, login.token));
    expect(twice).toMatchObject({ status: 409, apiErrorCode: 'invalid_state_for_request' });

    const { portal_session: out } = await logoutPortalSession(db, login.id);
    expect(out.status).toBe('logged_out');
    const afterLogout = await apiErrorOf(activatePortalSession(db, login.id, login.token));
    expect(afterLogout.status).toBe(409);
  });

  it('an expired login session cannot be activated', async () => {
    const { db } = database.handle;
    const login = await createLoginSession(db, await newCustomer());
    await db.update(portalSessions).set({ expiresAt: 1 }).where(eq(portalSessions.id, login.id));
    const expired = await apiErrorOf(activatePortalSession(db, login.id, login.token));
    expect(expired).toMatchObject({ status: 409, apiErrorCode: 'invalid_state_for_request' });
    expect(expired.message).toMatch(/expired/);
  });

  it('an SSO session cannot be activated, and unknown ids are 404', async () => {
    const { db } = database.handle;
    const { portal_session: sso } = await createPortalSession(db, { customerId: await newCustomer() });
    expect((await apiErrorOf(activatePortalSession(db, sso.id, sso.token))).status).toBe(409);
    expect((await apiErrorOf(retrievePortalSession(db, 'portal_missing'))).status).toBe(404);
    expect((await apiErrorOf(logoutPortalSession(db, 'portal_missing'))).status).toBe(404);
  });

  it('100 concurrent activations of one session: exactly one succeeds', async () => {
    const { db } = database.handle;
    const login = await createLoginSession(db, await newCustomer());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        db.transaction((tx) => activatePortalSession(tx, login.id, login.token)),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failures.every((f) => f.reason instanceof ApiError && f.reason.status === 409)).toBe(true);
  });

  it('100 concurrent uses of one access URL: exactly one logs in', async () => {
    const { db } = database.handle;
    const { portal_session: session } = await createPortalSession(db, { customerId: await newCustomer() });
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => useAccessToken(db, session.token)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  });

  it('stores tokens only as a hash and a sealed copy', async () => {
    const { db } = database.handle;
    const { portal_session: session } = await createPortalSession(db, { customerId: await newCustomer() });
    const [row] = await db.select().from(portalSessions).where(eq(portalSessions.id, session.id));
    expect(JSON.stringify(row)).not.toContain(session.token);
    expect(session.token.length).toBeGreaterThanOrEqual(43);
  });
});
