import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/provider/api/errors';
import {
  type CardInput,
  cardBrand,
  chargeCard,
  checkExpiry,
  luhnValid,
  testCards,
  vaultCard,
} from '@/lib/provider/gateway';

const now = new Date(Date.UTC(2030, 5, 15, 12));
const card = (overrides: Partial<CardInput> = {}): CardInput => ({
  number: '4111111111111111',
  expiry_month: 12,
  expiry_year: 2031,
  cvv: '123',
  ...overrides,
});

function rejection(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.status, code: error.apiErrorCode, ...error.options };
    throw error;
  }
  throw new Error('expected an ApiError');
}

/** Appends the digit that makes `payload` pass Luhn. */
function withCheckDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(`${payload}${digit}`)) return `${payload}${digit}`;
  throw new Error('unreachable');
}

describe('luhnValid', () => {
  it('accepts every documented test card', () => {
    for (const { number } of testCards) expect(luhnValid(number)).toBe(true);
  });

  it('rejects a number with one digit changed, and anything that is not digits', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('4111111111111121')).toBe(false);
    expect(luhnValid('4111-1111-1111-1111')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{11,18}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (payload, at, shift) => {
          const valid = withCheckDigit(payload);
          const index = at % valid.length;
          const changed = (Number(valid[index]) + shift) % 10;
          const typo = `${valid.slice(0, index)}${changed}${valid.slice(index + 1)}`;
          expect(luhnValid(valid)).toBe(true);
          expect(luhnValid(typo)).toBe(false);
        },
      ),
    );
  });
});

describe('cardBrand', () => {
  it('names the brand of every documented test card', () => {
    for (const { number, brand } of testCards) expect(cardBrand(number)).toBe(brand);
  });

  it.each([
    ['2221000000000009', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['2220990000000000', 'other'],
    ['2721000000000000', 'other'],
    ['5105105105105100', 'mastercard'],
    ['5600000000000000', 'other'],
    ['371449635398431', 'american_express'],
    ['6445644564456445', 'discover'],
    ['6500000000000002', 'discover'],
    ['3528000000000007', 'jcb'],
    ['3527000000000000', 'other'],
    ['30569309025904', 'diners_club'],
    ['36227206271667', 'diners_club'],
    ['9999999999999995', 'other'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrand(number)).toBe(brand);
  });
});

describe('vaultCard', () => {
  it('keeps only brand, first six, last four, expiry, masked number and names', () => {
    const vaulted = vaultCard(
      card({ number: '4111 1111-1111 1111', first_name: 'Ada', last_name: 'L' }),
      now,
    );
    expect(vaulted).toEqual({
      card: {
        first_name: 'Ada',
        last_name: 'L',
        iin: '411111',
        last4: '1111',
        brand: 'visa',
        funding_type: 'credit',
        expiry_month: 12,
        expiry_year: 2031,
        masked_number: '************1111',
      },
      declineCode: undefined,
    });
    expect(JSON.stringify(vaulted)).not.toContain('4111111111111111');
    expect(JSON.stringify(vaulted)).not.toContain('123');
  });

  it('masks a 15-digit Amex to its last four', () => {
    expect(vaultCard(card({ number: '378282246310005', cvv: '1234' }), now).card.masked_number).toBe(
      '***********0005',
    );
  });

  it('stores the insufficient-funds card with a decline code that makes charges fail', () => {
    const vaulted = vaultCard(card({ number: '4005519200000004' }), now);
    expect(vaulted.declineCode).toBe('3001');
    expect(chargeCard({ declineCode: vaulted.declineCode ?? null })).toEqual({
      ok: false,
      errorCode: '3001',
      errorText: 'Insufficient funds',
    });
    expect(chargeCard({ declineCode: null })).toEqual({ ok: true });
  });

  it('refuses the verification-failure card with payment_method_verification_failed', () => {
    expect(rejection(() => vaultCard(card({ number: '4119862760338320' }), now))).toMatchObject({
      status: 400,
      code: 'payment_method_verification_failed',
      type: 'payment',
    });
  });

  it.each([
    ['a Luhn failure', { number: '4111111111111112' }, 'card[number]'],
    ['too few digits', { number: '42424242424' }, 'card[number]'],
    ['letters', { number: '4111abcd11111111' }, 'card[number]'],
    ['a two-digit CVV', { cvv: '12' }, 'card[cvv]'],
    ['a letter in the CVV', { cvv: '12a' }, 'card[cvv]'],
    ['month 13', { expiry_month: 13 }, 'card[expiry_month]'],
    ['month 0', { expiry_month: 0 }, 'card[expiry_month]'],
    ['last year', { expiry_month: 12, expiry_year: 2029 }, 'card[expiry_year]'],
    ['last month', { expiry_month: 5, expiry_year: 2030 }, 'card[expiry_month]'],
    ['a year far ahead', { expiry_year: 2090 }, 'card[expiry_year]'],
  ])('refuses %s, naming %s', (_, overrides, param) => {
    expect(rejection(() => vaultCard(card(overrides), now))).toMatchObject({
      status: 400,
      code: 'param_wrong_value',
      param,
    });
  });

  it('accepts a card in its expiry month, and no CVV at all', () => {
    expect(vaultCard(card({ expiry_month: 6, expiry_year: 2030, cvv: undefined }), now).card.last4).toBe(
      '1111',
    );
  });

  it('never repeats the number or the CVV in an error message', () => {
    for (const bad of [card({ number: '4111111111111112' }), card({ cvv: '98x' })]) {
      try {
        vaultCard(bad, now);
      } catch (error) {
        expect((error as Error).message).not.toContain(bad.number);
        expect((error as Error).message).not.toContain('98x');
      }
    }
  });
});

describe('checkExpiry', () => {
  it('uses the caller-given prefix in the parameter name', () => {
    expect(rejection(() => checkExpiry(1, 2020, now, 'payment'))).toMatchObject({
      param: 'payment[expiry_year]',
    });
  });
});
