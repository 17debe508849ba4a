import { z } from 'zod';
import { emailSchema } from './email';

/** The form fields of "Your details", named as the API's `customer[...]` so values map one to one. */
export const buyerFields = ['email', 'first_name', 'last_name'] as const;
export type BuyerField = (typeof buyerFields)[number];

const nameSchema = (label: string) =>
  z.string().trim().max(150, `The ${label} can be at most 150 characters long.`);

/**
 * "Your details" on a checkout for someone who is not a customer yet: the email is required (it is how
 * they will sign in later), the names are optional, as on Chargebee's checkout. Limits are Chargebee's
 * (email 70, names 150), so the customer created on payment always fits the API's own rules.
 */
export const buyerSchema = z.object({
  email: emailSchema,
  first_name: nameSchema('first name'),
  last_name: nameSchema('last name'),
});

/** What becomes the new customer's email and name when the checkout is paid. */
export type BuyerDetails = { email: string; first_name?: string; last_name?: string };

/** The parsed details without empty names, ready to become `customer[...]` of the new customer. */
export function toBuyerDetails(input: z.output<typeof buyerSchema>): BuyerDetails {
  return {
    email: input.email,
    ...(input.first_name ? { first_name: input.first_name } : {}),
    ...(input.last_name ? { last_name: input.last_name } : {}),
  };
}
