import { z } from 'zod';
import { consumeLoginState, startLoginState } from '@/lib/auth/login-state';
import { safeNext } from '@/lib/auth/safe-next';
import {
  currentCustomer,
  logOutPortalSessions,
  rememberPortalSession,
  signInWithPortalSession,
  switchToLinkedCustomer,
} from '@/lib/auth/session';
import { isChargebeeError } from '@/lib/chargebee/errors';
import { isPathId } from '@/lib/chargebee/ids';
import { createPortalSession } from '@/lib/chargebee/portal-sessions';
import { env } from '@/lib/env';
import { isSameOriginPost, refuseCrossSite, seeOther } from './http';
import { portalLoginUrl } from './portal-login';
import { portalForwardUrl, portalSectionId } from './portal-sections';

export type SignInProblem = 'state' | 'invalid_request' | 'rejected' | 'unavailable';

/** GET /login?next=…: to the portal's login page, with a state only this browser holds. */
export async function startPortalLogin(request: Request): Promise<Response> {
  const next = safeNext(new URL(request.url).searchParams.get('next'), '/members');
  if (await currentCustomer()) return seeOther(next);
  return seeOther(portalLoginUrl(await startLoginState(), next));
}

function problem(reason: SignInProblem): Response {
  return seeOther(`/auth/problem?reason=${reason}`);
}

/**
 * GET /auth/portal/return: signs in only when `state` matches this browser's cookie, then 303s to a
 * clean URL so auth_session_* never stay in the address bar. A refused session is logged out.
 */
export async function finishPortalLogin(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const id = params.get('auth_session_id');
  const token = params.get('auth_session_token');
  const refuse = async (reason: SignInProblem) => {
    if (isPathId(id)) await logOutPortalSessions([id]);
    return problem(reason);
  };
  if (!(await consumeLoginState(params.get('state')))) return refuse('state');
  if (!isPathId(id) || !token) return refuse('invalid_request');
  const outcome = await signInWithPortalSession(id, token);
  if (!outcome.ok) return refuse(outcome.reason);
  return seeOther(safeNext(params.get('next'), '/members'));
}

/** GET /portal_link[?section=…]: single sign-on into the billing portal for the signed-in customer. */
export async function openPortal(request: Request): Promise<Response> {
  const section = new URL(request.url).searchParams.get('section');
  const sectionId = portalSectionId(section);
  const customer = await currentCustomer();
  if (!customer) {
    const back = sectionId ? `/portal_link?section=${encodeURIComponent(section ?? '')}` : '/portal_link';
    return seeOther(`/login?next=${encodeURIComponent(back)}`);
  }
  const { appUrl, billing } = env();
  try {
    const session = await createPortalSession({
      customerId: customer.customerId,
      redirectUrl: `${appUrl}/account`,
      forwardUrl: sectionId ? portalForwardUrl(billing.portalBaseUrl, sectionId) : undefined,
    });
    await rememberPortalSession(session.id);
    return seeOther(session.access_url);
  } catch (error) {
    if (!isChargebeeError(error)) throw error;
    console.error('[site] portal session could not be created:', error.message);
    return seeOther('/account?notice=portal_unavailable');
  }
}

const switchForm = z.object({ customer_id: z.string().refine(isPathId) });

/**
 * POST /auth/switch-account: signs the reader in as another customer of the same verified email. Only
 * the customers the portal login's activated session listed qualify; the form only says which one.
 */
export async function switchAccount(request: Request): Promise<Response> {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const form = switchForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return seeOther('/account?notice=switch_refused');
  const outcome = await switchToLinkedCustomer(form.data.customer_id);
  if (outcome === null) return seeOther('/account?notice=switch_refused');
  if (!outcome.ok) {
    return seeOther(
      `/account?notice=${outcome.reason === 'unavailable' ? 'switch_unavailable' : 'switch_refused'}`,
    );
  }
  return seeOther('/account?notice=switched');
}
