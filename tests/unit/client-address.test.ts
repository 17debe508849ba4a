import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/http/client-address';

const headers = (forwardedFor?: string) =>
  new Headers(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

describe('clientAddress', () => {
  it('trusts only the entries the configured proxies appended, counted from the right', () => {
    expect(clientAddress(headers('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(headers('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientAddress(headers('203.0.113.7'), 3)).toBe('203.0.113.7');
  });

  it('normalises IPv4-mapped IPv6 and ignores the header when no proxy is trusted', () => {
    expect(clientAddress(headers('::ffff:127.0.0.1'), 1)).toBe('127.0.0.1');
    expect(clientAddress(headers('203.0.113.7'), 0)).toBeUndefined();
    expect(clientAddress(headers(), 1)).toBeUndefined();
    expect(clientAddress(headers(' , '), 1)).toBeUndefined();
  });
});
