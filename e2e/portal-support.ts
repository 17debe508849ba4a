import { randomInt } from 'node:crypto';
import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { testApiKey } from '@/tests/support/constants';

export const apiAuth = { Authorization: `Basic ${Buffer.from(`${testApiKey}:`).toString('base64')}` };

export function uniqueEmail(name: string): string {
  return `${name}-${Date.now().toString(36)}${randomInt(1_000_000)}@example.com`;
}

/** Calls the provider API the way a Chargebee client does (Basic auth, form-encoded brackets). */
export async function callApi(request: APIRequestContext, path: string, form: Record<string, string> = {}) {
  const response = await request.post(`/api/v2/${path}`, { headers: apiAuth, form });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Record<string, Record<string, unknown>>;
}

export async function retrieveSession(request: APIRequestContext, id: string) {
  const response = await request.get(`/api/v2/portal_sessions/${id}`, { headers: apiAuth });
  return ((await response.json()) as { portal_session: Record<string, unknown> }).portal_session;
}

/** A customer and an SSO portal session for it, made over the API as the website would. */
export async function createSsoSession(
  request: APIRequestContext,
  options: { redirectUrl: string; forwardUrl?: string; firstName?: string },
) {
  const email = uniqueEmail('sso');
  const customerId = await createCustomerWithEmail(request, email, { firstName: options.firstName ?? 'Sam' });
  const { portal_session } = await callApi(request, 'portal_sessions', {
    'customer[id]': customerId,
    redirect_url: options.redirectUrl,
    ...(options.forwardUrl ? { forward_url: options.forwardUrl } : {}),
  });
  const session = portal_session as { id: string; access_url: string };
  return { email, id: session.id, accessPath: new URL(session.access_url).pathname };
}

/**
 * A customer with this email, made over the API as checkout or the website's backend would; returns
 * its id. The portal login admits only emails it already knows, as Chargebee's does, so a test that
 * signs someone in through it creates the customer first.
 */
export async function createCustomerWithEmail(
  request: APIRequestContext,
  email: string,
  names: { firstName?: string; lastName?: string } = {},
): Promise<string> {
  const { customer } = await callApi(request, 'customers', {
    email,
    ...(names.firstName ? { first_name: names.firstName } : {}),
    ...(names.lastName ? { last_name: names.lastName } : {}),
  });
  return customer?.id as string;
}

/** The newest sign-in code mailed to an address, from the development mailbox. */
export async function readCode(request: APIRequestContext, email: string, after = 0): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const response = await request.get(`/api/dev/mailbox?to=${encodeURIComponent(email)}`);
      const { messages } = (await response.json()) as { messages: { text: string }[] };
      code = messages.length > after ? ((messages[0]?.text.match(/\b(\d{6})\b/) ?? [])[1] ?? '') : '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/** Signs in through the portal's own login (email, then the mailed code). */
export async function signIn(page: Page, email: string, query = '') {
  await page.goto(`/portal/login${query}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await readCode(page.request, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}
