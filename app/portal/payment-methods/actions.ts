'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/lib/db/client';
import type { ActionResult } from '@/lib/portal/action-result';
import { cardChangeProblem, cardProblem } from '@/lib/portal/billing-errors';
import { cardLabel } from '@/lib/portal/billing-format';
import { type CardField, cardFields, cardSchema, keptCardValues, toCardInput } from '@/lib/portal/card-form';
import { errorsByField, type FormState, readFields } from '@/lib/portal/form-state';
import { formText } from '@/lib/portal/requests';
import { addOwnCard, makeOwnCardPrimary, removeOwnCard } from '@/lib/portal/self-serve';
import { requirePortalCustomer } from '@/lib/portal/session';
import { atMachineTime } from '@/lib/provider/machine-clock';

type AddCardField = CardField | 'make_primary';

export async function addCard(
  _previous: FormState<AddCardField>,
  form: FormData,
): Promise<FormState<AddCardField>> {
  const { customer } = await requirePortalCustomer();
  const values = readFields(form, cardFields);
  const makePrimary = form.get('make_primary') === 'yes';
  const kept = { ...keptCardValues(values), make_primary: makePrimary ? 'yes' : '' };
  const parsed = cardSchema.safeParse(values);
  if (!parsed.success) {
    return {
      status: 'invalid',
      message: 'Some card details need fixing: see the notes under the fields.',
      values: kept,
      errors: errorsByField<CardField>(parsed.error),
    };
  }
  try {
    const database = await db();
    const { payment_source, collected } = await atMachineTime(
      () => addOwnCard(database, customer.id, toCardInput(parsed.data), makePrimary),
      database,
    );
    revalidatePath('/portal', 'layout');
    return {
      status: 'saved',
      message:
        collected > 0
          ? `${cardLabel(payment_source.card)} is saved, and what you owed is paid with it.`
          : `${cardLabel(payment_source.card)} is saved.`,
      values: {},
      errors: {},
    };
  } catch (error) {
    const problem = cardProblem(error);
    return {
      status: problem.field ? 'invalid' : 'failed',
      message: problem.field ? 'The card was not saved: see the note under the field.' : problem.message,
      values: kept,
      errors: problem.field ? { [problem.field]: problem.message } : {},
    };
  }
}

export async function removeCard(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const { customer } = await requirePortalCustomer();
  try {
    const database = await db();
    const id = formText(form, 'payment_source_id', 200);
    await atMachineTime(() => removeOwnCard(database, customer.id, id), database);
  } catch (error) {
    return { error: cardChangeProblem(error) };
  }
  revalidatePath('/portal', 'layout');
  redirect('/portal/payment-methods?done=removed');
}

export async function makeCardPrimary(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const { customer } = await requirePortalCustomer();
  try {
    const database = await db();
    const id = formText(form, 'payment_source_id', 200);
    await atMachineTime(() => makeOwnCardPrimary(database, customer.id, id), database);
  } catch (error) {
    return { error: cardChangeProblem(error) };
  }
  revalidatePath('/portal', 'layout');
  redirect('/portal/payment-methods?done=primary');
}
