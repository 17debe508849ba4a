'use client';

import { useActionState, useRef } from 'react';
import { TextField } from '@/components/ui/field';
import { useFocusAfterSubmit } from '@/components/ui/move-focus';
import { SubmitButton } from '@/components/ui/submit-button';
import { type FormState, initialFormState } from '@/lib/portal/form-state';
import type { AccountField } from '@/lib/portal/profile';
import { FormNotice } from './form-notice';

type Action = (state: FormState<AccountField>, form: FormData) => Promise<FormState<AccountField>>;

export function AccountForm({ action, initial }: { action: Action; initial: Record<AccountField, string> }) {
  const [state, formAction] = useActionState(action, initialFormState<AccountField>(initial));
  const { values, errors } = state;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterSubmit(form, state);
  return (
    <form ref={form} action={formAction} noValidate className="flex flex-col gap-5">
      <FormNotice state={state} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label="First name"
          name="first_name"
          autoComplete="given-name"
          defaultValue={values.first_name}
          error={errors.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          autoComplete="family-name"
          defaultValue={values.last_name}
          error={errors.last_name}
        />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          optional
          defaultValue={values.phone}
          error={errors.phone}
        />
        <TextField
          label="Company"
          name="company"
          autoComplete="organization"
          optional
          defaultValue={values.company}
          error={errors.company}
        />
      </div>
      <div>
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}
