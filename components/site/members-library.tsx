import type { ReactNode } from 'react';
import { ArticleTeaser } from '@/components/site/article-teaser';
import { Notice } from '@/components/site/notice';
import { kicker, pageContainer } from '@/components/site/styles';
import { listArticles } from '@/lib/site/articles';

/** The members' library: every article, newest first. The page that renders it does the gating. */
export function MembersLibrary({
  name,
  welcome,
  notice,
}: {
  name: string | null;
  welcome: boolean;
  /** A notice about the reader's billing (a failed payment), shown above the articles. */
  notice?: ReactNode;
}) {
  const articles = listArticles();
  return (
    <div className={`${pageContainer} py-14 sm:py-20`}>
      <div className="max-w-3xl">
        <p className={kicker}>Members’ library</p>
        <h1 className="mt-3 font-serif text-4xl font-bold tracking-tight text-stone-900 sm:text-5xl">
          Every essay, newest first
        </h1>
        <p className="mt-4 text-lg leading-8 text-stone-600">
          {`Welcome${name ? `, ${name.split(' ')[0]}` : ''}. Here is everything published so far. A long read names the plan that opens it.`}
        </p>
        {welcome ? (
          <div className="mt-8">
            <Notice tone="success" title="Your membership is active." testId="welcome">
              Thank you for subscribing. Your receipt is on its way by email, and your account page shows your
              plan.
            </Notice>
          </div>
        ) : null}
        {notice ? <div className="mt-8">{notice}</div> : null}
        <div className="mt-12" data-testid="members-library">
          {articles.map((article) => (
            <ArticleTeaser key={article.slug} article={article} showOpening={false} headingLevel={2} />
          ))}
        </div>
      </div>
    </div>
  );
}
