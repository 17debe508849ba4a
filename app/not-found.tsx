import type { Metadata } from 'next';
import { connection } from 'next/server';
import { SiteShell } from '@/components/site/site-shell';
import { ButtonLink } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

// Our own 404 rather than Next's built-in one, whose inline <style> carries no CSP nonce. Rendered per
// request (connection()) so its scripts get the nonce too.
export default async function NotFound() {
  await connection();
  return (
    <SiteShell>
      <section className="mx-auto max-w-2xl px-6 py-20">
        <h1 className="font-serif text-3xl font-bold text-slate-900">We can't find that page</h1>
        <p className="mt-4 text-slate-700">
          The address may be mistyped, or the page has moved. Everything we publish starts from the home page.
        </p>
        <ButtonLink href="/" className="mt-8">
          Go to the home page
        </ButtonLink>
      </section>
    </SiteShell>
  );
}
