import type { ReactNode } from 'react';
import { SiteShell } from '@/components/site/site-shell';

// No loading.tsx here: it would turn the gate's redirects into 200s for clients without JavaScript.
export default function MembersLayout({ children }: { children: ReactNode }) {
  return <SiteShell>{children}</SiteShell>;
}
