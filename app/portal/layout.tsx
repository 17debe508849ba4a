import type { Metadata } from 'next';
import type { CSSProperties, ReactNode } from 'react';
import { PortalFooter } from '@/components/portal/portal-footer';
import { PortalHeader } from '@/components/portal/portal-header';
import { PortalNav } from '@/components/portal/portal-nav';
import { mainContentId, SkipLink } from '@/components/ui/skip-link';
import { portalSections } from '@/lib/portal/sections';
import { findPortalCustomer } from '@/lib/portal/session';

// Rendered per request, so each page gets the nonce of its Content-Security-Policy (proxy.ts). Only the
// public pages under app/(cached) are prerendered; their policy carries script hashes instead.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Billing portal', template: '%s · Billing portal' },
  robots: { index: false, follow: false },
  // Portal addresses can carry an email address: they never leave for another site in a Referer.
  referrer: 'same-origin',
};

const accent = { '--ui-accent': '#0f766e', '--ui-accent-strong': '#115e59' } as CSSProperties;

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const signedIn = await findPortalCustomer();
  const customer = signedIn?.customer;
  const name = [customer?.firstName, customer?.lastName].filter(Boolean).join(' ');
  return (
    <div
      style={accent}
      className="flex min-h-dvh flex-col bg-slate-50 text-slate-900 [&_:focus-visible]:outline-teal-700"
    >
      <SkipLink />
      <PortalHeader account={customer ? { label: customer.email || name || 'Signed in' } : undefined} />
      {customer ? <PortalNav items={portalSections.map(({ href, label }) => ({ href, label }))} /> : null}
      <main id={mainContentId} tabIndex={-1} className="flex-1 outline-none">
        {children}
      </main>
      <PortalFooter />
    </div>
  );
}
