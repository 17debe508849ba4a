/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets several builds live side by side (e.g. parallel work in one checkout); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships wasm and data files; load it from node_modules instead of bundling it.
  serverExternalPackages: ['@electric-sql/pglite'],
  async headers() {
    return [
      {
        // The billing portal is never shown inside another site's frame (clickjacking).
        source: '/portal/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
