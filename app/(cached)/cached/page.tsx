import HomePage from '@/app/(site)/page';

export const dynamic = 'force-static';
// Built from the articles in content/, which change with a deploy; an hour bounds a shared cache's copy.
export const revalidate = 3600;

/** `/` for a visitor without a session (proxy.ts rewrites here). */
export default function CachedHomePage() {
  return <HomePage searchParams={Promise.resolve({})} />;
}
