import { describe, expect, it } from 'vitest';
import { appendQuery, checkRedirectUrl } from '@/lib/portal/redirects';

const allowed = ['https://shop.example.com', 'http://127.0.0.1:3000'];

const hostile = [
  // Other sites, plainly or by look-alike hosts.
  'https://evil.com/',
  'https://evil.com/auth/portal/return',
  'https://shop.example.com.evil.com/',
  'https://evilshop.example.com/',
  'https://example.com/',
  'https://shop.example.co/',
  'https://shop-example.com/',
  'https://xn--shp-example-fcb.com/',
  'https://shop.example.com:8443/',
  'http://shop.example.com/',
  'https://127.0.0.1:3000/',
  'http://127.0.0.1:3001/',
  'http://localhost:3000/',
  'http://[::1]:3000/',
  // Protocol-relative and relative forms.
  '//evil.com',
  '//evil.com/path',
  '///evil.com',
  '////evil.com',
  '/\\evil.com',
  '/portal',
  'evil.com',
  'shop.example.com/path',
  // Backslashes, which WHATWG treats as slashes.
  '\\\\evil.com',
  'https:\\\\evil.com',
  'https://evil.com\\@shop.example.com',
  'https://shop.example.com\\.evil.com/',
  'https:/\\evil.com',
  // User info, in every spelling.
  'https://shop.example.com@evil.com/',
  'https://shop.example.com:443@evil.com/',
  'https://user:pass@shop.example.com/',
  'https://user@shop.example.com/',
  'https://:@shop.example.com/',
  'https://evil.com#@shop.example.com',
  'https://evil.com?@shop.example.com',
  'https://shop.example.com%40evil.com/',
  'https://shop.example.com%2F@evil.com/',
  // Script and data schemes, plain and disguised.
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'javascript://shop.example.com/%0aalert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://shop.example.com/',
  'blob:https://shop.example.com/abc',
  'ws://shop.example.com/',
  // Missing slashes that WHATWG would repair into another host.
  'https:evil.com',
  'https:/evil.com',
  'http:shop.example.com',
  'https:///evil.com',
  // Encoded variants.
  'https%3A%2F%2Fevil.com',
  'https:%2F%2Fevil.com',
  '%2F%2Fevil.com',
  'https://evil.com%2F.shop.example.com/',
  'https://shop.example.com%00.evil.com/',
  'https://%65vil.com/',
  // Control characters, CR/LF and whitespace tricks.
  'https://shop.example.com/\r\nLocation: https://evil.com',
  'https://shop.example.com/%0d%0aSet-Cookie:x=y\n',
  '\thttps://evil.com',
  'https://evil.com\t',
  'https://shop.example.com\n.evil.com/',
  ' https://shop.example.com/',
  'https://shop.example.com/ ',
  'https://shop.example.com /path',
  '\u0000https://shop.example.com/',
  'https://shop.example.com/\u0000',
  '\u00a0https://shop.example.com/',
  'https://shop.example.com\u3002evil.com/',
  // Look-alike Unicode.
  'https://shоp.example.com/',
  'https://shop.example.com\u200b/',
  'https://ｅvil.com/',
  // Nothing at all, or far too much.
  '',
  `https://shop.example.com/${'a'.repeat(2100)}`,
];

describe('checkRedirectUrl', () => {
  it(`refuses ${hostile.length} hostile URLs`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(50);
    const accepted = hostile.filter((raw) => checkRedirectUrl(raw, allowed).ok);
    expect(accepted).toEqual([]);
  });

  it.each([
    ['https://shop.example.com', 'https://shop.example.com/'],
    ['https://shop.example.com/', 'https://shop.example.com/'],
    ['https://shop.example.com/auth/portal/return?state=abc&next=%2Fmembers', undefined],
    ['https://SHOP.example.com/a', 'https://shop.example.com/a'],
    ['https://shop.example.com:443/a', 'https://shop.example.com/a'],
    ['HTTPS://shop.example.com/a', 'https://shop.example.com/a'],
    ['http://127.0.0.1:3000/auth/portal/return?state=x#top', undefined],
    ['https://shop.example.com/a/../b', 'https://shop.example.com/b'],
    ['http://2130706433:3000/x', 'http://127.0.0.1:3000/x'],
  ])('accepts %s on an allowed origin', (raw, normalised) => {
    const check = checkRedirectUrl(raw, allowed);
    expect(check).toEqual({ ok: true, url: normalised ?? raw });
  });

  it('says why it refused, without echoing the URL', () => {
    const check = checkRedirectUrl('https://evil.com/', allowed);
    expect(check).toEqual({ ok: false, reason: 'is not on an allowed site' });
  });

  it('refuses everything when no origin is allowed', () => {
    expect(checkRedirectUrl('https://shop.example.com/', []).ok).toBe(false);
  });
});

describe('appendQuery', () => {
  const params = { auth_session_id: 'portal_1', auth_session_token: 'tok-en_2' };

  it.each([
    ['https://a.test/return', 'https://a.test/return?auth_session_id=portal_1&auth_session_token=tok-en_2'],
    [
      'https://a.test/return?state=x%20y',
      'https://a.test/return?state=x%20y&auth_session_id=portal_1&auth_session_token=tok-en_2',
    ],
    ['https://a.test/r?', 'https://a.test/r?auth_session_id=portal_1&auth_session_token=tok-en_2'],
    ['https://a.test/r?a=1&', 'https://a.test/r?a=1&auth_session_id=portal_1&auth_session_token=tok-en_2'],
    [
      'https://a.test/r?a=1#done',
      'https://a.test/r?a=1&auth_session_id=portal_1&auth_session_token=tok-en_2#done',
    ],
    ['https://a.test/r#x?y', 'https://a.test/r?auth_session_id=portal_1&auth_session_token=tok-en_2#x?y'],
  ])('appends to %s', (url, expected) => {
    expect(appendQuery(url, params)).toBe(expected);
  });

  it('encodes the values it adds', () => {
    expect(appendQuery('https://a.test/', { x: 'a&b=c #' })).toBe('https://a.test/?x=a%26b%3Dc+%23');
  });
});
