import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Deletes the embedded billing provider and everything only it uses, for a site that runs against real
// Chargebee (or another compatible server). Run it in a clean checkout and review `git status` after:
//   npm run remove-provider            (refuses uncommitted changes; `-- --force` runs anyway)
// It works the whole removal out first and changes nothing if a site file would lose an import.
// tests/starter/remove-provider.test.ts runs it in a scratch copy on every CI run, then builds,
// typechecks and tests what is left.

/** The provider, its hosted pages, the demo mailbox and time travel, and the tests and tools of them. */
const removed = [
  'lib/provider',
  'lib/portal',
  'lib/mail',
  'app/api/v2',
  'app/api/provider',
  'app/api/dev',
  'app/portal',
  'app/pages',
  'app/dev',
  'components/portal',
  'components/dev',
  'scripts/demo.ts',
  'scripts/seed.ts',
  'scripts/remove-provider.ts',
  // Suites that drive the embedded provider over HTTP or in a browser, and the benchmark of them.
  'tests/api',
  'tests/security',
  'tests/reliability',
  'tests/deploy',
  'tests/mail',
  'tests/starter',
  // The configuration's tests describe the embedded defaults; tests/unit/env-billing.test.ts stays.
  'tests/unit/env.test.ts',
  'playwright.config.ts',
  'scripts/bench',
  'bench',
  'app/api/bench',
  'app/(members)/members/bench-ungated',
  'docs/API.md',
  // The guide to this template, its recipes and their tests: they describe the provider's removal.
  'docs/STARTER.md',
  'docs/recipes',
  'tests/unit/starter-guide.test.ts',
  'tests/site/recipes.test.ts',
];
/** e2e/ goes, except the browser locator scripts/make-icons.ts draws the icons with. */
const keptInE2e = ['e2e/support/browser.ts'];

/** npm scripts that run what was removed; `test` becomes the checks that remain. */
const removedScripts = [
  'demo',
  'seed',
  'remove-provider',
  'bench',
  'test:api',
  'test:security',
  'test:reliability',
  'test:deploy',
  'test:e2e',
  'test:starter',
];
const testChain = 'npm run lint && npm run typecheck && npm run test:unit && npm run build';

const sourcePattern = /\.(?:ts|tsx|mts|mjs|js)$/;
const root = process.cwd();

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', '.git', '.data', 'test-results', 'playwright-report'].includes(entry.name) ||
        entry.name.startsWith('.next')
        ? []
        : walk(full);
    return [full];
  });
}

/** Drops `// provider-only` lines and `// provider-only:start` … `// provider-only:end` blocks. */
function stripMarked(source: string): string {
  const kept: string[] = [];
  let inBlock = false;
  for (const line of source.split('\n')) {
    if (line.includes('// provider-only:start')) inBlock = true;
    else if (line.includes('// provider-only:end')) inBlock = false;
    else if (!inBlock && !/\/\/ provider-only\s*$/.test(line)) kept.push(line);
  }
  return kept.join('\n');
}

/** The project files a source file imports (through `@/`, `./` or `../`), as absolute paths. */
function importsOf(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] as string,
  );
  return specifiers
    .filter((specifier) => specifier.startsWith('@/') || specifier.startsWith('.'))
    .map((specifier) =>
      specifier.startsWith('@/')
        ? path.join(root, specifier.slice(2))
        : path.resolve(path.dirname(file), specifier),
    );
}

/**
 * Refuses a tree with uncommitted changes (unless --force): the removal deletes and rewrites files, and
 * in a clean checkout `git checkout . && git clean -fd` undoes it.
 */
function requireCleanCheckout() {
  if (process.argv.includes('--force')) return;
  let status: string;
  try {
    status = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
  } catch {
    return; // Not a git checkout: nothing to compare with.
  }
  if (status.trim()) {
    console.error(
      'remove-provider: the checkout has uncommitted changes. Commit or stash them first, so git can undo the removal, or run it with --force.',
    );
    process.exit(1);
  }
}

