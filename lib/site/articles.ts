import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

export type ArticleBlock = { kind: 'paragraph' | 'heading' | 'quote'; text: string };
export type ArticleSummary = {
  slug: string;
  title: string;
  dek: string;
  author: string;
  published: string;
  minutes: number;
  /** The opening paragraph, shown to everyone as a teaser. */
  opening: string;
  /** The feature (Chargebee entitlement) a reader's plan must grant beyond membership, e.g. `long-reads`. */
  requires?: string;
  /** `draft: true` in the front matter: shown by `next dev` only, never listed or served by a build. */
  draft?: boolean;
};
export type Article = ArticleSummary & { blocks: ArticleBlock[] };

const folder = path.join(process.cwd(), 'content', 'articles');
const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const featurePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function requiredFeature(slug: string, value: string): string {
  if (!featurePattern.test(value)) {
    throw new Error(`content/articles/${slug}.md: "requires" must be a feature id such as long-reads.`);
  }
  return value;
}

function parseArticle(slug: string, source: string): Article {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`content/articles/${slug}.md has no front matter.`);
  const meta = Object.fromEntries(
    (match[1] ?? '').split('\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
  const blocks: ArticleBlock[] = (match[2] ?? '')
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((text) => {
      if (text.startsWith('## ')) return { kind: 'heading', text: text.slice(3) };
      if (text.startsWith('> ')) return { kind: 'quote', text: text.slice(2) };
      return { kind: 'paragraph', text };
    });
  const words = blocks.reduce((sum, block) => sum + block.text.split(/\s+/).length, 0);
  for (const key of ['title', 'dek', 'author', 'published']) {
    if (!meta[key]) throw new Error(`content/articles/${slug}.md has no "${key}" in its front matter.`);
  }
  return {
    slug,
    title: meta.title as string,
    dek: meta.dek as string,
    author: meta.author as string,
    published: meta.published as string,
    minutes: Math.max(1, Math.round(words / 230)),
    opening: blocks.find((block) => block.kind === 'paragraph')?.text ?? '',
    ...(meta.requires ? { requires: requiredFeature(slug, meta.requires) } : {}),
    ...(meta.draft === 'true' ? { draft: true } : {}),
    blocks,
  };
}

let loaded: Article[] | undefined;

/**
 * The articles, read and parsed once per process in production: they ship with the deploy, as the code
 * does. `npm run dev` reads the folder on every render instead, so a new or edited article shows at once.
 */
function loadAll(): Article[] {
  if (process.env.NODE_ENV === 'development') loaded = undefined;
  loaded ??= fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.md') && slugPattern.test(file.slice(0, -3)))
    .map((file) => parseArticle(file.slice(0, -3), fs.readFileSync(path.join(folder, file), 'utf8')))
    .filter((article) => !article.draft || process.env.NODE_ENV === 'development')
    .sort((a, b) => b.published.localeCompare(a.published));
  return loaded;
}

function summaryOf({ blocks: _blocks, ...summary }: Article): ArticleSummary {
  return summary;
}

/** Every article, newest first, without bodies: safe to show to anyone. */
export function listArticles(): ArticleSummary[] {
  return loadAll().map(summaryOf);
}

/**
 * One article with its full body. Members content: call only after requireSubscriber(), and for an
 * article that `requires` a feature, only after requireFeature().
 */
export function findArticle(slug: string): Article | undefined {
  if (!slugPattern.test(slug)) return undefined;
  return loadAll().find((article) => article.slug === slug);
}
