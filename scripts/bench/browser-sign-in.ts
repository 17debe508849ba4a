import type { Browser } from '@playwright/test';
import { mailedCode } from './http';

/**
 * One timed sign-in in a fresh browser context, as a visitor does it: open /members, get sent to the
 * portal login, type the email, "Email me a code", type the code read from the development mailbox
 * (polled every 20 ms), "Sign in", and stop when /members shows the library. Milliseconds.
 */
export async function timeBrowserSignIn(
  browser: Browser,
  base: string,
  email: string,
  forwardedFor: string,
): Promise<number> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  try {
    const page = await context.newPage();
    const startedAt = performance.now();
    await page.goto(`${base}/members`);
    await page.waitForURL(/\/portal\/login\?/);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.waitForURL(/\/portal\/login\/code/);
    await page.getByLabel('Sign-in code').fill(await mailedCode(base, email, 20));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/members`);
    await page.getByTestId('members-library').waitFor({ state: 'visible' });
    return performance.now() - startedAt;
  } finally {
    await context.close();
  }
}
