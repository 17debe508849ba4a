import fc from 'fast-check';
import { decode as authjsDecode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionToken } from '@/lib/auth/session-jwt';

// Session cookies are written by Auth.js's own `encode`; these check that our reader accepts exactly
// what Auth.js's reader accepts (minus its legacy A256GCM tokens), and nothing forged or expired.
const secret = 'unit-test-auth-secret-0123456789abcdefgh';
const salt = 'authjs.session-token';
const claims = {
  sub: 'cust_unit_1',
  email: 'reader@example.com',
  name: 'Ada',
  sid: 'sid-1',
  portalSessionIds: ['ps_1'],
};

const seal = (maxAge = 3600, token: Record<string, unknown> = claims, key = secret, cookie = salt) =>
  encode({ token, secret: key, salt: cookie, maxAge });
const ours = (token: string, key: string | string[] = secret, cookie = salt) =>
  decodeSessionToken({ token, secret: key, salt: cookie });
const theirs = (token: string) => authjsDecode({ token, secret, salt }).catch(() => null);

function b64(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function flip(part: string, index = 0): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[index % bytes.length] = (bytes[index % bytes.length] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('session cookie reader', () => {
  it('reads a token Auth.js sealed, claims and lifetime included, as Auth.js does', async () => {
    const token = await seal();
    const read = await ours(token);
    expect(read).toMatchObject(claims);
    expect(read).toEqual(await theirs(token));
    expect(typeof read?.exp).toBe('number');
  });

  it('reads a token sealed with any of several secrets (rotation), and none sealed with another', async () => {
    const token = await seal(3600, claims, 'an-older-secret-0123456789abcdefghijklmn');
    expect(await ours(token, [secret, 'an-older-secret-0123456789abcdefghijklmn'])).toMatchObject(claims);
    expect(await ours(token)).toBeNull();
  });

  it('refuses a token sealed for another cookie name (the salt)', async () => {
    const token = await seal(3600, claims, secret, '__Secure-authjs.session-token');
    expect(await ours(token)).toBeNull();
    expect(await ours(token, secret, '__Secure-authjs.session-token')).toMatchObject(claims);
  });

  it('refuses an expired token past the 15 s clock tolerance, and keeps one within it', async () => {
    expect(await ours(await seal(-30))).toBeNull();
    expect(await theirs(await seal(-30))).toBeNull();
    expect(await ours(await seal(-5))).toMatchObject(claims);
  });

  it('refuses a token not valid yet', async () => {
    const notYet = await seal(3600, { ...claims, nbf: Math.floor(Date.now() / 1000) + 120 });
    expect(await ours(notYet)).toBeNull();
    expect(await theirs(notYet)).toBeNull();
  });

  it('refuses every single-bit change to any part of the token', async () => {
    const token = await seal();
    const parts = token.split('.');
    for (const index of [0, 2, 3, 4]) {
      const part = parts[index] ?? '';
      const length = Buffer.from(part, 'base64url').length;
      for (const at of [0, Math.floor(length / 2), length - 1]) {
        const forged = replacePart(token, index, flip(part, at));
        expect(await ours(forged), `part ${index} byte ${at}`).toBeNull();
      }
    }
  });

  it('refuses other algorithms, extra header fields, an encrypted key and malformed tokens', async () => {
    const token = await seal();
    const [, , iv, ciphertext, tag] = token.split('.');
    const header = (fields: Record<string, unknown>) => [b64(fields), '', iv, ciphertext, tag].join('.');
    const hostile = [
      header({ alg: 'none', enc: 'A256CBC-HS512' }),
      header({ alg: 'dir', enc: 'A256GCM' }),
      header({ alg: 'dir', enc: 'A128CBC-HS256' }),
      header({ alg: 'dir', enc: 'A256CBC-HS512', zip: 'DEF' }),
      header({ alg: 'dir', enc: 'A256CBC-HS512', crit: ['exp'] }),
      replacePart(token, 1, b64('a key')),
      token.split('.').slice(0, 4).join('.'),
      `${token}.`,
      replacePart(token, 3, ''),
      replacePart(token, 4, (tag ?? '').slice(0, 20)),
      replacePart(token, 2, `${iv}==`),
      replacePart(token, 3, `${ciphertext}A`),
      replacePart(token, 0, `${token.split('.')[0]}!`),
      '',
      '....',
      'not a token',
      `${b64('{')}.${''}.${iv}.${ciphertext}.${tag}`,
    ];
    for (const forged of hostile) expect(await ours(forged), forged.slice(0, 60)).toBeNull();
  });

  it('agrees with Auth.js on random tokens and random mutations of a real one', async () => {
    const token = await seal();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc
            .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_.='.split('')))
            .map(([at, ch]) => token.slice(0, at) + ch + token.slice(at + 1)),
        ),
        async (candidate) => {
          const mine = await ours(candidate);
          const reference = await theirs(candidate);
          // The two may differ only where Auth.js reads a legacy A256GCM token, which we refuse.
          expect(mine === null).toBe(reference === null);
          if (mine) expect(mine).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });
});
