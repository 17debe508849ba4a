import { randomBytes } from 'node:crypto';
import { type NextFetchEvent, type NextMiddleware, type NextRequest, NextResponse } from 'next/server';
import NextAuth, { CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import { isPathId } from '@/lib/chargebee/ids';
import { env } from '@/lib/env';
import { chargebeePortalProvider } from './portal-provider';
import './types';

export const sessionMaxAgeSeconds = 8 * 3600;
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
  session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds, updateAge: 3600 },
  pages: { signIn: '/login', signOut: '/account', error: '/auth/problem' },
  providers: [chargebeePortalProvider()],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (trigger === 'signIn' && user) {
        token.sid = randomBytes(16).toString('base64url');
        token.portalSessionIds = user.portalSessionId ? [user.portalSessionId] : [];
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

/** Middleware that re-issues the session cookie, sliding its 8-hour lifetime forward. */
export async function refreshSession(request: NextRequest, event: NextFetchEvent) {
  const passThrough = (_request: NextRequest, _event: NextFetchEvent) => NextResponse.next();
  // With a lazily built configuration, Auth.js hands the middleware back through a promise.
  const middleware: NextMiddleware = await auth(passThrough);
  return middleware(request, event);
}
