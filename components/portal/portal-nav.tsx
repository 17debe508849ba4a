'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';

const pagesWithoutNav = ['/portal/login', '/portal/access-ended'];

/** Which sides of the tab strip have tabs scrolled out of sight. */
function hiddenSides(strip: HTMLElement) {
  const end = strip.scrollWidth - strip.clientWidth;
  return { start: strip.scrollLeft > 1, end: strip.scrollLeft < end - 1 };
}

/**
 * Tabs across the portal's pages. On narrow screens the strip scrolls sideways rather than wrapping:
 * it opens scrolled to the current tab, and a fade with an arrow marks each side that has more tabs.
 */
export function PortalNav({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const strip = useRef<HTMLUListElement>(null);
  const [more, setMore] = useState({ start: false, end: false });
  const measure = useCallback(() => {
    if (strip.current) setMore(hiddenSides(strip.current));
  }, []);
  const hidden = pagesWithoutNav.some((path) => pathname.startsWith(path));
  const current = [...items]
    .sort((a, b) => b.href.length - a.href.length)
    .find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));

  useEffect(() => {
    const list = strip.current;
    const tab = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (list && tab && current) list.scrollLeft = tab.offsetLeft - (list.clientWidth - tab.offsetWidth) / 2;
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [current, measure]);

  if (hidden) return null;
  const fade =
    'pointer-events-none absolute inset-y-0 flex w-10 items-center from-white via-white/90 to-transparent';
  return (
    <nav aria-label="Billing portal" className="border-b border-slate-200 bg-white">
      <div className="relative mx-auto max-w-5xl">
        <ul
          ref={strip}
          onScroll={measure}
          className="flex scroll-px-10 gap-1 overflow-x-auto px-2 sm:gap-4 sm:px-4"
        >
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
        {more.start ? (
          <span aria-hidden data-testid="nav-more-start" className={`${fade} left-0 bg-linear-to-r pl-1`}>
            ‹
          </span>
        ) : null}
        {more.end ? (
          <span
            aria-hidden
            data-testid="nav-more-end"
            className={`${fade} right-0 justify-end bg-linear-to-l pr-1`}
          >
            ›
          </span>
        ) : null}
      </div>
    </nav>
  );
}
