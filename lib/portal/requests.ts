import { NextResponse } from 'next/server';

/**
 * True unless a browser says the form came from another site. Browsers send Sec-Fetch-Site (and
 * Origin) on every cross-site POST; a client that sends neither is not a browser being tricked.
 */
export function isSameOriginPost(request: { headers: Headers }): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  return URL.canParse(origin) && new URL(origin).host === host;
}

/** A 303 to a same-site path (relative, so the browser stays on the host it used). */
export function seeOther(location: string, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store', ...headers },
  });
}

export function refuseCrossSite(): NextResponse {
  return new NextResponse(
    'This form can only be sent from the billing portal itself. Go back and try again.',
    {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    },
  );
}

/** Reads one text field of a form post as sent (capped), or '' when it is missing. */
export function formText(form: FormData, name: string, max = 2000): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}