/**
 * The removal, worked out before anything is touched: the files that go, and the new contents of the
 * files that stay. A site file that would import something removed is a bug in the site: the plan
 * names every such file and the tree is left as it was. Tests of removed modules go with them, and
 * test helpers once nothing imports them.
 */
function planRemoval() {
  const relative = (file: string) => path.relative(root, file);
  const goes = (file: string) => {
    const rel = relative(file);
    if (rel.startsWith('e2e/')) return !keptInE2e.includes(rel);
    return removed.some((entry) => rel === entry || rel.startsWith(`${entry}/`));
  };
  const remaining = new Set(walk(root).filter((file) => !goes(file)));
  const rewritten = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const file of remaining) {
    if (!sourcePattern.test(file)) continue;
    const source = fs.readFileSync(file, 'utf8');
    let next = source.includes('// provider-only') ? stripMarked(source) : source;
    if (relative(file) === 'lib/embedded-provider.ts')
      next = next.replace(
        'embeddedProviderInstalled: boolean = true',
        'embeddedProviderInstalled: boolean = false',
      );
    sources.set(file, next);
    if (next !== source) rewritten.set(file, next);
  }
  // Next's generated files (next-env.d.ts points into the build folder) are not the removal's business.
  const generated = (target: string) => relative(target).split(path.sep)[0]?.startsWith('.next') ?? false;
  const resolves = (target: string) =>
    generated(target) ||
    ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'].some((suffix) =>
      remaining.has(target + suffix),
    );
  const isTest = (file: string) => relative(file).startsWith('tests/');
  const prunedTests: string[] = [];
  const drop = (file: string) => {
    remaining.delete(file);
    sources.delete(file);
    rewritten.delete(file);
    prunedTests.push(file);
  };
  for (let changed = true; changed; ) {
    const broken = [...sources.keys()].filter((file) =>
      importsOf(file, sources.get(file) ?? '').some((target) => !resolves(target)),
    );
    const brokenSite = broken.filter((file) => !isTest(file));
    if (brokenSite.length > 0) {
      for (const file of brokenSite)
        console.error(`remove-provider: ${relative(file)} imports something that would be removed.`);
      console.error('remove-provider: nothing was changed.');
      process.exit(1);
    }
    for (const file of broken) drop(file);
    const imported = new Set([...sources].flatMap(([file, source]) => importsOf(file, source)));
    const unused = [...sources.keys()].filter(
      (file) =>
        isTest(file) &&
        !/\.test\.tsx?$|global-setup\.ts$/.test(file) &&
        !imported.has(file.replace(/\.(?:ts|tsx|mjs)$/, '')) &&
        !imported.has(file),
    );
    for (const file of unused) drop(file);
    changed = broken.length + unused.length > 0;
  }
  return { rewritten, prunedTests };
}

requireCleanCheckout();
const plan = planRemoval();
for (const entry of removed) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
for (const file of walk(path.join(root, 'e2e'))) {
  if (!keptInE2e.includes(path.relative(root, file))) fs.rmSync(file);
}
for (const [file, source] of plan.rewritten) fs.writeFileSync(file, source);
for (const file of plan.prunedTests) fs.rmSync(file);

const packageFile = path.join(root, 'package.json');
const manifest = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { scripts: Record<string, string> };
for (const name of removedScripts) delete manifest.scripts[name];
manifest.scripts.test = testChain;
manifest.scripts['test:site'] = 'vitest run --project site';
fs.writeFileSync(packageFile, `${JSON.stringify(manifest, null, 2)}\n`);

console.info(
  'remove-provider: the embedded provider, its portal, checkout, mailbox, time travel and their tests are gone.\n' +
    'Set CHARGEBEE_SITE (or CHARGEBEE_BASE_URL) and CHARGEBEE_API_KEY (README: Running against real Chargebee), then review git status.',
);
