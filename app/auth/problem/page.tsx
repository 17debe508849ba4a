import type { Metadata } from 'next';
import Link from 'next/link';
import { pageContainer, primaryButton, secondaryButton } from '@/components/site/styles';

export const metadata: Metadata = { title: 'Sign-in problem' };

const problems: Record<string, { title: string; body: string }> = {
  state: {
    title: 'This sign-in link was not started in this browser',
    body: 'For your safety we only finish a sign-in in the browser that began it, and only within 15 minutes. The link you followed may have been opened in another browser, opened twice, or shared by someone else. Nothing was signed in. Start again below.',
  },
  invalid_request: {
    title: 'This sign-in link is incomplete',
    body: 'The link that brought you back from the billing portal was missing part of its sign-in details, so nobody was signed in. Start again below.',
  },
  rejected: {
    title: 'The billing portal did not confirm this sign-in',
    body: 'The sign-in had already been used, had expired, or was cancelled. Nobody was signed in. Start again below and use the newest code we email you.',
  },
  unavailable: {
    title: 'The billing service did not answer',
    body: 'We could not confirm your sign-in because the billing service is briefly unavailable. Nothing was changed. Wait a minute, then start again.',
  },
};

const fallback = {
  title: 'Sign-in did not finish',
  body: 'Something went wrong while signing you in, and nobody was signed in. Please start again.',
};

export default async function SignInProblemPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string }>;
}) {
  const { reason } = await searchParams;
  const problem = reason && Object.hasOwn(problems, reason) ? problems[reason] : fallback;
  return (
    <div className={`${pageContainer} py-20`}>
      <div className="max-w-xl" data-testid="sign-in-problem">
        <p className="text-xs font-semibold uppercase tracking-[0.18em] text-amber-700">Sign-in</p>
        <h1 className="mt-3 font-serif text-3xl font-bold text-stone-900">{problem?.title}</h1>
        <p className="mt-4 leading-7 text-stone-600">{problem?.body}</p>
        <div className="mt-8 flex flex-wrap gap-3">
          <a href="/login" className={primaryButton}>
            Sign in again
          </a>
          <Link href="/" className={secondaryButton}>
            Back to the home page
          </Link>
        </div>
      </div>
    </div>
  );
}
