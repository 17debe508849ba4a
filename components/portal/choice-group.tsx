import type { ReactNode } from 'react';
import { ErrorTitle, MoveFocus } from '@/components/ui/move-focus';

export type Choice = { value: string; title: ReactNode; description?: ReactNode; badge?: ReactNode };

/** Radio buttons as labelled cards, in a fieldset whose legend names the question; the error sits under it. */
export function ChoiceGroup({
  legend,
  name,
  choices,
  selected,
  error,
  columns = 1,
  takeFocus = false,
}: {
  legend: string;
  name: string;
  choices: readonly Choice[];
  selected?: string;
  error?: string;
  columns?: 1 | 2;
  /** On the page's first group with an error: focus goes to its first choice when the page shows. */
  takeFocus?: boolean;
}) {
  const errorId = error ? `choice-${name}-error` : undefined;
  return (
    <fieldset aria-describedby={errorId} className="min-w-0">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className={`mt-2 grid gap-3 ${columns === 2 ? 'sm:grid-cols-2' : ''}`}>
        {choices.map((choice, index) => (
          <label
            key={choice.value}
            className={`flex cursor-pointer items-start gap-3 rounded-xl border bg-white px-4 py-3.5 shadow-xs hover:border-teal-600 has-[:checked]:border-teal-700 has-[:checked]:bg-teal-50/60 ${
              error ? 'border-red-600' : 'border-slate-300'
            }`}
          >
            <input
              id={index === 0 ? `choice-${name}-first` : undefined}
              type="radio"
              name={name}
              value={choice.value}
              defaultChecked={choice.value === selected}
              className="mt-0.5 size-5 shrink-0 accent-teal-700"
            />
            <span className="min-w-0">
              <span className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
                {choice.title}
                {choice.badge}
              </span>
              {choice.description ? (
                <span className="mt-0.5 block text-sm text-slate-600">{choice.description}</span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
      {error && takeFocus ? (
        <>
          <ErrorTitle />
          <MoveFocus to={`choice-${name}-first`} />
        </>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1.5 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
