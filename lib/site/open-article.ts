import 'server-only';
import { notFound } from 'next/navigation';
import { requireFeature, requireSubscriber, type Subscriber } from '@/lib/auth/access';
import { type Article, findArticle, listArticles } from './articles';

/**
 * The one way to an article's full text, for the page and its plain-text download alike: the gate
 * first, decided from the summary without reading the body (a long read asks for its feature as well,
 * through requireFeature), then the article, or a 404 for a slug that names none. `path` is where
 * signing in or upgrading comes back to.
 */
export async function openArticle(slug: string, path: string): Promise<Subscriber & { article: Article }> {
  const summary = listArticles().find((candidate) => candidate.slug === slug);
  const subscriber = summary?.requires
    ? await requireFeature(summary.requires, path)
    : await requireSubscriber(path);
  const article = findArticle(slug);
  if (!article) notFound();
  return { ...subscriber, article };
}

/** An article as plain text: title, standfirst, byline, then the body, headings underlined. */
export function articleAsText(article: Article): string {
  const underline = (text: string, mark: string) => `${text}\n${mark.repeat(Math.min(text.length, 72))}`;
  const body = article.blocks.map((block) => {
    if (block.kind === 'heading') return underline(block.text, '-');
    if (block.kind === 'quote') return `    ${block.text}`;
    return block.text;
  });
  return [underline(article.title, '='), article.dek, `By ${article.author}, ${article.published}`, ...body]
    .join('\n\n')
    .concat('\n');
}
