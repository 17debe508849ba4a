/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets several builds live side by side (e.g. parallel work in one checkout); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Benchmark builds (scripts/bench sets BENCH_BUILD=1 and builds into .next-bench) also compile the
  // benchmark-only routes, named `route.bench.ts` / `page.bench.tsx`; every other build leaves them out.
  pageExtensions:
    process.env.BENCH_BUILD === '1'
      ? ['bench.tsx', 'bench.ts', 'tsx', 'ts', 'jsx', 'js']
      : ['tsx', 'ts', 'jsx', 'js'],
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships wasm and data files; load it from node_modules instead of bundling it.
  serverExternalPackages: ['@electric-sql/pglite'],
  async headers() {
    // The billing portal and the checkout page are never shown inside another site's frame.
    const noFraming = [
      { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
      { key: 'X-Frame-Options', value: 'DENY' },
    ];
    return [
      { source: '/portal/:path*', headers: noFraming },
      { source: '/pages/:path*', headers: noFraming },
    ];
  },
};

export default nextConfig;
