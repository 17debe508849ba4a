import { safeEqual } from '../crypto';
import { errors } from './errors';

/**
 * HTTP Basic auth with the API key as the user name and an empty password, as Chargebee expects.
 * The comparison takes the same time whatever the key sent.
 */
export function authenticate(header: string | null, apiKey: string): void {
  if (!header)
    throw errors.authenticationFailed('Authentication failed: send the API key as the Basic-auth user name.');
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header.trim());
  if (!match?.[1])
    throw errors.authenticationFailed('Authentication failed: the Authorization header is malformed.');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const key = separator === -1 ? decoded : decoded.slice(0, separator);
  if (!safeEqual(key, apiKey))
    throw errors.authenticationFailed('Authentication failed: the API key is not valid.');
}
