import { expect, type Page } from '@playwright/test';
import { testApiKey } from '@/tests/support/constants';

/**
 * Helpers for specs that run a server of their own (to know its AUTH_SECRET, or to move its time
 * machine without touching the shared server): the billing API, the dev mailbox and the portal login.
 */
export function billingApi(baseUrl: string) {
  return async function billing(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}) {
    const body = new URLSearchParams(params).toString();
    const response = await fetch(`${baseUrl}/api/v2/${path}${method === 'GET' && body ? `?${body}` : ''}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${testApiKey}:`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: method === 'POST' ? body : undefined,
    });
    const json = (await response.json()) as Record<string, Record<string, unknown>>;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** The newest six-digit code the dev mailbox holds for `email`. */
export async function mailedCode(baseUrl: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const response = await fetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await response.json()) as { messages: { subject: string; text: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No code was mailed to ${email}`);
}

/** On the portal's login page (where the site sent the browser): email, then the mailed code. */
export async function signInOnPortal(page: Page, baseUrl: string, email: string) {
  await expect(page).toHaveURL(/\/portal\/login\?/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page).toHaveURL(/\/portal\/login\/code/);
  await page.getByLabel('Sign-in code').fill(await mailedCode(baseUrl, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}
