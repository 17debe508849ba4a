import Link from 'next/link';
import { ArticleTeaser } from '@/components/site/article-teaser';
import { Notice } from '@/components/site/notice';
import { kicker, pageContainer, primaryButton, secondaryButton } from '@/components/site/styles';
import { listArticles } from '@/lib/site/articles';

const promises = [
  {
    title: 'Sign in with your email',
    body: 'No password to remember here. You confirm your email with a one-time code on the billing portal and come straight back.',
  },
  {
    title: 'Billing you can manage yourself',
    body: 'Change plan, update your card, download invoices or cancel from the self-serve portal, one click from your account.',
  },
  {
    title: 'Cancel whenever you like',
    body: 'Your access runs to the end of the period you paid for, and the account page always says exactly when that is.',
  },
];

export default async function HomePage({ searchParams }: { searchParams: Promise<{ signed_out?: string }> }) {
  const { signed_out: signedOut } = await searchParams;
  const articles = listArticles();
  return (
    <>
      <section className="border-b border-stone-200 bg-gradient-to-b from-white to-stone-50">
        <div className={`${pageContainer} py-16 sm:py-24`}>
          {signedOut ? (
            <div className="mb-10 max-w-xl">
              <Notice tone="success" title="You are signed out." testId="signed-out">
                Your billing portal sessions were closed too.
              </Notice>
            </div>
          ) : null}
          <p className={kicker}>Independent writing</p>
          <h1 className="mt-4 max-w-3xl font-serif text-4xl font-bold leading-tight tracking-tight text-stone-900 sm:text-6xl">
            Long reads for people who build things that last.
          </h1>
          <p className="mt-6 max-w-2xl text-lg leading-8 text-stone-600">
            Essays on durable software and honest businesses: the boring choices that hold up, the promises
            worth keeping, and the habits that make small teams outlast big ones. Members read everything.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/pricing" className={primaryButton}>
              See membership plans
            </Link>
            <Link href="/members" prefetch={false} className={secondaryButton}>
              Browse the library
            </Link>
          </div>
        </div>
      </section>

      <section aria-labelledby="latest" className={`${pageContainer} py-14 sm:py-20`}>
        <div className="grid gap-12 lg:grid-cols-[1fr_18rem]">
          <div>
            <h2 id="latest" className="font-serif text-3xl font-bold text-stone-900">
              From the members’ library
            </h2>
            <p className="mt-2 text-stone-600">
              The opening of every essay is free. The rest is for members.
            </p>
            <div className="mt-10">
              {articles.map((article) => (
                <ArticleTeaser key={article.slug} article={article} />
              ))}
            </div>
          </div>
          <aside aria-labelledby="how-it-works" className="lg:sticky lg:top-8 lg:self-start">
            <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
              <h2 id="how-it-works" className="font-serif text-xl font-bold text-stone-900">
                How membership works
              </h2>
              <ul className="mt-4 space-y-5">
                {promises.map((promise) => (
                  <li key={promise.title}>
                    <h3 className="text-sm font-semibold text-stone-900">{promise.title}</h3>
                    <p className="mt-1 text-sm leading-6 text-stone-600">{promise.body}</p>
                  </li>
                ))}
              </ul>
              <Link href="/pricing" className={`${primaryButton} mt-6 w-full`}>
                Become a member
              </Link>
            </div>
          </aside>
        </div>
      </section>
    </>
  );
}
