import { z } from 'zod';
import { countryCodes } from './countries';

const optional = (label: string, max: number) =>
  z.string().trim().max(max, `${label} can be at most ${max} characters long.`);

const required = (label: string, max: number) =>
  optional(label, max).min(1, `Enter the ${label.toLowerCase()}.`);

export const accountFields = ['first_name', 'last_name', 'phone', 'company'] as const;
export type AccountField = (typeof accountFields)[number];

export const accountSchema = z.object({
  first_name: optional('First name', 150),
  last_name: optional('Last name', 150),
  phone: optional('Phone', 50).regex(
    /^[0-9+()\-. ]*$/,
    'Use only digits, spaces and + ( ) - . in a phone number, e.g. +1 555 0100.',
  ),
  company: optional('Company', 250),
});

export const addressFields = [
  'first_name',
  'last_name',
  'company',
  'line1',
  'line2',
  'city',
  'state',
  'zip',
  'country',
] as const;
export type AddressField = (typeof addressFields)[number];

export const addressSchema = z.object({
  first_name: optional('First name', 150),
  last_name: optional('Last name', 150),
  company: optional('Company', 250),
  line1: required('Street address', 150),
  line2: optional('Address line 2', 150),
  city: required('City', 50),
  state: optional('State or region', 50),
  zip: required('Postal code', 20),
  country: z.string().refine((code) => countryCodes.has(code), 'Choose a country from the list.'),
});
