import { randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { secretsMatch } from '@/lib/site/constant-time';
import { usesSecureCookies } from './next-auth';

const cookieName = 'gatehouse_login_state';
const lifetimeSeconds = 15 * 60;
/** Sign-ins started in a few tabs at once each keep their own state. */
const maxPending = 3;
const statePattern = /^[A-Za-z0-9_-]{32}$/;

async function pendingStates(): Promise<string[]> {
  const value = (await cookies()).get(cookieName)?.value ?? '';
  return value.split('.').filter((state) => statePattern.test(state));
}

async function storeStates(states: string[]): Promise<void> {
  const jar = await cookies();
  if (states.length === 0) {
    jar.delete(cookieName);
    return;
  }
  jar.set(cookieName, states.join('.'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: usesSecureCookies(),
    path: '/',
    maxAge: lifetimeSeconds,
  });
}

/** A random state for a new portal sign-in, remembered in a short-lived HttpOnly cookie. */
export async function startLoginState(): Promise<string> {
  const state = randomBytes(24).toString('base64url');
  await storeStates([...(await pendingStates()).slice(-(maxPending - 1)), state]);
  return state;
}

/** True once for a state this browser started; the state is spent either way. */
export async function consumeLoginState(given: string | null): Promise<boolean> {
  const pending = await pendingStates();
  const candidate = given ?? '';
  const matches = pending.map((state) => secretsMatch(candidate, state));
  const matched = statePattern.test(candidate) && matches.includes(true);
  await storeStates(pending.filter((_, index) => !matches[index]));
  return matched;
}
