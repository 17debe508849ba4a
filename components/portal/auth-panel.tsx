import type { ReactNode } from 'react';

/** The narrow, centred panel of the sign-in pages and the pages that explain a dead end. */
export function AuthPanel({
  icon,
  title,
  intro,
  children,
  footer,
  tone = 'neutral',
}: {
  icon: ReactNode;
  title: string;
  intro?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  tone?: 'neutral' | 'warning';
}) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-10 sm:py-16">
      <div className="rounded-2xl border border-slate-200 bg-white px-5 py-7 shadow-sm sm:px-8 sm:py-9">
        <span
          aria-hidden
          className={`grid size-11 place-items-center rounded-full ${
            tone === 'warning' ? 'bg-amber-100 text-amber-800' : 'bg-teal-50 text-teal-700'
          }`}
        >
          {icon}
        </span>
        <h1 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {intro ? <div className="mt-2 text-sm leading-6 text-slate-600">{intro}</div> : null}
        {children ? <div className="mt-6">{children}</div> : null}
      </div>
      {footer ? <div className="mt-6 text-center text-sm text-slate-600">{footer}</div> : null}
    </div>
  );
}
