import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/auth/safe-next';

const hostile: unknown[] = [
  undefined,
  null,
  42,
  ['/members'],
  '',
  'members',
  'evil.example',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  'http://evil.example',
  'https://evil.example/members',
  'HTTPS://evil.example',
  'http:evil.example',
  'https:/evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox',
  'file:///etc/passwd',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%2f/evil.example',
  '/%5Cevil.example',
  '/%5cevil.example',
  '%5C%5Cevil.example',
  '/%252F%252Fevil.example',
  '/%25252F%25252Fevil.example',
  'http%3A%2F%2Fevil.example',
  '/http%3A//evil.example',
  '/javascript:alert(1)',
  '/\tevil.example',
  '\t//evil.example',
  '/\n/evil.example',
  '/%0a/evil.example',
  '/%0d%0aSet-Cookie:%20x=1',
  '/members\r\nLocation: https://evil.example',
  '/%00',
  '/members%00.html',
  '/\u0000/evil.example',
  ' //evil.example',
  '/ /evil.example',
  '/members page',
  '/\u2028evil',
  '/\u00a0/evil.example',
  '/\uff0fevil.example',
  '/\u2215evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/./\\evil.example',
  '/%2e//evil.example',
  '/%2e%2e//evil.example',
  '/a/..//evil.example',
  '/%E0%A4%A',
  '/%',
  '/login',
  '/login?next=/members',
  '/auth/portal/return?state=x',
  '/api/webhooks/chargebee',
  `/${'a'.repeat(1001)}`,
];

const kept: [string, string][] = [
  ['/members', '/members'],
  ['/members/the-boring-database-wins', '/members/the-boring-database-wins'],
  ['/pricing?reason=no_subscription', '/pricing?reason=no_subscription'],
  ['/members#comments', '/members#comments'],
  ['/account', '/account'],
  ['/portal_link?section=payment_sources', '/portal_link?section=payment_sources'],
  ['/members/./a/../b', '/members/b'],
  ['/@evil.example', '/@evil.example'],
  ['/members?q=%2F%2Fexample', '/members?q=%2F%2Fexample'],
  ['/', '/'],
];

describe('safeNext', () => {
  it(`refuses ${hostile.length} hostile values and falls back`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(50);
    const passed = hostile.filter((value) => safeNext(value, '/fallback') !== '/fallback');
    expect(passed).toEqual([]);
  });

  it.each(kept)('keeps the relative path %s', (input, expected) => {
    expect(safeNext(input, '/fallback')).toBe(expected);
  });

  it('never returns anything a browser would read as another origin', () => {
    const base = 'https://site.example';
    for (const value of [...hostile, ...kept.map(([input]) => input)]) {
      const result = safeNext(value);
      expect(new URL(result, base).origin).toBe(base);
      expect(result.startsWith('/')).toBe(true);
      expect(result.startsWith('//')).toBe(false);
    }
  });

  it('uses /account when no fallback is given', () => {
    expect(safeNext('//evil.example')).toBe('/account');
  });
});
