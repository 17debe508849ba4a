import { describe, expect, inject, it } from 'vitest';
import { location, mailedCode, portalClient, uniqueEmail } from '../mail/portal-client';
import { api, createCustomerWithEmail } from '../support/api';

const baseUrl = () => inject('baseUrl');
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Asks for a code as a new reader who is already a customer (the portal admits no one else). */
async function sendCode(extra = {}) {
  const client = portalClient(baseUrl());
  const email = uniqueEmail('reader');
  await createCustomerWithEmail(email);
  const response = await client.post('/portal/login/send-code', { email, ...extra });
  return { client, email, response };
}

describe('portal sign-in over HTTP', () => {
  it('mails a code and, with no return_url, signs the browser straight into the portal', async () => {
    const { client, email, response } = await sendCode();
    expect(response.status).toBe(303);
    expect(location(response)).toBe(`/portal/login/code?email=${encodeURIComponent(email)}`);
    const code = await mailedCode(baseUrl(), email);

    const verified = await client.post('/portal/login/verify-code', { email, code });
    expect(verified.status).toBe(303);
    expect(location(verified)).toBe('/portal');
    const cookie = verified.headers.getSetCookie().find((line) => line.startsWith('gatehouse_portal='));
    expect(cookie).toMatch(/^gatehouse_portal=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; Path=\/portal/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=lax/i);
    expect(cookie).not.toMatch(/; Secure/);

    const home = await client.get('/portal');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(email);
  });

  it('sends a browser without a portal session from the portal to the login', async () => {
    const response = await portalClient(baseUrl()).get('/portal/account');
    expect([303, 307]).toContain(response.status);
    expect(location(response)).toBe('/portal/login');
  });

  it('returns to an allowed return_url with a session the site can activate exactly once', async () => {
    const returnUrl = `${baseUrl()}/auth/portal/return?state=abc&next=%2Fmembers`;
    const { client, email } = await sendCode({ return_url: returnUrl });
    const code = await mailedCode(baseUrl(), email);
    const verified = await client.post('/portal/login/verify-code', { email, code, return_url: returnUrl });
    expect(verified.status).toBe(303);
    expect(verified.headers.get('referrer-policy')).toBe('no-referrer');
    expect(verified.headers.getSetCookie().some((line) => line.startsWith('gatehouse_portal='))).toBe(false);
    const target = location(verified);
    expect(target.startsWith(`${returnUrl}&auth_session_id=`)).toBe(true);
    const params = new URL(target).searchParams;
    const id = params.get('auth_session_id') as string;
    const token = params.get('auth_session_token') as string;

    const first = await api('POST', `portal_sessions/${id}/activate`, { token });
    expect(first.status).toBe(200);
    expect(first.body.portal_session).toMatchObject({ id, status: 'activated' });
    const second = await api('POST', `portal_sessions/${id}/activate`, { token });
    expect(second.status).toBe(409);
  });

  it('accepts a code once', async () => {
    const { client, email } = await sendCode();
    const code = await mailedCode(baseUrl(), email);
    expect(location(await client.post('/portal/login/verify-code', { email, code }))).toBe('/portal');
    const again = await portalClient(baseUrl()).post('/portal/login/verify-code', { email, code });
    expect(location(again)).toBe(`/portal/login/code?email=${encodeURIComponent(email)}&error=none`);
  });

  it('voids a code after 5 wrong tries: the 6th try fails even with the right code', async () => {
    const { client, email } = await sendCode();
    const code = await mailedCode(baseUrl(), email);
    for (let i = 0; i < 5; i++) {
      const response = await client.post('/portal/login/verify-code', { email, code: wrong(code) });
      expect(location(response)).toContain('error=wrong');
    }
    const sixth = await client.post('/portal/login/verify-code', { email, code });
    expect(location(sixth)).toContain('error=locked');
    expect(sixth.headers.getSetCookie()).toEqual([]);
    const page = await client.get(location(sixth));
    expect(await page.text()).toContain('entered wrongly 5 times');
  });

  it('answers an unknown email exactly as it answers a known one', async () => {
    const known = uniqueEmail('known');
    await createCustomerWithEmail(known);
    const unknown = uniqueEmail('unknown');
    const run = async (email: string) => {
      const client = portalClient(baseUrl());
      const sent = await client.post('/portal/login/send-code', { email });
      const page = await (await client.get(location(sent))).text();
      const tried = await client.post('/portal/login/verify-code', { email, code: '000000' });
      // The CSP nonce differs on every answer, whoever asks.
      const normalise = (text: string) =>
        text
          .replaceAll(email, 'EMAIL')
          .replaceAll(encodeURIComponent(email), 'EMAIL')
          .replaceAll(/nonce="([^"]+)"/.exec(text)?.[1] ?? 'NONCE', 'NONCE');
      return {
        status: sent.status,
        location: normalise(location(sent)),
        page: normalise(page),
        tried: normalise(location(tried)),
      };
    };
    const a = await run(known);
    const b = await run(unknown);
    expect(b.location).toBe(a.location);
    expect(b.tried).toBe(a.tried);
    expect(b.page).toBe(a.page);
  });

  it('mails nothing to an unknown email and creates no customer, while a known email still signs in', async () => {
    const known = uniqueEmail('signin-known');
    const knownId = await createCustomerWithEmail(known);
    const unknown = uniqueEmail('signin-unknown');
    const ask = async (email: string) => {
      const client = portalClient(baseUrl());
      const sent = await client.post('/portal/login/send-code', { email });
      const page = await (await client.get(location(sent))).text();
      const wording =
        /If <strong[^>]*>([^<]*)<\/strong> can sign in here, we(?:&#x27;|')ve sent it a 6-digit code/.exec(
          page,
        );
      return {
        client,
        status: sent.status,
        location: location(sent).replace(encodeURIComponent(email), 'EMAIL'),
        wording: wording?.[1],
      };
    };
    // The unknown email asks first, so the known one's mail arriving shows the sends have been processed.
    const forUnknown = await ask(unknown);
    const forKnown = await ask(known);
    expect(forKnown).toMatchObject({
      status: 303,
      location: '/portal/login/code?email=EMAIL',
      wording: known,
    });
    expect(forUnknown).toMatchObject({
      status: 303,
      location: '/portal/login/code?email=EMAIL',
      wording: unknown,
    });

    const code = await mailedCode(baseUrl(), known);
    expect(location(await forKnown.client.post('/portal/login/verify-code', { email: known, code }))).toBe(
      '/portal',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mailbox = await fetch(`${baseUrl()}/api/dev/mailbox?to=${encodeURIComponent(unknown)}`);
    expect(((await mailbox.json()) as { messages: unknown[] }).messages).toEqual([]);

    // Trying a code for it (the known email's, as good as any guess) signs no one in and creates no one.
    const tried = await forUnknown.client.post('/portal/login/verify-code', { email: unknown, code });
    expect(location(tried)).toContain('error=wrong');
    const customersWith = async (email: string) =>
      (
        (await api('GET', 'customers', { email: { is: email } })).body.list as { customer: { id: string } }[]
      ).map((entry) => entry.customer.id);
    expect(await customersWith(unknown)).toEqual([]);
    expect(await customersWith(known)).toEqual([knownId]);
  });

  it('refuses a 6th code for one email within the hour, with the same answer for known and unknown', async () => {
    const known = uniqueEmail('busy-known');
    await createCustomerWithEmail(known);
    const answers: string[] = [];
    for (const email of [known, uniqueEmail('busy-unknown')]) {
      for (let i = 0; i < 5; i++) {
        const ok = await portalClient(baseUrl()).post('/portal/login/send-code', { email });
        expect(location(ok)).toContain('/portal/login/code');
      }
      const refused = await portalClient(baseUrl()).post('/portal/login/send-code', { email });
      answers.push(location(refused).replace(encodeURIComponent(email), 'EMAIL'));
    }
    expect(answers[0]).toMatch(/^\/portal\/login\?email=EMAIL&error=too_many_codes&wait=\d+$/);
    expect(answers[1]).toBe(answers[0]);
  });

  it('keeps the typed email and says what is wrong when it is not an email address', async () => {
    const client = portalClient(baseUrl());
    const response = await client.post('/portal/login/send-code', { email: 'not-an-email' });
    expect(location(response)).toBe('/portal/login?email=not-an-email&error=invalid_email');
    const page = await (await client.get(location(response))).text();
    expect(page).toContain('value="not-an-email"');
    expect(page).toContain('Enter an email address like name@example.com.');
  });

  it('refuses sign-in forms posted from another site', async () => {
    const client = portalClient(baseUrl());
    const crossSite: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.example.com' },
    ];
    for (const headers of crossSite) {
      const response = await client.post('/portal/login/send-code', { email: uniqueEmail('csrf') }, headers);
      expect(response.status).toBe(403);
    }
  });
});

