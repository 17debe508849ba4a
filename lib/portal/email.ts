import { z } from 'zod';

/** An email address as Chargebee stores it on a customer (at most 70 characters). */
export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .max(70, 'That email address is too long: use one of at most 70 characters.')
  .pipe(z.email('Enter an email address like name@example.com.'));

/** A 6-digit code as typed: spaces and dashes between digits are forgiven. */
export function cleanCode(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}
