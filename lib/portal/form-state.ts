import type { z } from 'zod';

/** What a portal form action answers: the values as typed (kept after an error) and errors by field. */
export type FormState<F extends string = string> = {
  status: 'idle' | 'saved' | 'invalid' | 'failed';
  message?: string;
  values: Partial<Record<F, string>>;
  errors: Partial<Record<F, string>>;
};

export function initialFormState<F extends string>(values: Partial<Record<F, string>>): FormState<F> {
  return { status: 'idle', values, errors: {} };
}

export function readFields<F extends string>(form: FormData, fields: readonly F[]): Record<F, string> {
  const values = {} as Record<F, string>;
  for (const field of fields) {
    const value = form.get(field);
    values[field] = typeof value === 'string' ? value.slice(0, 1000) : '';
  }
  return values;
}

/** The first problem of each field, in the schema's own words. */
export function errorsByField<F extends string>(error: z.ZodError): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') as F;
    errors[field] ??= issue.message;
  }
  return errors;
}
