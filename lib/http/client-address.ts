import { env } from '@/lib/env';

/**
 * The caller's address, read from X-Forwarded-For counting `hops` trusted proxies from the right: each
 * proxy appends the address it saw, so entries further left were written by the client and may lie.
 * `next start` fills the header from the socket only when a request arrives without one.
 */
export function clientAddress(headers: Headers, hops = env().trustProxyHops): string | undefined {
  if (hops === 0) return undefined;
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const address = entries[Math.max(0, entries.length - hops)];
  if (!address) return undefined;
  return address.replace(/^::ffff:/, '').slice(0, 50);
}
