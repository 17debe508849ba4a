import type { ReactNode } from 'react';

/** A white panel with an optional heading row (title, description, an action on the right). */
export function Card({
  title,
  description,
  action,
  children,
  className = '',
  headingLevel = 2,
  id,
}: {
  id?: string;
  title?: string;
  description?: ReactNode;
  action?: ReactNode;
  children?: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section id={id} className={`rounded-xl border border-slate-200 bg-white shadow-xs ${className}`}>
      {title ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4 sm:px-6">
          <div className="min-w-0">
            <Heading className="text-base font-semibold text-slate-900">{title}</Heading>
            {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
          </div>
          {action}
        </div>
      ) : null}
      <div className="px-5 py-5 sm:px-6">{children}</div>
    </section>
  );
}
