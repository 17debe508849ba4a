import { describe, expect, it } from 'vitest';
import { isBoundToBrowser, startCheckoutBinding } from '@/lib/site/checkout-binding';

describe('binding a signed-out checkout to the browser that started it', () => {
  it('puts a hash of the cookie in pass_thru_content, never the cookie itself', () => {
    const { cookie, passThruContent } = startCheckoutBinding(undefined);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(passThruContent).not.toContain(cookie.value);
    expect(passThruContent.length).toBeLessThanOrEqual(2048);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/subscribe' });
    expect(isBoundToBrowser(passThruContent, cookie.value)).toBe(true);
  });

  it('matches only the browser holding the cookie', () => {
    const mine = startCheckoutBinding(undefined);
    const theirs = startCheckoutBinding(undefined);
    expect(isBoundToBrowser(mine.passThruContent, theirs.cookie.value)).toBe(false);
    expect(isBoundToBrowser(mine.passThruContent, undefined)).toBe(false);
    expect(isBoundToBrowser(undefined, mine.cookie.value)).toBe(false);
    expect(isBoundToBrowser(mine.cookie.value, mine.cookie.value)).toBe(false);
    expect(isBoundToBrowser(mine.passThruContent, `${mine.cookie.value}x`)).toBe(false);
  });

  it('reuses a valid binding, so checkouts in several tabs all finish, and replaces a malformed one', () => {
    const first = startCheckoutBinding(undefined);
    const second = startCheckoutBinding(first.cookie.value);
    expect(second.cookie.value).toBe(first.cookie.value);
    expect(isBoundToBrowser(first.passThruContent, second.cookie.value)).toBe(true);
    const fresh = startCheckoutBinding('not a binding');
    expect(fresh.cookie.value).not.toBe('not a binding');
  });
});
