'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const pagesWithoutNav = ['/portal/login', '/portal/access-ended'];

/** Tabs across the portal's pages; scrolls sideways on narrow screens rather than wrapping. */
export function PortalNav({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  if (pagesWithoutNav.some((path) => pathname.startsWith(path))) return null;
  const current = [...items]
    .sort((a, b) => b.href.length - a.href.length)
    .find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return (
    <nav aria-label="Billing portal" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-2 sm:gap-4 sm:px-4">
        {items.map((item) => {
          const active = item.href === current?.href;
          return (
            <li key={item.href} className="shrink-0">
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`-mb-px inline-block border-b-2 px-2 py-3 text-sm font-medium whitespace-nowrap ${
                  active
                    ? 'border-teal-700 text-teal-800'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
