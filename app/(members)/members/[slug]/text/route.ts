import { articleAsText, openArticle } from '@/lib/site/open-article';

/**
 * GET /members/{slug}/text: the article as a plain-text download, behind the same gate as its page
 * (a long read only for a plan with its feature). Never cached outside the reader's own browser.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { article } = await openArticle(slug, `/members/${encodeURIComponent(slug)}`);
  return new Response(articleAsText(article), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${article.slug}.txt"`,
      'cache-control': 'private, no-store',
    },
  });
}
