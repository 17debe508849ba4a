import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type FieldFrame = {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** Says "(optional)" beside the label. */
  optional?: boolean;
  /** Makes the error an alert, for a form with no error summary (sign-in email and code). */
  announceError?: boolean;
  className?: string;
};

const controlClass =
  'block h-11 w-full rounded-lg border bg-white px-3 text-base text-slate-900 shadow-xs ' +
  'placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0 ' +
  'focus-visible:outline-[var(--ui-accent,var(--color-brand-600))] disabled:bg-slate-100';

function ids(name: string, id: string | undefined, hint: unknown, error: unknown) {
  const fieldId = id ?? `field-${name}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return { fieldId, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

function Frame({
  label,
  error,
  hint,
  optional,
  className,
  fieldId,
  hintId,
  errorId,
  announceError,
  children,
}: Omit<FieldFrame, 'name'> & { fieldId: string; hintId?: string; errorId?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
        {optional ? <span className="font-normal text-slate-500"> (optional)</span> : null}
      </label>
      <div className="mt-1.5">{children}</div>
      {hint ? (
        <p id={hintId} className="mt-1.5 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p
          id={errorId}
          role={announceError ? 'alert' : undefined}
          className="mt-1.5 text-sm font-medium text-red-700"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled text input whose error sits right under it and is announced with it. */
export function TextField({
  label,
  name,
  error,
  hint,
  optional,
  className,
  id,
  announceError,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { fieldId, hintId, errorId, describedBy } = ids(name, id, hint, error);
  return (
    <Frame {...{ label, error, hint, optional, className, fieldId, hintId, errorId, announceError }}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`${controlClass} ${error ? 'border-red-600' : 'border-slate-300'}`}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  optional,
  className,
  id,
  options,
  placeholder,
  announceError,
  ...select
}: FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & {
    options: readonly { value: string; label: string }[];
    placeholder?: string;
  }) {
  const { fieldId, hintId, errorId, describedBy } = ids(name, id, hint, error);
  return (
    <Frame {...{ label, error, hint, optional, className, fieldId, hintId, errorId, announceError }}>
      <div className="relative">
        <select
          id={fieldId}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${controlClass} appearance-none pr-10 ${error ? 'border-red-600' : 'border-slate-300'}`}
          {...select}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          fill="currentColor"
          className="pointer-events-none absolute top-1/2 right-3 size-5 -translate-y-1/2 text-slate-500"
        >
          <path d="M5.2 7.7a.75.75 0 0 1 1.06.02L10 11.6l3.74-3.88a.75.75 0 1 1 1.08 1.04l-4.28 4.44a.75.75 0 0 1-1.08 0L5.18 8.76a.75.75 0 0 1 .02-1.06Z" />
        </svg>
      </div>
    </Frame>
  );
}