describe('portal login links', () => {
  const hostile = [
    'https://evil.example.com/return',
    '//evil.example.com/return',
    'javascript:alert(1)',
    'https://127.0.0.1@evil.example.com/',
  ];

  it.each(hostile)('shows an error page and no redirect for return_url %s', async (returnUrl) => {
    const response = await portalClient(baseUrl()).get(
      `/portal/login?return_url=${encodeURIComponent(returnUrl)}`,
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('This sign-in link can');
    expect(page).not.toContain('<form');
    expect(page).not.toMatch(/href="[^"]*evil\.example\.com/);
  });

  it('refuses a hostile cancel_url and a repeated return_url too', async () => {
    const client = portalClient(baseUrl());
    const cancel = await client.get('/portal/login?cancel_url=https%3A%2F%2Fevil.example.com%2F');
    expect(await cancel.text()).toContain('This sign-in link can');
    const own = encodeURIComponent(`${baseUrl()}/a`);
    const twice = await client.get(`/portal/login?return_url=${own}&return_url=${own}`);
    expect(await twice.text()).toContain('This sign-in link can');
  });

  it('never redirects to a hostile return_url, even after a right code', async () => {
    const { client, email } = await sendCode();
    const code = await mailedCode(baseUrl(), email);
    const response = await client.post('/portal/login/verify-code', {
      email,
      code,
      return_url: 'https://evil.example.com/return',
    });
    expect(response.status).toBe(303);
    expect(location(response).startsWith('/portal/login?')).toBe(true);
    const page = await (await client.get(location(response))).text();
    expect(page).toContain('This sign-in link can');
  });

  it('shows the cancel_url as a way back', async () => {
    const cancelUrl = `${baseUrl()}/pricing`;
    const response = await portalClient(baseUrl()).get(
      `/portal/login?cancel_url=${encodeURIComponent(cancelUrl)}`,
    );
    const page = await response.text();
    expect(page).toContain(`href="${cancelUrl}"`);
    expect(page).toContain('Cancel and go back to');
  });
});
