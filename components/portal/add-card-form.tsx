'use client';

import { type ReactNode, useActionState, useRef } from 'react';
import { useFocusAfterSubmit } from '@/components/ui/move-focus';
import { SubmitButton } from '@/components/ui/submit-button';
import type { CardField } from '@/lib/portal/card-form';
import { type FormState, initialFormState } from '@/lib/portal/form-state';
import { CardFields } from './card-fields';
import { FormNotice } from './form-notice';

type Field = CardField | 'make_primary';
type Action = (state: FormState<Field>, form: FormData) => Promise<FormState<Field>>;

export function AddCardForm({
  action,
  years,
  hasCards,
  payNow,
  help,
}: {
  action: Action;
  years: readonly number[];
  hasCards: boolean;
  /** The amount due ("$9.00"), which saving the card also pays at once; none when nothing is due. */
  payNow?: string;
  help: ReactNode;
}) {
  const [state, formAction] = useActionState(action, initialFormState<Field>({}));
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterSubmit(form, state);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <form
        ref={form}
        action={formAction}
        noValidate
        className="flex min-w-0 flex-col gap-5"
        data-testid="add-card-form"
      >
        <FormNotice state={state} />
        <CardFields values={state.values} errors={state.errors} years={years} />
        {hasCards ? (
          <label className="flex items-start gap-3 text-sm text-slate-800">
            <input
              key={state.values.make_primary ?? ''}
              type="checkbox"
              name="make_primary"
              value="yes"
              defaultChecked={state.values.make_primary === 'yes'}
              className="mt-0.5 size-5 shrink-0 accent-teal-700"
            />
            <span>
              Make this my primary card
              <span className="block text-slate-500">
                Your subscriptions are charged to the primary card.
              </span>
            </span>
          </label>
        ) : (
          <p className="text-sm text-slate-500">Your first card becomes your primary card.</p>
        )}
        {payNow ? (
          <p className="text-sm text-slate-800" data-testid="pay-now-note">
            Saving this card also pays the {payNow} that is due, straight away. If the card is declined, it is
            still saved and the amount stays due.
          </p>
        ) : null}
        <div>
          <SubmitButton pendingText={payNow ? 'Saving card and paying…' : 'Saving card…'}>
            {payNow ? `Save card and pay ${payNow} now` : 'Save card'}
          </SubmitButton>
        </div>
      </form>
      {help}
    </div>
  );
}
