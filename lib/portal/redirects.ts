export type RedirectCheck = { ok: true; url: string } | { ok: false; reason: string };

const maxLength = 2000;
// Printable ASCII only: WHATWG URL parsing silently drops tabs and newlines and trims spaces, and
// non-ASCII hosts can imitate allowed ones, so anything else is refused before parsing.
const printableAscii = /^[\x21-\x7e]+$/;
const absoluteHttp = /^https?:\/\/[^/]/i;

/**
 * Accepts a URL only when it is an absolute http(s) URL, without user info, on one of the allowed
 * origins (exact origin match after WHATWG parsing). Returns the normalised URL to redirect to.
 */
export function checkRedirectUrl(raw: string, allowedOrigins: readonly string[]): RedirectCheck {
  if (raw.length === 0) return { ok: false, reason: 'is empty' };
  if (raw.length > maxLength) return { ok: false, reason: `is longer than ${maxLength} characters` };
  if (!printableAscii.test(raw))
    return { ok: false, reason: 'contains spaces or characters a URL cannot hold' };
  if (raw.includes('\\')) return { ok: false, reason: 'contains a backslash' };
  if (!absoluteHttp.test(raw)) return { ok: false, reason: 'is not an absolute http or https URL' };
  const authority = raw.slice(raw.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) return { ok: false, reason: 'contains a user name' };
  if (!URL.canParse(raw)) return { ok: false, reason: 'is not a valid URL' };
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'is not an http or https URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'contains a user name' };
  if (!allowedOrigins.includes(url.origin)) return { ok: false, reason: `is not on an allowed site` };
  return { ok: true, url: url.href };
}

/**
 * Adds query parameters to a URL without re-encoding what is already there: `?` when it has no query,
 * `&` when it has one. A fragment stays at the end.
 */
export function appendQuery(url: string, params: Record<string, string>): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const added = new URLSearchParams(params).toString();
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${added}${hash}`;
}
