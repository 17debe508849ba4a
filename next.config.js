/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets several builds live side by side (e.g. parallel work in one checkout); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships wasm and data files; load it from node_modules instead of bundling it.
  serverExternalPackages: ['@electric-sql/pglite'],
};

export default nextConfig;
