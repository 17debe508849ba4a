import Link from 'next/link';
import type { ArticleSummary } from '@/lib/site/articles';
import { plansOpening } from '@/lib/site/catalog';
import { formatPublished } from '@/lib/site/format';

/** How a teaser names the feature an article needs; which plan grants it is the billing system's to say. */
const featureLabels: Record<string, string> = { 'long-reads': 'Long read' };

function requirementLabel(feature: string): string {
  const label = featureLabels[feature] ?? 'Higher tier';
  const plans = plansOpening(feature);
  return plans ? `${label} · ${plans}` : label;
}

export function ArticleTeaser({
  article,
  showOpening = true,
  headingLevel = 3,
}: {
  article: ArticleSummary;
  showOpening?: boolean;
  /** One below the heading the list sits under: h3 under the home page's h2, h2 right under an h1. */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="group border-t border-stone-200 py-8 first:border-t-0 first:pt-0">
      <p className="text-xs font-medium uppercase tracking-wider text-stone-500">
        {article.requires ? (
          <span
            className="mr-2 rounded-full bg-brand-50 px-2 py-0.5 text-brand-700"
            data-testid="requires-feature"
          >
            {requirementLabel(article.requires)}
          </span>
        ) : null}
        {article.author} · {formatPublished(article.published)} · {article.minutes} min read
      </p>
      <Heading className="mt-2 font-serif text-2xl font-bold leading-snug text-stone-900">
        <Link href={`/members/${article.slug}`} prefetch={false} className="hover:text-brand-700">
          {article.title}
        </Link>
      </Heading>
      <p className="mt-2 text-base leading-7 text-stone-600">{article.dek}</p>
      {showOpening ? (
        <p className="mt-4 line-clamp-3 font-serif text-[1.05rem] leading-7 text-stone-700">
          {article.opening}
        </p>
      ) : null}
      <Link
        href={`/members/${article.slug}`}
        prefetch={false}
        className="mt-4 inline-flex items-center gap-1 text-sm font-semibold text-brand-700 hover:underline"
      >
        Continue reading <span aria-hidden>→</span>
      </Link>
    </article>
  );
}
