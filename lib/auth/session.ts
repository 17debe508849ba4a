import { headers } from 'next/headers';
import { CredentialsSignin } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { cache } from 'react';
import { z } from 'zod';
import { recordHeldPortalSession, takeHeldPortalSessions } from '@/lib/auth/held-portal-sessions';
import { isPathId } from '@/lib/chargebee/ids';
import { logoutPortalSession } from '@/lib/chargebee/portal-sessions';
import {
  customerOfToken,
  maxPortalSessions,
  readSessionCookie,
  type SignedInCustomer,
  signIn,
  signOut,
  unstable_update,
} from './next-auth';
import { type PortalSignInFailure, portalProviderId, portalSessionProof } from './portal-provider';
import { verifiedCustomerCredentials, verifiedProviderId } from './verified-proof';

async function sessionToken() {
  return readSessionCookie(await headers());
}

/**
 * The signed-in customer from the app session, or null. Says nothing about what they pay for. Read
 * once per server render (the header and the page's gate share it); route handlers and server actions
 * read the cookie on every call.
 */
export const currentCustomer = cache(
  async (): Promise<SignedInCustomer | null> => customerOfToken(await sessionToken()),
);

/** Portal session ids a session token holds; read on the server only, never sent to the browser. */
function portalSessionIdsOf(token: JWT | null): string[] {
  const ids = z.array(z.string()).safeParse(token?.portalSessionIds);
  return ids.success ? ids.data.filter(isPathId) : [];
}

/** Logs portal sessions out through the API; a failure is logged and does not stop the others. */
export async function logOutPortalSessions(ids: string[]): Promise<void> {
  const results = await Promise.allSettled(ids.filter(isPathId).map((id) => logoutPortalSession(id)));
  for (const result of results) {
    if (result.status === 'rejected')
      console.error('[site] portal session logout failed:', String(result.reason));
  }
}

/**
 * Remembers a portal session so sign-out logs it out too: in the database under this sign-in (safe when
 * two tabs open the portal at once) and in the token (which a race between tabs can lose).
 */
export async function rememberPortalSession(id: string): Promise<void> {
  const token = await sessionToken();
  if (token?.sid && token.sub) await recordHeldPortalSession(token.sid, token.sub, id);
  const held = portalSessionIdsOf(token);
  const pushedOut = held.slice(0, Math.max(0, held.length - maxPortalSessions + 1));
  await unstable_update({ addPortalSession: id });
  if (pushedOut.length > 0) await logOutPortalSessions(pushedOut);
}

export type PortalSignIn = { ok: true } | { ok: false; reason: PortalSignInFailure };

/** Portal sessions the current sign-in holds, taken so a new sign-in can log them out afterwards. */
async function takePreviousPortalSessions(): Promise<string[]> {
  const previousToken = await sessionToken();
  return [
    ...portalSessionIdsOf(previousToken),
    ...(previousToken?.sid ? await takeHeldPortalSessions(previousToken.sid) : []),
  ];
}

/**
 * Runs an Auth.js sign-in, then logs out the portal sessions the browser's previous sign-in held (all
 * but `keep`). A refusal comes back as its reason; anything else is thrown.
 */
async function signInReplacing(
  provider: string,
  credentials: Record<string, string>,
  keep?: string,
): Promise<PortalSignIn> {
  const previous = await takePreviousPortalSessions();
  try {
    await signIn(provider, { ...credentials, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const reason = (['invalid_request', 'rejected', 'unavailable'] as const).find(
        (code) => code === error.code,
      );
      return { ok: false, reason: reason ?? 'rejected' };
    }
    throw error;
  }
  await logOutPortalSessions([...new Set(previous)].filter((held) => held !== keep));
  return { ok: true };
}

/** Signs in with a portal-login result. Call only after the visitor's `state` cookie matched. */
export function signInWithPortalSession(id: string, token: string): Promise<PortalSignIn> {
  return signInReplacing(
    portalProviderId,
    { auth_session_id: id, auth_session_token: token, proof: portalSessionProof(id) },
    id,
  );
}

/**
 * Signs in as a customer the caller has verified itself: the buyer of a checkout bound to this browser.
 * The session is exactly like one from the portal login, without a portal session to log out.
 */
export function signInAsVerifiedCustomer(customerId: string): Promise<PortalSignIn> {
  return signInReplacing(verifiedProviderId, verifiedCustomerCredentials(customerId, [customerId]));
}

/**
 * Switches the signed-in reader to another customer of the same verified email. Only ids the portal
 * login's activated session listed (kept in the encrypted session token) are accepted.
 */
export async function switchToLinkedCustomer(targetId: string): Promise<PortalSignIn | null> {
  const current = customerOfToken(await sessionToken());
  if (!current?.linkedCustomerIds.includes(targetId)) return null;
  if (targetId === current.customerId) return { ok: true };
  return signInReplacing(
    verifiedProviderId,
    verifiedCustomerCredentials(targetId, current.linkedCustomerIds),
  );
}

/** Ends the app session and logs out, through the API, every portal session it held. */
export async function signOutEverywhere(): Promise<void> {
  const token = await sessionToken();
  const recorded = token?.sid ? await takeHeldPortalSessions(token.sid) : [];
  await logOutPortalSessions([...new Set([...portalSessionIdsOf(token), ...recorded])]);
  await signOut({ redirect: false });
}
