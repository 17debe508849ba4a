import { randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { secretsMatch } from '@/lib/auth/constant-time';
import { usesSecureCookies } from './next-auth';

export const loginStateCookieName = 'gatehouse_login_state';
const lifetimeSeconds = 15 * 60;
/** Sign-ins started in a few tabs at once each keep their own state. */
const maxPending = 3;
const statePattern = /^[A-Za-z0-9_-]{32}$/;

export type LoginStateCookie = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
};

function statesIn(cookieValue: string | undefined): string[] {
  return (cookieValue ?? '').split('.').filter((state) => statePattern.test(state));
}

function stateCookie(states: string[]): LoginStateCookie {
  return {
    name: loginStateCookieName,
    value: states.join('.'),
    httpOnly: true,
    sameSite: 'lax',
    secure: usesSecureCookies(),
    path: '/',
    maxAge: lifetimeSeconds,
  };
}

/**
 * A random state for a new portal sign-in, and the cookie that remembers it beside the browser's other
 * pending states (the cookie's current value is given): for callers that set cookies on a response.
 */
export function addLoginState(cookieValue: string | undefined): { state: string; cookie: LoginStateCookie } {
  const state = randomBytes(24).toString('base64url');
  return { state, cookie: stateCookie([...statesIn(cookieValue).slice(-(maxPending - 1)), state]) };
}

/** A random state for a new portal sign-in, remembered in a short-lived HttpOnly cookie. */
export async function startLoginState(): Promise<string> {
  const jar = await cookies();
  const { state, cookie } = addLoginState(jar.get(loginStateCookieName)?.value);
  jar.set(cookie);
  return state;
}

/** True once for a state this browser started; the state is spent either way. */
export async function consumeLoginState(given: string | null): Promise<boolean> {
  const jar = await cookies();
  const pending = statesIn(jar.get(loginStateCookieName)?.value);
  const candidate = given ?? '';
  const matches = pending.map((state) => secretsMatch(candidate, state));
  const matched = statePattern.test(candidate) && matches.includes(true);
  const left = pending.filter((_, index) => !matches[index]);
  if (left.length === 0) jar.delete(loginStateCookieName);
  else jar.set(stateCookie(left));
  return matched;
}
