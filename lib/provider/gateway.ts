import type { StoredCard } from '@/lib/db/schema';
import { errors } from './api/errors';

/**
 * The test gateway (`gateway: "chargebee"`): the card rules of Chargebee's test gateway. Only what a
 * card may keep leaves this module (brand, first six and last four digits, expiry); never the number
 * or the CVV.
 */
export const testGateway = { gateway: 'chargebee', gatewayAccountId: 'gw_gatehouse_test' } as const;

export const testCards = [
  { number: '4111111111111111', brand: 'visa', behaviour: 'Succeeds' },
  { number: '5555555555554444', brand: 'mastercard', behaviour: 'Succeeds' },
  { number: '378282246310005', brand: 'american_express', behaviour: 'Succeeds' },
  { number: '6011111111111117', brand: 'discover', behaviour: 'Succeeds' },
  { number: '3530111333300000', brand: 'jcb', behaviour: 'Succeeds' },
  { number: '38520000023237', brand: 'diners_club', behaviour: 'Succeeds' },
  { number: '4119862760338320', brand: 'visa', behaviour: 'Cannot be stored: verification fails' },
  {
    number: '4005519200000004',
    brand: 'visa',
    behaviour: 'Stores, but every charge fails: insufficient funds',
  },
] as const;

const verificationFails = '4119862760338320';
const insufficientFunds = '4005519200000004';
export const insufficientFundsDecline = { code: '3001', text: 'Insufficient funds' } as const;

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'american_express';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^35(2[89]|[3-8]\d)/.test(number)) return 'jcb';
  if (/^3(0[0-5]|[68])/.test(number)) return 'diners_club';
  return 'other';
}

export type CardInput = {
  number: string;
  expiry_month: number;
  expiry_year: number;
  cvv?: string;
  first_name?: string;
  last_name?: string;
};

export type VaultedCard = { card: StoredCard; declineCode?: string };

/**
 * Validates a card as the test gateway would and returns only what may be stored. Throws a
 * Chargebee-shaped 400 naming the parameter (under `prefix`, e.g. `card`) that is wrong.
 */
export function vaultCard(input: CardInput, now = new Date(), prefix = 'card'): VaultedCard {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw errors.paramWrongValue(`${prefix}[number]`, 'is not a valid card number');
  }
  if (input.cvv !== undefined && !/^\d{3,4}$/.test(input.cvv)) {
    throw errors.paramWrongValue(`${prefix}[cvv]`, 'must be 3 or 4 digits');
  }
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (input.expiry_year < year || (input.expiry_year === year && input.expiry_month < month)) {
    throw errors.paramWrongValue(`${prefix}[expiry_year]`, 'the card has expired');
  }
  if (number === verificationFails) {
    throw errors.paymentMethodVerificationFailed(
      '(3009) Do not honour. The card could not be verified.',
      `${prefix}[number]`,
    );
  }
  return {
    card: {
      first_name: input.first_name,
      last_name: input.last_name,
      iin: number.slice(0, 6),
      last4: number.slice(-4),
      brand: cardBrand(number),
      funding_type: 'credit',
      expiry_month: input.expiry_month,
      expiry_year: input.expiry_year,
      masked_number: `${'*'.repeat(number.length - 4)}${number.slice(-4)}`,
    },
    declineCode: number === insufficientFunds ? insufficientFundsDecline.code : undefined,
  };
}

export type ChargeResult = { ok: true } | { ok: false; errorCode: string; errorText: string };

/** Charges a stored card on the test gateway: only cards stored with a decline code fail. */
export function chargeCard(source: { declineCode: string | null }): ChargeResult {
  if (source.declineCode === insufficientFundsDecline.code) {
    return { ok: false, errorCode: insufficientFundsDecline.code, errorText: insufficientFundsDecline.text };
  }
  return { ok: true };
}
