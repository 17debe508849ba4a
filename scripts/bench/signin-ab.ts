// Browser sign-in, two builds side by side (the bench's flow, in Chromium):
//   NEXT_DIST_DIR=.next-b npx next build && npx tsx scripts/bench/signin-ab.ts .next .next-b
// Starts `next start` on each build (fresh PGlite folders), then signs in a new subscriber four
// times per build per round, alternating builds over four rounds so drift in the machine hits both
// alike; the first run is a warm-up. Prints each build's median and every time in ms.
import { chromium } from '@playwright/test';
import { chromiumArgs, resolveChromium } from '../../e2e/support/browser';
import { startTestServer } from '../../tests/support/server';
import { timeBrowserSignIn } from './browser-sign-in';
import { http, newSubscriber } from './http';

const dists = process.argv.slice(2);
const servers = await Promise.all(dists.map((d) => startTestServer({ NEXT_DIST_DIR: d })));
const browser = await chromium.launch({ executablePath: resolveChromium(), args: chromiumArgs });
const times: Record<string, number[]> = Object.fromEntries(dists.map((d) => [d, []]));
let n = 0;
for (let round = 0; round < 4; round++) {
  for (const [i, server] of servers.entries()) {
    const client = http(server.url);
    for (let run = 0; run < 4; run++) {
      n++;
      const sub = await newSubscriber(client, `ab_${Date.now()}_${n}`);
      const ms = await timeBrowserSignIn(browser, server.url, sub.email, `10.9.${n % 250}.${run + 1}`);
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
