import type { ReactNode } from 'react';

export type NoticeTone = 'error' | 'success' | 'info';

const tones: Record<NoticeTone, string> = {
  error: 'border-red-200 bg-red-50 text-red-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
};

/** A short message box; errors and confirmations are announced to screen readers. */
export function Notice({
  tone = 'info',
  title,
  children,
  testId,
}: {
  tone?: NoticeTone;
  title?: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === 'info' ? undefined : 'status'}
      data-testid={testId}
      className={`rounded-lg border px-4 py-3 text-sm leading-6 ${tones[tone]}`}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-0.5' : undefined}>{children}</div> : null}
    </div>
  );
}
