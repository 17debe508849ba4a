import type { ReactNode } from 'react';
import { FocusParent } from './move-focus';

export type NoticeTone = 'error' | 'success' | 'info';

const tones: Record<NoticeTone, string> = {
  error: 'border-red-200 bg-red-50 text-red-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
};

/**
 * A short message box. Errors are alerts and confirmations polite status messages, so screen readers
 * announce them when they appear. `focus` makes it a place focus can be sent: `result` for a form's
 * answer (the form moves focus there), `mount` to take focus as soon as the page shows it.
 */
export function Notice({
  tone = 'info',
  title,
  children,
  testId,
  focus,
}: {
  tone?: NoticeTone;
  title?: string;
  children?: ReactNode;
  testId?: string;
  focus?: 'result' | 'mount';
}) {
  return (
    <div
      role={tone === 'info' ? undefined : tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      data-result={focus ? '' : undefined}
      tabIndex={focus ? -1 : undefined}
      className={`rounded-lg border px-4 py-3 text-sm leading-6 outline-offset-2 ${tones[tone]}`}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-0.5' : undefined}>{children}</div> : null}
      {focus === 'mount' ? <FocusParent /> : null}
    </div>
  );
}
