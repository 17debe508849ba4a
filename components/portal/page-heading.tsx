import type { ReactNode } from 'react';

export function PageHeading({ title, intro }: { title: string; intro?: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
      {intro ? <p className="mt-2 max-w-2xl text-sm leading-6 text-slate-600">{intro}</p> : null}
    </div>
  );
}

/** The width and spacing of every signed-in portal page. */
export function PortalPage({ children }: { children: ReactNode }) {
  return <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">{children}</div>;
}
