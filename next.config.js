import { fileURLToPath } from 'node:url';
import { cachedPageRewrites } from './cache/cached-pages.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets several builds live side by side (e.g. parallel work in one checkout); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // A self-contained server (.next/standalone/server.js with the node_modules it traces) for the
  // container image; `npm start` keeps using the full build.
  output: 'standalone',
  // Benchmark builds (scripts/bench sets BENCH_BUILD=1 and builds into .next-bench) also compile the
  // benchmark-only routes, named `route.bench.ts` / `page.bench.tsx`; every other build leaves them out.
  pageExtensions:
    process.env.BENCH_BUILD === '1'
      ? ['bench.tsx', 'bench.ts', 'tsx', 'ts', 'jsx', 'js']
      : ['tsx', 'ts', 'jsx', 'js'],
  poweredByHeader: false,
  // Next's own cache of prerendered pages, which also stores each cached page's Content-Security-Policy
  // with the hashes of its inline scripts (see proxy.ts and docs/SECURITY.md).
  cacheHandler: fileURLToPath(new URL('./cache/handler.mjs', import.meta.url)),
  reactStrictMode: true,
  // PGlite ships wasm and data files; load it from node_modules instead of bundling it.
  serverExternalPackages: ['@electric-sql/pglite'],
  // Visitors without a session get the public pages from their prerendered copies (app/(cached)).
  async rewrites() {
    return { beforeFiles: cachedPageRewrites() };
  },
  async headers() {
    // The Content-Security-Policy (with frame-ancestors 'none') and HSTS are set per request by
    // proxy.ts; these hold for every response, API included. No Referrer-Policy here: a header set
    // here would replace the stricter `no-referrer` of the routes whose URL carries a token, so pages
    // get theirs from proxy.ts (which leaves a route's own alone) and the root layout's <meta>.
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default nextConfig;
