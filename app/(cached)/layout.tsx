import type { ReactNode } from 'react';
import { SiteShell } from '@/components/site/site-shell';

/**
 * The public pages as a signed-out visitor sees them, prerendered and kept in Next's cache (and any shared
 * cache in front) for everyone without a session. proxy.ts sends such visitors of `/` and `/pricing`
 * here; readers with a session get the pages of app/(site), rendered for them. `force-static` makes
 * cookies and headers read as empty while these render, so nothing of any reader can end up in them.
 */
export const dynamic = 'force-static';

export default function CachedLayout({ children }: { children: ReactNode }) {
  return <SiteShell>{children}</SiteShell>;
}
