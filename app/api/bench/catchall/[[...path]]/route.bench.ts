// Benchmark only: compiled when BENCH_BUILD=1 (next.config.js pageExtensions), never in a production
// build. The no-op handler under an optional catch-all segment, like `app/api/v2/[[...path]]`: the
// difference to `/api/bench/noop` is what Next.js spends resolving a dynamic route.
export const dynamic = 'force-dynamic';

export function GET() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } });
}
