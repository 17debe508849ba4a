import { describe, expect, it } from 'vitest';
import { unsupportedPortReason } from '@/lib/provider/redirect-ports';

const production = { production: true };
const development = { production: false };

describe('the redirect port rule', () => {
  it.each([
    'https://shop.example.com/done',
    'http://shop.example.com/done',
    'https://shop.example.com:443/done',
    'http://shop.example.com:80/',
    'https://shop.example.com:8443/',
    'http://shop.example.com:8080/',
    'https://shop.example.com:80/',
    'http://shop.example.com:443/',
  ])('accepts %s in production', (url) => {
    expect(unsupportedPortReason(url, production)).toBeUndefined();
  });

  it.each([
    'http://localhost:4200/',
    'http://127.0.0.1:3000/return',
    'http://[::1]:5173/',
    'https://shop.example.com:8000/',
    'https://shop.example.com:3000/',
    'http://shop.example.com:8081/',
    'https://10.0.0.5:4443/',
  ])('refuses %s in production, naming UNSUPPORTED_PORT and the allowed ports', (url) => {
    const reason = unsupportedPortReason(url, production);
    expect(reason).toMatch(/^UNSUPPORTED_PORT/);
    expect(reason).toContain('80, 443, 8080 or 8443');
    expect(reason).toContain(String(new URL(url).port));
  });

  it.each([
    'http://localhost:4200/',
    'http://127.0.0.1:3000/return',
    'http://[::1]:5173/',
    'https://LOCALHOST:9/',
  ])('lets loopback %s use any port outside production', (url) => {
    expect(unsupportedPortReason(url, development)).toBeUndefined();
  });

  it.each([
    'https://shop.example.com:3000/',
    'http://127.0.0.2:3000/',
    'http://localhost.example.com:3000/',
    'http://10.0.0.5:4200/',
  ])('refuses a host that is not loopback on an odd port even outside production: %s', (url) => {
    expect(unsupportedPortReason(url, development)).toMatch(/^UNSUPPORTED_PORT: port \d+ is not allowed/);
  });
});
