import { z } from 'zod';
import type { CardInput } from '@/lib/provider/gateway';

export const cardFields = ['number', 'expiry_month', 'expiry_year', 'cvv', 'name'] as const;
export type CardField = (typeof cardFields)[number];

/** The card number and the CVV are never sent back to the browser, not even after an error. */
export const secretCardFields: readonly CardField[] = ['number', 'cvv'];

export const cardSchema = z.object({
  number: z
    .string()
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the card number.')
        .regex(/^\d+$/, 'Use only digits in the card number (spaces are fine).')
        .regex(/^\d{12,19}$/, 'A card number has 12 to 19 digits. Check it and try again.'),
    ),
  expiry_month: z
    .string()
    .regex(/^(0?[1-9]|1[0-2])$/, 'Choose the month the card expires.')
    .transform(Number),
  expiry_year: z
    .string()
    .regex(/^20\d\d$/, 'Choose the year the card expires.')
    .transform(Number),
  cvv: z
    .string()
    .trim()
    .min(1, 'Enter the security code from the card.')
    .regex(/^\d{3,4}$/, 'The security code is the 3 digits on the back (4 on the front for Amex).'),
  name: z.string().trim().max(150, 'The name on the card can be at most 150 characters long.'),
});

export type CardFormInput = z.output<typeof cardSchema>;

/** The gateway's input: the name on the card split into first names and the last name. */
export function toCardInput(input: CardFormInput): CardInput {
  const words = input.name.split(/\s+/).filter(Boolean);
  const last = words.length > 1 ? words.pop() : undefined;
  return {
    number: input.number,
    expiry_month: input.expiry_month,
    expiry_year: input.expiry_year,
    cvv: input.cvv,
    first_name: words.length > 0 ? words.join(' ') : undefined,
    last_name: last,
  };
}

/** What may go back into the form after an error: everything but the number and the CVV. */
export function keptCardValues<F extends string>(
  values: Partial<Record<F, string>>,
): Partial<Record<F, string>> {
  const kept = { ...values };
  for (const field of secretCardFields) delete kept[field as unknown as F];
  return kept;
}

/** This year and the next 15, for the expiry year list. */
export function expiryYears(now = new Date()): number[] {
  const first = now.getUTCFullYear();
  return Array.from({ length: 16 }, (_, i) => first + i);
}
