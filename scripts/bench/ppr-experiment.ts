// Would a members page gain from a prerendered shell (Partial Prerendering, `cacheComponents`)?
//   npx tsx scripts/bench/ppr-experiment.ts
// Builds one small app twice in a scratch folder: a members-style page (a layout with header and footer,
// and an article behind a cookie check) as a Partial Prerender shell with the article in a Suspense hole,
// and the same tree rendered per request as Gatehouse renders its members pages today. For each it
// reports what Chromium does under two policies and how fast the server answers:
// - `strict`: today's policy, a fresh nonce with 'strict-dynamic';
// - `mixed`: a fresh nonce for the streamed part, the SHA-256 of every inline script the shell holds
//   (read off the served page), and 'self' for the shell's <script src>, without 'strict-dynamic'.
// The numbers it printed on 2026-12-06 are in docs/PERFORMANCE.md ("A prerendered shell for members pages").
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { freePort } from '../lib/free-port';
import { startNextServer } from '../lib/next-server';
import { loadInChild } from './load-child';

type Mode = 'shell' | 'per-request';
const seconds = Number(process.env.BENCH_DURATION ?? 6);
const rounds = Number(process.env.PPR_ROUNDS ?? 2);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const paragraph =
  'Members text: the gate decided this reader may read on, so the article is rendered for them and for no one else. ';

function files(mode: Mode): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'ppr-experiment', private: true, type: 'module' }),
    'next.config.mjs':
      mode === 'shell'
        ? 'export default { cacheComponents: true, partialPrefetching: true };\n'
        : 'export default {};\n',
    // The policy is picked per request by ?policy=, so one build serves both.
    'proxy.ts': `import { NextResponse, type NextRequest } from 'next/server';
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const hashes = request.nextUrl.searchParams.get('hashes') ?? '';
  const scripts = request.nextUrl.searchParams.get('policy') === 'mixed'
    ? \`'self' 'nonce-\${nonce}' \${hashes}\`
    : \`'self' 'nonce-\${nonce}' 'strict-dynamic'\`;
  const policy = \`default-src 'self'; script-src \${scripts}; style-src 'self' 'nonce-\${nonce}'\`;
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}
export const config = { matcher: ['/members/:path*'] };
`,
    'app/layout.tsx': `import type { ReactNode } from 'react';
export default function Root({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header><a href="/">Home</a> <nav><a href="/members/one">Library</a></nav></header>
        {children}
        <footer>Footer of the shell</footer>
      </body>
    </html>
  );
}
`,
    // The no-op, rendered per request in both builds (connection() rather than a segment config, which
    // cacheComponents refuses).
    'app/api/health/route.ts': `import { connection } from 'next/server';
export async function GET() {
  await connection();
  return new Response('ok');
}
`,
    'app/members/[slug]/page.tsx': `${mode === 'per-request' ? "export const dynamic = 'force-dynamic';\n" : ''}import { cookies } from 'next/headers';
import Link from 'next/link';
import { Suspense } from 'react';

type Props = { params: Promise<{ slug: string }> };

async function Gated({ params }: Props) {
  const { slug } = await params;
  const jar = await cookies();
  if (!jar.get('member')) return <p>Sign in to read on.</p>;
  return (
    <article>
      <h1>{\`Article \${slug}\`}</h1>
      {Array.from({ length: 40 }, (_, i) => <p key={i}>{${JSON.stringify(paragraph)}.repeat(4)}</p>)}
      <Link href={slug === 'one' ? '/members/two' : '/members/one'}>Next article</Link>
    </article>
  );
}

export default function Page({ params }: Props) {
  return (
    <main>
      <p>Members’ library</p>
      <Suspense fallback={<p>Loading…</p>}>
        <Gated params={params} />
      </Suspense>
    </main>
  );
}
`,
  };
}

/** The scratch app gets the project's node_modules as hard links (instant on one file system). */
function scratchApp(mode: Mode): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-ppr-${mode}-`));
  for (const [name, text] of Object.entries(files(mode))) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const modules = path.join(process.cwd(), 'node_modules');
  try {
    try {
      execFileSync('cp', ['-al', modules, path.join(dir, 'node_modules')]);
    } catch {
      fs.cpSync(modules, path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    }
    execFileSync(path.join(dir, 'node_modules', '.bin', 'next'), ['build'], {
      cwd: dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    return dir;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** SHA-256 of every inline script without a nonce: the shell's own, the same for every visitor. */
async function shellHashes(url: string): Promise<string> {
  const html = await (await fetch(url, { headers: { Cookie: 'member=1' } })).text();
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.add(
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
    );
  }
  return [...hashes].join(' ');
}

/** Opens an article in Chromium, follows its link, and reports CSP violations and whether React took over. */
async function inChromium(url: string) {
  const browser = await chromium.launch({ executablePath: chromiumPath });
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'member', value: '1', url }]);
    const page = await context.newPage();
    let violations = 0;
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations += 1;
    });
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      (window as { marker?: number }).marker = 1;
    });
    await page.click('text=Next article');
    await page.waitForURL(/members\/two/);
    await page.waitForLoadState('networkidle');
    const hydrated = await page.evaluate(() => (window as { marker?: number }).marker === 1);
    return { violations, hydrated };
  } finally {
    await browser.close();
  }
}

async function requestsPerSecond(url: string, cookie?: string): Promise<number> {
  const result = await loadInChild({
    url,
    connections: 16,
    duration: seconds,
    headers: cookie ? { Cookie: cookie } : {},
  });
  const answered = result.statusCodes['200'] ?? 0;
  if (answered !== result.requests || result.errors || result.timeouts)
    throw new Error(`${url}: ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`);
  return result.rps;
}

/** Median time to the response's headers and to its last byte, one request at a time. */
async function latency(url: string) {
  const first: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Cookie: 'member=1' } });
    first.push(performance.now() - started);
    await response.arrayBuffer();
    whole.push(performance.now() - started);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { headers: median(first.slice(10)), body: median(whole.slice(10)) };
}

async function main() {
  const rows: string[] = [];
  for (const mode of ['per-request', 'shell'] as Mode[]) {
    const dir = scratchApp(mode);
    let server: Awaited<ReturnType<typeof startNextServer>> | undefined;
    try {
      server = await startNextServer({ port: await freePort(), env: {}, cwd: dir });
      const article = `${server.url}/members/one`;
      const shellPage = await (await fetch(article)).text();
      const hashes = await shellHashes(article);
      const strict = await inChromium(`${article}?policy=strict`);
      const mixed = await inChromium(`${article}?policy=mixed&hashes=${encodeURIComponent(hashes)}`);
      await requestsPerSecond(article, 'member=1'); // warm-up
      const rates: string[] = [];
      for (let round = 0; round < rounds; round++) {
        const noop = await requestsPerSecond(`${server.url}/api/health`);
        const page = await requestsPerSecond(article, 'member=1');
        rates.push(`${page.toFixed(0)} req/s (${(page / noop).toFixed(2)}× its no-op)`);
      }
      const times = await latency(article);
      rows.push(
        `| ${mode} | ${strict.violations} violations, hydrated ${strict.hydrated} | ${mixed.violations} violations, hydrated ${mixed.hydrated} | ${rates.join('; ')} | ${times.headers.toFixed(1)} / ${times.body.toFixed(1)} ms | ${shellPage.includes('Members text') ? 'yes' : 'no'} |`,
      );
    } finally {
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    '| build | strict policy (nonce, strict-dynamic) | mixed policy (nonce + shell hashes + self) | article under load | headers / whole answer, one at a time | members text in a signed-out answer |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
