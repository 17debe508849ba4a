import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { type Database, db } from '@/lib/db/client';
import type { CustomerRow } from '@/lib/provider/customers';
import { atMachineTime } from '@/lib/provider/machine-clock';
import { errorsByField, type FormState, readFields } from './form-state';
import { requirePortalCustomer } from './session';

/**
 * The body of every portal form action: the signed-in customer first, then the form parsed by its
 * schema (errors go back beside their fields, with the typed values), then the change in a transaction.
 */
export async function runPortalForm<F extends string, S extends z.ZodType>(
  form: FormData,
  fields: readonly F[],
  schema: S,
  save: (input: z.output<S>, context: { tx: Database; customer: CustomerRow }) => Promise<unknown>,
  savedMessage: string,
): Promise<FormState<F>> {
  const { customer } = await requirePortalCustomer();
  const values = readFields(form, fields);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return {
      status: 'invalid',
      message: 'Some details need fixing: see the notes under the fields.',
      values,
      errors: errorsByField<F>(parsed.error),
    };
  }
  try {
    const database = await db();
    await atMachineTime(() => database.transaction((tx) => save(parsed.data, { tx, customer })), database);
  } catch (error) {
    console.error(`[portal] saving a form failed: ${(error as Error).message}`);
    return {
      status: 'failed',
      message: 'We could not save your changes just now. Nothing was changed; please try again in a moment.',
      values,
      errors: {},
    };
  }
  revalidatePath('/portal', 'layout');
  return { status: 'saved', message: savedMessage, values, errors: {} };
}
