'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type Database, db } from '@/lib/db/client';
import type { ActionResult } from '@/lib/portal/action-result';
import { loadInvoices } from '@/lib/portal/billing';
import { cardChangeProblem, cardProblem, payProblem } from '@/lib/portal/billing-errors';
import { cardLabel } from '@/lib/portal/billing-format';
import { type CardField, cardFields, cardSchema, keptCardValues, toCardInput } from '@/lib/portal/card-form';
import { duesAmount, duesOf, stillDueText } from '@/lib/portal/dues';
import { errorsByField, type FormState, readFields } from '@/lib/portal/form-state';
import { formText } from '@/lib/portal/requests';
import { addOwnCard, makeOwnCardPrimary, payOwnDues, removeOwnCard } from '@/lib/portal/self-serve';
import { requirePortalCustomer } from '@/lib/portal/session';
import { dunningSchedule } from '@/lib/provider/dunning';
import { atMachineTime } from '@/lib/provider/machine-clock';

type AddCardField = CardField | 'make_primary';

async function dues(database: Database, customerId: string) {
  return duesOf(await loadInvoices(database, customerId));
}

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
    const owed = await dues(database, customer.id);
    const { payment_source } = await atMachineTime(
      () => addOwnCard(database, customer.id, toCardInput(parsed.data), makePrimary),
      database,
    );
    revalidatePath('/portal', 'layout');
    const label = cardLabel(payment_source.card);
    const left = owed ? await dues(database, customer.id) : undefined;
    if (owed && left)
      return {
        status: 'failed',
        message: `${label} is saved, but the payment with it was declined. ${stillDueText(left, dunningSchedule())}`,
        values: {},
        errors: {},
      };
    return {
      status: 'saved',
      message: owed
        ? `${label} is saved, and ${duesAmount(owed)} is paid with it. Nothing is due now.`
        : `${label} is saved.`,
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

/** Pays what is due with a card already on file; a decline stays on the page with what is still owed. */
export async function payDues(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const { customer } = await requirePortalCustomer();
  const id = formText(form, 'payment_source_id', 200);
  try {
    const database = await db();
    await atMachineTime(() => payOwnDues(database, customer.id, id), database);
    revalidatePath('/portal', 'layout');
    const left = await dues(database, customer.id);
    if (left) return { error: `The payment was declined. ${stillDueText(left, dunningSchedule())}` };
  } catch (error) {
    return { error: payProblem(error) };
  }
  redirect('/portal/payment-methods?done=paid');
}
