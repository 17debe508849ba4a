import Link from 'next/link';
import { ArrowLeftIcon } from './icons';

export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link
      href={href}
      className="inline-flex w-fit items-center gap-1.5 text-sm font-medium text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline"
    >
      <ArrowLeftIcon />
      {children}
    </Link>
  );
}
