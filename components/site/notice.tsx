import type { ReactNode } from 'react';

const tones = {
  info: 'border-brand-100 bg-brand-50 text-brand-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
};

export function Notice({
  tone = 'info',
  title,
  children,
  testId,
}: {
  tone?: keyof typeof tones;
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div role="status" data-testid={testId} className={`rounded-xl border px-5 py-4 ${tones[tone]}`}>
      <p className="font-semibold">{title}</p>
      {children ? <div className="mt-1 text-sm leading-6 opacity-90">{children}</div> : null}
    </div>
  );
}
