import type { Metadata } from 'next';
import Link from 'next/link';
import { ArticleBody } from '@/components/site/article-body';
import { PaymentDueNotice } from '@/components/site/payment-due-notice';
import { pageContainer, quietLink } from '@/components/site/styles';
import { listArticles } from '@/lib/site/articles';
import { formatPublished } from '@/lib/site/format';
import { openArticle } from '@/lib/site/open-article';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const summary = listArticles().find((article) => article.slug === slug);
  return { title: summary?.title ?? 'Members’ library' };
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const path = `/members/${encodeURIComponent(slug)}`;
  const { entitlement, article } = await openArticle(slug, path);
  return (
    <article className={`${pageContainer} py-14 sm:py-20`}>
      <div className="mx-auto max-w-2xl">
        <p className="text-sm">
          <Link href="/members" className={quietLink}>
            ← Members’ library
          </Link>
        </p>
        {entitlement.totalDues > 0 ? (
          <div className="mt-6">
            <PaymentDueNotice entitlement={entitlement} />
          </div>
        ) : null}
        <h1 className="mt-6 font-serif text-4xl font-bold leading-tight tracking-tight text-stone-900 sm:text-5xl">
          {article.title}
        </h1>
        <p className="mt-4 text-xl leading-8 text-stone-600">{article.dek}</p>
        <p className="mt-6 border-b border-stone-200 pb-8 text-sm text-stone-500">
          By <span className="font-medium text-stone-700">{article.author}</span> ·{' '}
          {formatPublished(article.published)} · {article.minutes} min read
        </p>
        <div className="mt-10" data-testid="article-body">
          <ArticleBody blocks={article.blocks} />
        </div>
        <p className="mt-12 border-t border-stone-200 pt-6 text-sm">
          <a href={`${path}/text`} className={quietLink} download>
            Download as plain text
          </a>
        </p>
      </div>
    </article>
  );
}
