'use client';

import { type CSSProperties, useActionState, useRef } from 'react';
import { ErrorTitle, useFocusAfterSubmit } from '@/components/ui/move-focus';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/portal/action-result';

type Action = (state: ActionResult, form: FormData) => Promise<ActionResult>;

const danger = { '--ui-accent': '#b91c1c', '--ui-accent-strong': '#991b1b' } as CSSProperties;

/** One button that runs a server action with a few hidden fields; a refusal shows right under it. */
export function ActionForm({
  action,
  fields,
  label,
  pendingText,
  variant = 'primary',
  destructive = false,
  testId,
  className = '',
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  pendingText: string;
  variant?: 'primary' | 'secondary';
  destructive?: boolean;
  testId?: string;
  className?: string;
}) {
  const [state, formAction] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterSubmit(form, state);
  return (
    <form ref={form} action={formAction} className={`flex flex-col gap-3 ${className}`} data-testid={testId}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div style={destructive ? danger : undefined}>
        <SubmitButton variant={variant} pendingText={pendingText} className="w-full sm:w-auto">
          {label}
        </SubmitButton>
      </div>
      {state.error ? (
        <>
          <ErrorTitle />
          <Notice tone="error" testId="action-error" focus="result">
            {state.error}
          </Notice>
        </>
      ) : null}
    </form>
  );
}
