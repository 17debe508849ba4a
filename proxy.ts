import type { NextFetchEvent, NextRequest } from 'next/server';
import { refreshSession } from '@/lib/auth/next-auth';

/** Slides the session forward while a visitor reads. Not the gate: members pages call requireSubscriber(). */
export function proxy(request: NextRequest, event: NextFetchEvent) {
  return refreshSession(request, event);
}

export const config = { matcher: ['/', '/members', '/members/:path*', '/account', '/pricing'] };
