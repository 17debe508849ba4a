// Benchmark only: compiled when BENCH_BUILD=1 (next.config.js pageExtensions), never in a production
// build. The baseline of `npm run bench`: a route handler that does no work at all.
export const dynamic = 'force-dynamic';

export function GET() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } });
}
