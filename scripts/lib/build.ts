import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sources = [
  'app',
  'lib',
  'components',
  'content',
  'public',
  'instrumentation.ts',
  'proxy.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when there is no production build, or a source file changed after it was made. */
export function buildIsStale(): boolean {
  const buildId = path.join(distDir(), 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return sources.some((entry) => newestMtime(entry) > built);
}

export function buildIfStale(): void {
  if (!buildIsStale()) return;
  console.log('Building the production bundle (npm run build: the brand files, then next build)…');
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('next build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

/** The build folder, as next.config.js chooses it. */
export function distDir(): string {
  return process.env.NEXT_DIST_DIR || '.next';
}

/** Stops a test run early, with one line, when there is no production build to test. */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(distDir(), 'BUILD_ID'))) {
    throw new Error(`No production build in ${distDir()}: run \`npm run build\` first.`);
  }
}
