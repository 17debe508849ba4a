import type { ReactNode } from 'react';

/** One thing a customer can do: what it is and what happens on the left, the control on the right. */
export function ActionRow({
  title,
  children,
  control,
  testId,
}: {
  title: string;
  children: ReactNode;
  control: ReactNode;
  testId?: string;
}) {
  return (
    <li
      className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between sm:gap-6"
      data-testid={testId}
    >
      <div className="min-w-0 sm:max-w-xl">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <div className="mt-1 text-sm leading-6 text-slate-600">{children}</div>
      </div>
      <div className="shrink-0 sm:w-56 [&_a]:w-full [&_button]:w-full">{control}</div>
    </li>
  );
}
