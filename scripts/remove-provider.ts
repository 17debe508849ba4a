import fs from 'node:fs';
import path from 'node:path';

// Deletes the embedded billing provider and everything only it uses, for a site that runs against real
// Chargebee (or another compatible server). Run it in a clean checkout and review `git status` after:
//   npm run remove-provider
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
      return ['node_modules', '.next', '.git', '.data'].includes(entry.name) ? [] : walk(full);
    return [full];
  });
}

function remove(relative: string) {
  fs.rmSync(path.join(root, relative), { recursive: true, force: true });
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

/** The project files a source file imports (through `@/`, `./` or `../`), as paths from the root. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
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

function resolves(target: string): boolean {
  const candidates = ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'].map(
    (suffix) => target + suffix,
  );
  return candidates.some((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

for (const entry of removed) remove(entry);
for (const file of walk(path.join(root, 'e2e'))) {
  if (!keptInE2e.includes(path.relative(root, file))) fs.rmSync(file);
}

for (const file of walk(root).filter((candidate) => sourcePattern.test(candidate))) {
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes('// provider-only')) fs.writeFileSync(file, stripMarked(source));
}
fs.writeFileSync(
  path.join(root, 'lib/embedded-provider.ts'),
  fs
    .readFileSync(path.join(root, 'lib/embedded-provider.ts'), 'utf8')
    .replace('embeddedProviderInstalled: boolean = true', 'embeddedProviderInstalled: boolean = false'),
);

// Tests of the provider's own modules go with them; their helpers go once nothing uses them. A site
// file that still imports something removed is a bug in the site, so it stops the removal.
const isTest = (file: string) => path.relative(root, file).startsWith('tests/');
const sourceFiles = () => walk(root).filter((candidate) => sourcePattern.test(candidate));
for (let changed = true; changed; ) {
  const broken = sourceFiles().filter((file) => importsOf(file).some((target) => !resolves(target)));
  for (const file of broken) {
    if (!isTest(file)) {
      console.error(`remove-provider: ${path.relative(root, file)} imports something that was removed.`);
      process.exit(1);
    }
    fs.rmSync(file);
  }
  const imported = new Set(sourceFiles().flatMap((file) => importsOf(file)));
  const unused = sourceFiles().filter(
    (file) =>
      isTest(file) &&
      !/\.test\.tsx?$|global-setup\.ts$/.test(file) &&
      !imported.has(file.replace(/\.(?:ts|tsx|mjs)$/, '')) &&
      !imported.has(file),
  );
  for (const file of unused) fs.rmSync(file);
  changed = broken.length + unused.length > 0;
}

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
