import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextResponse } from 'next/server';
import { cache } from 'react';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { browserSessionSeconds, findBrowserSession, portalCookieName } from './browser-session';

function cookieOptions() {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: env().appUrl.startsWith('https:'),
    path: '/portal',
  };
}

export function setPortalCookie(response: NextResponse, token: string): void {
  response.cookies.set(portalCookieName, token, { ...cookieOptions(), maxAge: browserSessionSeconds });
}

export function clearPortalCookie(response: NextResponse): void {
  response.cookies.set(portalCookieName, '', { ...cookieOptions(), maxAge: 0 });
}

/** The signed-in portal customer of this request, if any (read once per request). */
export const findPortalCustomer = cache(async () => {
  const token = (await cookies()).get(portalCookieName)?.value;
  if (!token) return undefined;
  return findBrowserSession(await db(), token);
});

/** The gate of every signed-in portal page and action: the session and customer, or off to sign in. */
export async function requirePortalCustomer() {
  const found = await findPortalCustomer();
  if (!found) redirect('/portal/login');
  return found;
}
