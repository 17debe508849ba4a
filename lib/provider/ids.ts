import { randomBytes, randomInt } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id in Chargebee's style: 17 base62 characters (~101 bits), with an optional prefix. */
export function newId(prefix = '', length = 17): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** A bearer token: 256 bits of randomness, 43 URL-safe characters (Chargebee allows up to 70). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Ids that may travel in a URL path: no `/`, `.`, `%` or anything else a path could reinterpret. */
export const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
