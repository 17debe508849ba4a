import Link from 'next/link';
import { brand } from '@/lib/brand';

export function SiteFooter() {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-col gap-3 px-5 py-8 text-sm text-stone-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-serif font-semibold text-stone-700">{brand.name}</span> — {brand.tagline}
        </p>
        <nav aria-label="Footer" className="flex gap-4">
          <Link href="/pricing" className="hover:text-stone-800">
            Pricing
          </Link>
          <Link href="/account" prefetch={false} className="hover:text-stone-800">
            Account
          </Link>
        </nav>
      </div>
    </footer>
  );
}
