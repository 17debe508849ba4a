import type { Metadata } from 'next';
import type { CSSProperties, ReactNode } from 'react';
import { LockIcon } from '@/components/portal/icons';
import { PortalFooter } from '@/components/portal/portal-footer';
import { mainContentId, SkipLink } from '@/components/ui/skip-link';
import { brand } from '@/lib/brand';

// Rendered per request, so each page gets the nonce of its Content-Security-Policy (proxy.ts). Only the
// public pages under app/(cached) are prerendered; their policy carries script hashes instead.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Checkout', template: '%s · Secure checkout' },
  robots: { index: false, follow: false },
  // The page id in the address is what lets anyone pay: it never leaves for another site in a Referer.
  referrer: 'same-origin',
};

const accent = { '--ui-accent': '#0f766e', '--ui-accent-strong': '#115e59' } as CSSProperties;

/** The billing provider's hosted pages (Chargebee's /pages/v3/{id}/): no portal sign-in, no portal nav. */
export default function HostedPagesLayout({ children }: { children: ReactNode }) {
  return (
    <div
      style={accent}
      className="flex min-h-dvh flex-col bg-slate-50 text-slate-900 [&_:focus-visible]:outline-teal-700"
    >
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-2.5 px-4 py-3 sm:px-6">
          <span aria-hidden className="grid size-9 place-items-center rounded-lg bg-teal-700 text-white">
            <LockIcon />
          </span>
          <span className="leading-tight">
            <span className="block text-sm font-semibold text-slate-900">{brand.name}</span>
            <span className="block text-xs text-slate-500">Secure checkout</span>
          </span>
        </div>
      </header>
      <main id={mainContentId} tabIndex={-1} className="flex-1 outline-none">
        {children}
      </main>
      <PortalFooter />
    </div>
  );
}
