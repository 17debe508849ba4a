// Where a signed-out browser's first page load goes (the sign-in's first step):
//   npx tsx scripts/bench/browser-profile.ts [runs]
// Starts `next start` on the current build (fresh embedded database), then, in a fresh Chromium context
// per run, opens /members (which lands on the portal login) with Chromium's tracing on. Prints, as
// medians over the runs, the wall time of `page.goto` (to the `load` event) and the renderer's
// main-thread time by kind of work: evaluating scripts, microtasks (React decoding the RSC payload and
// hydrating), parsing HTML, style and layout.
import { chromium } from '@playwright/test';
import { chromiumArgs, resolveChromium } from '../../e2e/support/browser';
import { startTestServer } from '../../tests/support/server';

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
};

const kinds: Record<string, string> = {
  RunTask: 'main thread busy (all tasks)',
  EvaluateScript: 'evaluating scripts',
  RunMicrotasks: 'microtasks (RSC payload, hydration)',
  FunctionCall: 'other script callbacks',
  ParseHTML: 'parsing HTML',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
};

/** Milliseconds per kind of work on the renderer's main thread. */
function mainThreadTime(events: TraceEvent[]): Record<string, number> {
  const main = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const totals: Record<string, number> = {};
  for (const event of events) {
    const kind = kinds[event.name];
    if (!kind || event.ph !== 'X' || !main.has(`${event.pid}:${event.tid}`)) continue;
    totals[kind] = (totals[kind] ?? 0) + (event.dur ?? 0) / 1000;
  }
  return totals;
}

const runs = Number(process.argv[2] ?? 7);
const server = await startTestServer();
const browser = await chromium.launch({ executablePath: resolveChromium(), args: chromiumArgs });
const samples: Record<string, number[]> = {};
try {
  for (let run = 0; run <= runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'],
    });
    const startedAt = performance.now();
    await page.goto(`${server.url}/members`);
    const wall = performance.now() - startedAt;
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    await context.close();
    if (run === 0) continue; // warm-up: the server's first render of each page
    const measured = { 'page.goto to load': wall, ...mainThreadTime(trace.traceEvents) };
    for (const [kind, ms] of Object.entries(measured)) samples[kind] = [...(samples[kind] ?? []), ms];
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(`Signed-out /members → portal login, ${runs} runs, median ms:`);
for (const [kind, values] of Object.entries(samples))
  console.log(`  ${kind.padEnd(38)} ${median(values).toFixed(1)}`);
