// Browser sign-in, two builds side by side (the bench's flow, in Chromium):
//   NEXT_DIST_DIR=.next-b npx next build && npx tsx scripts/bench/signin-ab.ts .next .next-b
// Starts `next start` on each build (fresh PGlite folders), then signs in a new subscriber four
// times per build per round, alternating builds over four rounds so drift in the machine hits both
// alike; the first run is a warm-up. Prints each build's median and every time in ms.
import { chromium } from '@playwright/test';
import { resolveChromium } from '../../e2e/support/browser';
import { startTestServer } from '../../tests/support/server';
import { http, mailedCode, newSubscriber } from './http';

const dists = process.argv.slice(2);
const servers = await Promise.all(dists.map((d) => startTestServer({ NEXT_DIST_DIR: d })));
const browser = await chromium.launch({
  executablePath: resolveChromium(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
const times: Record<string, number[]> = Object.fromEntries(dists.map((d) => [d, []]));
let n = 0;
for (let round = 0; round < 4; round++) {
  for (const [i, server] of servers.entries()) {
    const client = http(server.url);
    for (let run = 0; run < 4; run++) {
      n++;
      const sub = await newSubscriber(client, `ab_${Date.now()}_${n}`);
      const context = await browser.newContext({
        extraHTTPHeaders: { 'X-Forwarded-For': `10.9.${n % 250}.${run + 1}` },
      });
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(`${server.url}/members`);
      await page.waitForURL(/\/portal\/login\?/);
      await page.getByLabel('Email address').fill(sub.email);
      await page.getByRole('button', { name: 'Email me a code' }).click();
      await page.waitForURL(/\/portal\/login\/code/);
      await page.getByLabel('Sign-in code').fill(await mailedCode(server.url, sub.email, 20));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/members`);
      await page.getByTestId('members-library').waitFor({ state: 'visible' });
      const ms = performance.now() - t;
      await context.close();
      if (round > 0 || run > 0) times[dists[i] as string]?.push(ms);
    }
  }
}
await browser.close();
for (const s of servers) await s.close();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
for (const [d, xs] of Object.entries(times))
  console.log(d, 'median', median(xs)?.toFixed(0), 'n', xs.length, xs.map((x) => x.toFixed(0)).join(' '));
