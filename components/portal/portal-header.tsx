import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { brand } from '@/lib/brand';
import { LockIcon } from './icons';

/** The billing provider's header: who is signed in, and the way out. On phones the email gets its own line. */
export function PortalHeader({ account }: { account?: { label: string } }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-3 gap-y-2 px-4 py-3 sm:flex-nowrap sm:px-6">
        {/* Signed out, the logo leads back to the login page the visitor is on: prefetching it would render
            that page again on the server while the visitor submits its form (docs/PERFORMANCE.md). */}
        <Link
          href={account ? '/portal' : '/portal/login'}
          prefetch={account ? undefined : false}
          className="flex shrink-0 items-center gap-2.5"
        >
          <span aria-hidden className="grid size-9 place-items-center rounded-lg bg-teal-700 text-white">
            <LockIcon />
          </span>
          <span className="leading-tight">
            <span className="block text-sm font-semibold text-slate-900">{brand.name}</span>
            <span className="block text-xs text-slate-500">Billing portal</span>
          </span>
        </Link>
        {account ? (
          <>
            <p
              className="order-3 w-full min-w-0 truncate text-sm text-slate-600 sm:order-2 sm:ml-auto sm:w-auto"
              data-testid="portal-account"
            >
              <span className="sr-only">Signed in as </span>
              {account.label}
            </p>
            <form action="/portal/logout" method="post" className="order-2 shrink-0 sm:order-3">
              <Button variant="secondary" size="sm">
                Log out
              </Button>
            </form>
          </>
        ) : null}
      </div>
    </header>
  );
}
