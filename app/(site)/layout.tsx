import type { ReactNode } from 'react';
import { SiteShell } from '@/components/site/site-shell';

// Rendered per request, so each page gets the nonce of its Content-Security-Policy (proxy.ts). Only the
// public pages under app/(cached) are prerendered; their policy carries script hashes instead.
export const dynamic = 'force-dynamic';

export default function SiteLayout({ children }: { children: ReactNode }) {
  return <SiteShell>{children}</SiteShell>;
}
