import { z } from 'zod';
import { getEntitlement } from '@/lib/auth/entitlements';
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
import { portalForwardUrl, portalSectionId, portalSubscriptionEditUrl } from './portal-sections';

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
  const params = new URL(request.url).searchParams;
  const section = params.get('section');
  const sectionId = portalSectionId(section);
  const next = params.has('next') ? safeNext(params.get('next'), '/account') : '/account';
  const customer = await currentCustomer();
  if (!customer) {
    const back = new URLSearchParams();
    if (sectionId) back.set('section', section ?? '');
    if (next !== '/account') back.set('next', next);
    const query = back.size > 0 ? `?${back}` : '';
    return seeOther(`/login?next=${encodeURIComponent(`/portal_link${query}`)}`);
  }
  const { appUrl, billing } = env();
  try {
    const session = await createPortalSession({
      customerId: customer.customerId,
      redirectUrl: portalRedirectUrl(appUrl, next),
      forwardUrl: sectionId
        ? await portalForwardFor(customer.customerId, billing.portalBaseUrl, sectionId)
        : undefined,
    });
    await rememberPortalSession(session.id);
    return seeOther(session.access_url);
  } catch (error) {
    if (!isChargebeeError(error)) throw error;
    console.error('[site] portal session could not be created:', error.message);
    return seeOther('/account?notice=portal_unavailable');
  }
}

/**
 * Where the portal sends the reader back (its `redirect_url`, at most 250 characters): the site page
 * they came from, such as the upgrade page that opens the article once the plan has changed.
 */
function portalRedirectUrl(appUrl: string, next: string): string {
  const url = `${appUrl}${next}`;
  return url.length <= 250 ? url : `${appUrl}/account`;
}

/**
 * The deep link for a section. Changing plan goes straight to the reader's own subscription (the
 * permalink Chargebee documents for that) when the site knows which one it is; otherwise, and for
 * every other section, to the section itself.
 */
async function portalForwardFor(customerId: string, portalBaseUrl: string, sectionId: string) {
  if (sectionId === 'edit_subscription') {
    const subscriptionId = await knownSubscriptionOf(customerId);
    if (subscriptionId) return portalSubscriptionEditUrl(portalBaseUrl, subscriptionId);
  }
  return portalForwardUrl(portalBaseUrl, sectionId);
}

async function knownSubscriptionOf(customerId: string): Promise<string | null> {
  try {
    return (await getEntitlement(customerId)).subscriptionId ?? null;
  } catch {
    return null;
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
