import Link from 'next/link';
import { currentCustomer } from '@/lib/auth/session';
import { brand } from '@/lib/brand';

const navLink =
  'whitespace-nowrap rounded-md px-1.5 py-1 text-stone-600 transition-[color,background-color,border-color] hover:text-stone-900 sm:px-2';

export async function SiteHeader() {
  const customer = await currentCustomer();
  return (
    <header className="border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-5 py-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 font-serif text-xl font-bold tracking-tight text-stone-900"
        >
          <span
            aria-hidden
            className="hidden size-8 place-items-center rounded-md bg-brand-600 text-sm text-white min-[400px]:grid"
          >
            {brand.logo.initial}
          </span>
          <span>{brand.name}</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm font-medium sm:gap-3">
          <Link href="/pricing" className={navLink}>
            Pricing
          </Link>
          <Link href="/members" prefetch={false} className={navLink}>
            Members
          </Link>
          {customer ? (
            <Link href="/account" prefetch={false} className={navLink}>
              Account
            </Link>
          ) : (
            <a
              href="/login"
              className="ml-1 whitespace-nowrap rounded-full border border-stone-300 px-3 py-1.5 text-stone-800 transition-[color,background-color,border-color] hover:border-stone-400 hover:bg-stone-50"
            >
              Sign in
            </a>
          )}
        </nav>
      </div>
    </header>
  );
}
