import { test as base } from '@playwright/test';

/** Every spec talks to the server that global setup started (its URL is only known at run time). */
export const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the fixtures object here
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: run the specs through `npm run test:e2e`.');
    await use(url);
  },
});

export { expect } from '@playwright/test';
