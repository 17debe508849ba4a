import type { StoredCard } from '@/lib/db/schema';
import { errors } from './api/errors';
import { cardStatus } from './payment-source-wire';

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

/** Cards further out than this are refused as typing mistakes (issuers go up to about 20 years). */
const maxYearsAhead = 50;

export function luhnValid(number: string): boolean {
  if (!/^\d+$/.test(number)) return false;
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

const brandPatterns: [brand: string, pattern: RegExp][] = [
  ['visa', /^4/],
  ['mastercard', /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/],
  ['american_express', /^3[47]/],
  ['discover', /^(6011|64[4-9]|65)/],
  ['jcb', /^35(2[89]|[3-8]\d)/],
  ['diners_club', /^(30[0-5]|309|36|3[89])/],
];

export function cardBrand(number: string): string {
  return brandPatterns.find(([, pattern]) => pattern.test(number))?.[0] ?? 'other';
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

/** Refuses an expiry that has passed (a card is good to the end of its month) or is implausibly far. */
export function checkExpiry(month: number, year: number, now = new Date(), prefix = 'card'): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw errors.paramWrongValue(`${prefix}[expiry_month]`, 'must be between 1 and 12');
  }
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(year) || year > thisYear + maxYearsAhead) {
    throw errors.paramWrongValue(`${prefix}[expiry_year]`, 'is not a plausible expiry year');
  }
  const status = cardStatus({ expiry_month: month, expiry_year: year }, Math.floor(now.getTime() / 1000));
  if (status === 'expired') {
    const param = year === thisYear ? 'expiry_month' : 'expiry_year';
    throw errors.paramWrongValue(`${prefix}[${param}]`, 'the card has expired');
  }
}

/**
 * Validates a card as the test gateway would and returns only what may be stored. Throws a
 * Chargebee-shaped 400 naming the parameter (under `prefix`, e.g. `card`) that is wrong. Error
 * messages never repeat the number or the CVV.
 */
export function vaultCard(input: CardInput, now = new Date(), prefix = 'card'): VaultedCard {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw errors.paramWrongValue(`${prefix}[number]`, 'is not a valid card number');
  }
  if (input.cvv !== undefined && !/^\d{3,4}$/.test(input.cvv)) {
    throw errors.paramWrongValue(`${prefix}[cvv]`, 'must be 3 or 4 digits');
  }
  checkExpiry(input.expiry_month, input.expiry_year, now, prefix);
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
