import { randomBytes } from 'node:crypto';
import { type NextFetchEvent, type NextMiddleware, type NextRequest, NextResponse } from 'next/server';
import NextAuth, { CredentialsSignin } from 'next-auth';
import { getToken, type JWT } from 'next-auth/jwt';
import { z } from 'zod';
import { isPathId } from '@/lib/chargebee/ids';
import { env } from '@/lib/env';
import { maxLinkedCustomers } from './linked-customers';
import { chargebeePortalProvider } from './portal-provider';
import { decodeSessionToken } from './session-jwt';
import './types';
import { verifiedCustomerProvider } from './verified-provider';

export const sessionMaxAgeSeconds = 8 * 3600;
/** How long a session cookie is left alone before a visit slides its lifetime forward again. */
export const sessionRefreshAfterSeconds = 3600;
/** A visitor rarely holds more; older ids are logged out when a new one pushes them out. */
export const maxPortalSessions = 20;

const portalSessionUpdate = z.object({ addPortalSession: z.string().refine(isPathId) });

export function usesSecureCookies(): boolean {
  return env().appUrl.startsWith('https://');
}

export const { auth, signIn, signOut, unstable_update, handlers } = NextAuth(() => ({
  secret: env().authSecret,
  trustHost: true,
  useSecureCookies: usesSecureCookies(),
  session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds, updateAge: sessionRefreshAfterSeconds },
  jwt: { decode: decodeSessionToken },
  pages: { signIn: '/login', signOut: '/account', error: '/auth/problem' },
  providers: [chargebeePortalProvider(), verifiedCustomerProvider()],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (trigger === 'signIn' && user) {
        token.sid = randomBytes(16).toString('base64url');
        token.portalSessionIds = user.portalSessionId ? [user.portalSessionId] : [];
        token.linkedCustomerIds = (user.linkedCustomerIds ?? [])
          .filter(isPathId)
          .slice(0, maxLinkedCustomers);
      }
      const update = trigger === 'update' ? portalSessionUpdate.safeParse(session) : undefined;
      if (update?.success) {
        token.portalSessionIds = [...(token.portalSessionIds ?? []), update.data.addPortalSession].slice(
          -maxPortalSessions,
        );
      }
      return token;
    },
    session({ session, token }) {
      return {
        expires: session.expires,
        user: { id: token.sub ?? '', email: token.email ?? null, name: token.name ?? null },
      };
    },
  },
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) {
        console.warn(`[auth] portal sign-in refused (${error.code})`);
        return;
      }
      console.error('[auth]', error);
    },
  },
}));

/**
 * The session's claims from the request's session cookie, or null. Only the cookie: `getToken` would
 * also take a token from an `Authorization: Bearer` header, which this site never issues.
 */
export async function readSessionCookie(headers: Headers): Promise<JWT | null> {
  const cookie = headers.get('cookie');
  // No cookie, no session, and no need for the secret (a page prerendered at build time has neither).
  if (!cookie) return null;
  return getToken({
    req: { headers: { cookie } },
    secret: env().authSecret,
    secureCookie: usesSecureCookies(),
    decode: decodeSessionToken,
  });
}

export type SignedInCustomer = {
  customerId: string;
  email: string | null;
  name: string | null;
  /** Every customer the verified email belongs to (this one included), as the portal login said. */
  linkedCustomerIds: string[];
};

/** The customer a session token names, or null when there is no token or it names nobody. */
export function customerOfToken(token: JWT | null): SignedInCustomer | null {
  const id = token?.sub;
  if (!id || !isPathId(id)) return null;
  const linked = Array.isArray(token.linkedCustomerIds) ? token.linkedCustomerIds.filter(isPathId) : [];
  return {
    customerId: id,
    email: typeof token.email === 'string' ? token.email : null,
    name: typeof token.name === 'string' ? token.name : null,
    linkedCustomerIds: linked.includes(id) ? linked : [id, ...linked],
  };
}

/**
 * Middleware that slides the 8-hour session forward at most once an hour, given the token the request's
 * cookie holds. Re-issuing the cookie on every request would let any request in flight (a prefetch,
 * another tab) write back an older token over one just updated (a portal session added by
 * /portal_link), and re-encrypts a JWE each time.
 */
export async function refreshSession(request: NextRequest, event: NextFetchEvent, token: JWT | null) {
  const issuedAgo = sessionMaxAgeSeconds - ((token?.exp ?? 0) - Math.floor(Date.now() / 1000));
  if (!token || issuedAgo < sessionRefreshAfterSeconds) return NextResponse.next();
  const passThrough = (_request: NextRequest, _event: NextFetchEvent) => NextResponse.next();
  // With a lazily built configuration, Auth.js hands the middleware back through a promise.
  const middleware: NextMiddleware = await auth(passThrough);
  return middleware(request, event);
}
