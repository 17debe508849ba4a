import { safeNext } from '@/lib/auth/safe-next';
import { env } from '@/lib/env';

/**
 * The portal's login page, told to come back to /auth/portal/return with `state` (which this browser's
 * login-state cookie must hold) and `next` (a same-site path, checked here again).
 */
export function portalLoginUrl(state: string, next: string): string {
  const { appUrl, billing } = env();
  const back = new URLSearchParams({ state, next: safeNext(next, '/members') });
  const login = new URLSearchParams({
    return_url: `${appUrl}/auth/portal/return?${back}`,
    cancel_url: `${appUrl}/`,
  });
  return `${billing.portalBaseUrl}/portal/login?${login}`;
}
