import type { BillingAddress } from '@/lib/db/schema';
import type { CustomerRow } from '@/lib/provider/customers';
import { countryName } from './countries';

export function fullName(customer: Pick<CustomerRow, 'firstName' | 'lastName'>): string {
  return [customer.firstName, customer.lastName].filter(Boolean).join(' ');
}

/** The lines of a billing address as printed on an envelope; empty when there is none. */
export function addressLines(address: BillingAddress | null | undefined): string[] {
  if (!address) return [];
  const name = [address.first_name, address.last_name].filter(Boolean).join(' ');
  const cityLine = [address.city, address.state ?? address.state_code, address.zip]
    .filter(Boolean)
    .join(', ');
  return [
    name,
    address.company,
    address.line1,
    address.line2,
    address.line3,
    cityLine,
    address.country ? countryName(address.country) : undefined,
  ].filter((line): line is string => Boolean(line));
}
