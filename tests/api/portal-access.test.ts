import { describe, expect, inject, it } from 'vitest';
import { brand } from '@/lib/brand';
import { location, portalClient, uniqueEmail } from '../mail/portal-client';
import { api, createCustomerWithEmail } from '../support/api';

const baseUrl = () => inject('baseUrl');

async function ssoSession(params: Record<string, string> = {}) {
  const email = uniqueEmail('sso');
  const customer = await api('POST', 'customers', { email, first_name: 'Sam', last_name: 'Reader' });
  const id = (customer.body.customer as { id: string }).id;
  const created = await api('POST', 'portal_sessions', {
    customer: { id },
    redirect_url: `${baseUrl()}/account`,
    ...params,
  });
  expect(created.status).toBe(200);
  const session = created.body.portal_session as { id: string; token: string; access_url: string };
  return { ...session, email, path: new URL(session.access_url).pathname };
}

describe('SSO access URLs', () => {
  it('logs in once, sets the portal cookie, and lands on a clean portal URL without leaking the token', async () => {
    const session = await ssoSession();
    const client = portalClient(baseUrl());
    const response = await client.get(session.path);
    expect(response.status).toBe(303);
    expect(location(response)).toBe('/portal');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(client.cookie).toBeDefined();
    expect(await (await client.get('/portal')).text()).toContain(session.email);

    const retrieved = await api('GET', `portal_sessions/${session.id}`);
    expect(retrieved.body.portal_session).toMatchObject({
      status: 'logged_in',
      login_ipaddress: client.address,
    });
    expect((retrieved.body.portal_session as { login_at: number }).login_at).toEqual(expect.any(Number));

    const reused = await portalClient(baseUrl()).get(session.path);
    expect(location(reused)).toBe(`/portal/access-ended?reason=used&session=${session.id}`);
    expect(reused.headers.getSetCookie()).toEqual([]);
  });

  it('does not spend the link on a HEAD request from a link checker', async () => {
    const session = await ssoSession();
    const head = await fetch(new URL(session.path, baseUrl()), { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(200);
    expect(location(await portalClient(baseUrl()).get(session.path))).toBe('/portal');
  });

  it('explains a used link and offers the way back to redirect_url', async () => {
    const session = await ssoSession();
    const client = portalClient(baseUrl());
    await client.get(session.path);
    const reused = await portalClient(baseUrl()).get(session.path);
    const page = await (await client.get(location(reused))).text();
    expect(page).toContain('This link has already been used');
    expect(page).toContain(`href="${baseUrl()}/account"`);
  });

  it('refuses a link whose session the site logged out, and an unknown link', async () => {
    const session = await ssoSession();
    expect((await api('POST', `portal_sessions/${session.id}/logout`)).status).toBe(200);
    const client = portalClient(baseUrl());
    expect(location(await client.get(session.path))).toBe(
      `/portal/access-ended?reason=logged_out&session=${session.id}`,
    );
    const unknown = await client.get(`/portal/access/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(303);
    expect(location(unknown)).toBe('/portal/access-ended?reason=unknown');
    expect(client.cookie).toBeUndefined();
    const page = await (await client.get(location(unknown))).text();
    expect(page).toContain('isn&#x27;t valid');
    expect(page).toContain('href="/portal/login"');
  });

  it('opens the page a Chargebee section id in forward_url names', async () => {
    const session = await ssoSession({ forward_url: `${baseUrl()}/portal/v2/login?forward=account_details` });
    expect(location(await portalClient(baseUrl()).get(session.path))).toBe('/portal/account');
  });

  it('ignores a forward_url that leaves the portal', async () => {
    const session = await ssoSession({ forward_url: 'https://evil.example.com/portal/account' });
    expect(location(await portalClient(baseUrl()).get(session.path))).toBe('/portal');
  });
});

describe('portal logout', () => {
  it('logs the session out with time and address, clears the cookie, and goes to redirect_url', async () => {
    const session = await ssoSession();
    const client = portalClient(baseUrl());
    await client.get(session.path);
    const response = await client.post('/portal/logout', {});
    expect(response.status).toBe(303);
    expect(location(response)).toBe(`${baseUrl()}/account`);
    expect(response.headers.getSetCookie().join()).toMatch(/gatehouse_portal=;.*Max-Age=0/);
    expect(client.cookie).toBeUndefined();

    const retrieved = await api('GET', `portal_sessions/${session.id}`);
    expect(retrieved.body.portal_session).toMatchObject({
      status: 'logged_out',
      logout_ipaddress: client.address,
    });
    expect((retrieved.body.portal_session as { logout_at: number }).logout_at).toEqual(expect.any(Number));
  });

  it('never follows or links a redirect_url off the allow-list (PORTAL_ALLOWED_ORIGINS)', async () => {
    const session = await ssoSession({ redirect_url: 'https://evil.example.com/account' });
    const client = portalClient(baseUrl());
    await client.get(session.path);
    const response = await client.post('/portal/logout', {});
    expect(location(response)).toBe('/portal/login');
    const reused = await portalClient(baseUrl()).get(session.path);
    const page = await (await client.get(location(reused))).text();
    expect(page).toContain('data-testid="access-ended"');
    expect(page).not.toContain('evil.example.com');
  });

  it('sends a browser without a session to the portal login', async () => {
    const response = await portalClient(baseUrl()).post('/portal/logout', {});
    expect(location(response)).toBe('/portal/login');
  });

  it('is refused when posted from another site, and the session stays logged in', async () => {
    const session = await ssoSession();
    const client = portalClient(baseUrl());
    await client.get(session.path);
    const response = await client.post('/portal/logout', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(response.status).toBe(403);
    const retrieved = await api('GET', `portal_sessions/${session.id}`);
    expect(retrieved.body.portal_session).toMatchObject({ status: 'logged_in' });
  });

  it('ends the browser session when the site logs the portal session out over the API', async () => {
    const session = await ssoSession();
    const client = portalClient(baseUrl());
    await client.get(session.path);
    expect((await client.get('/portal')).status).toBe(200);
    await api('POST', `portal_sessions/${session.id}/logout`);
    const after = await client.get('/portal');
    expect(location(after)).toBe('/portal/login');
  });
});

describe('portal headers', () => {
  it.each(['/portal/login', '/portal/login/code?email=a%40example.com', '/portal/access-ended?reason=used'])(
    '%s cannot be framed by another site',
    async (path) => {
      const response = await portalClient(baseUrl()).get(path);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('keeps the frame protection on redirects out of the portal', async () => {
    const response = await portalClient(baseUrl()).get(`/portal/access/${'y'.repeat(43)}`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('the development mailbox', () => {
  it('lists mail to one address as JSON, newest first', async () => {
    const email = uniqueEmail('mailbox');
    await createCustomerWithEmail(email);
    const client = portalClient(baseUrl());
    await client.post('/portal/login/send-code', { email });
    await client.post('/portal/login/send-code', { email, resend: '1' });
    let messages: { to: string; subject: string; text: string; sent_at: number }[] = [];
    for (let i = 0; i < 50 && messages.length < 2; i++) {
      const response = await fetch(
        `${baseUrl()}/api/dev/mailbox?to=${encodeURIComponent(email.toUpperCase())}`,
      );
      expect(response.status).toBe(200);
      messages = ((await response.json()) as { messages: typeof messages }).messages;
      if (messages.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(Object.keys(message).sort()).toEqual(['sent_at', 'subject', 'text', 'to']);
      expect(message.to).toBe(email);
      expect(message.subject).toMatch(new RegExp(`^Your ${brand.name} sign-in code: \\d{6}$`));
    }
    const [newest, older] = messages as [(typeof messages)[0], (typeof messages)[0]];
    expect(newest.sent_at).toBeGreaterThanOrEqual(older.sent_at);
    const code = newest.subject.slice(-6);
    expect(location(await client.post('/portal/login/verify-code', { email, code }))).toBe('/portal');
    const page = await (await fetch(`${baseUrl()}/dev/mailbox?to=${encodeURIComponent(email)}`)).text();
    expect(page).toContain(older.subject);
    expect(page.indexOf(newest.subject)).toBeLessThanOrEqual(page.indexOf(older.subject));
  });
});
