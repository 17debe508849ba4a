'use client';

import { useActionState, useRef } from 'react';
import { SelectField, TextField } from '@/components/ui/field';
import { useFocusAfterSubmit } from '@/components/ui/move-focus';
import { SubmitButton } from '@/components/ui/submit-button';
import { type FormState, initialFormState } from '@/lib/portal/form-state';
import type { AddressField } from '@/lib/portal/profile';
import { FormNotice } from './form-notice';

type Action = (state: FormState<AddressField>, form: FormData) => Promise<FormState<AddressField>>;

export function AddressForm({
  action,
  initial,
  countries,
}: {
  action: Action;
  initial: Record<AddressField, string>;
  countries: readonly { value: string; label: string }[];
}) {
  const [state, formAction] = useActionState(action, initialFormState<AddressField>(initial));
  const { values, errors } = state;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterSubmit(form, state);
  const field = (name: AddressField) => ({ name, defaultValue: values[name], error: errors[name] });
  return (
    <form ref={form} action={formAction} noValidate className="flex flex-col gap-5">
      <FormNotice state={state} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField label="First name" autoComplete="billing given-name" {...field('first_name')} />
        <TextField label="Last name" autoComplete="billing family-name" {...field('last_name')} />
        <TextField
          label="Company"
          optional
          autoComplete="billing organization"
          className="sm:col-span-2"
          {...field('company')}
        />
        <TextField
          label="Street address"
          required
          autoComplete="billing address-line1"
          className="sm:col-span-2"
          {...field('line1')}
        />
        <TextField
          label="Address line 2"
          optional
          hint="Apartment, suite, floor or building."
          autoComplete="billing address-line2"
          className="sm:col-span-2"
          {...field('line2')}
        />
        <TextField label="City" required autoComplete="billing address-level2" {...field('city')} />
        <TextField
          label="State or region"
          optional
          autoComplete="billing address-level1"
          {...field('state')}
        />
        <TextField label="Postal code" required autoComplete="billing postal-code" {...field('zip')} />
        <SelectField
          // React keeps a select's first default; a new key keeps the chosen country after an error.
          key={`country-${values.country ?? ''}`}
          label="Country"
          required
          autoComplete="billing country"
          options={countries}
          placeholder="Choose a country"
          {...field('country')}
        />
      </div>
      <div>
        <SubmitButton pendingText="Saving…">Save address</SubmitButton>
      </div>
    </form>
  );
}
