import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The articles module reads content/articles under the working directory; each test gets a folder of
// its own and a fresh copy of the module.
const article = (title: string, extra = '') =>
  `---\ntitle: ${title}\ndek: A dek\nauthor: Ada\npublished: 2026-12-0${title.length % 9}\n${extra}---\n\nThe opening.\n\nThe rest.\n`;

describe('the articles folder', () => {
  let folder: string;
  let root: string;
  const cwd = process.cwd();
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-articles-'));
    folder = path.join(root, 'content', 'articles');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'first.md'), article('First'));
    fs.writeFileSync(path.join(folder, 'unfinished.md'), article('Unfinished', 'draft: true\n'));
    process.chdir(root);
    vi.resetModules();
  });
  afterEach(() => {
    process.chdir(cwd);
    vi.unstubAllEnvs();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const slugs = async () =>
    (await import('@/lib/site/articles'))
      .listArticles()
      .map((a) => a.slug)
      .sort();

  it('is read once by a production server, drafts left out', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(await slugs()).toEqual(['first']);
    fs.writeFileSync(path.join(folder, 'second.md'), article('Second'));
    expect(await slugs()).toEqual(['first']);
  });

  it('is read on every render by `npm run dev`, drafts included, so a new article shows at once', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(await slugs()).toEqual(['first', 'unfinished']);
    fs.writeFileSync(path.join(folder, 'second.md'), article('Second'));
    expect(await slugs()).toEqual(['first', 'second', 'unfinished']);
  });
});
