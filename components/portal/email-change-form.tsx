'use client';

import { useActionState, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ErrorTitle, useFocusAfterSubmit } from '@/components/ui/move-focus';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import type { EmailChangeState } from '@/lib/portal/email-change-state';

type Action = (state: EmailChangeState, form: FormData) => Promise<EmailChangeState>;

/** Two steps: the new address gets a code; the change happens when the code comes back. */
export function EmailChangeForm({ action, currentEmail }: { action: Action; currentEmail: string }) {
  const [state, formAction] = useActionState(action, { step: 'email', newEmail: '' });
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterSubmit(form, state);
  if (state.step === 'code') {
    return (
      <form ref={form} action={formAction} noValidate className="flex flex-col gap-5">
        <input type="hidden" name="new_email" value={state.newEmail} />
        {state.error ? <ErrorTitle /> : null}
        <p className="text-sm leading-6 text-slate-600">
          We&apos;ve sent a 6-digit code to <strong className="text-slate-900">{state.newEmail}</strong>.
          Enter it here to make it your email address. The code expires in 10 minutes.
        </p>
        <TextField
          label="Code from the email"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={9}
          required
          data-result
          error={state.error}
          className="max-w-xs [&_input]:font-mono [&_input]:tracking-[0.3em]"
        />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton name="intent" value="confirm" pendingText="Checking…">
            Confirm new email
          </SubmitButton>
          <Button name="intent" value="restart" variant="secondary">
            Start again
          </Button>
        </div>
      </form>
    );
  }
  return (
    <form ref={form} action={formAction} noValidate className="flex flex-col gap-5">
      {state.error ? <ErrorTitle /> : null}
      {state.step === 'done' && state.message ? (
        <Notice tone="success" testId="email-changed" focus="result">
          {state.message}
        </Notice>
      ) : null}
      <p className="text-sm text-slate-600">
        Your email address is{' '}
        <strong className="break-all text-slate-900">{currentEmail || 'not set'}</strong>. We send sign-in
        codes and billing emails there.
      </p>
      <TextField
        label="New email address"
        name="new_email"
        type="email"
        autoComplete="email"
        spellCheck={false}
        required
        data-result
        defaultValue={state.step === 'email' ? state.newEmail : ''}
        error={state.error}
        className="max-w-md"
      />
      <div>
        <SubmitButton name="intent" value="send" pendingText="Sending…" variant="secondary">
          Send a code to the new address
        </SubmitButton>
      </div>
    </form>
  );
}
