const base = 'http://gatehouse.invalid';
const maxLength = 1000;
// Printable ASCII without backslash: control characters, spaces and look-alike Unicode slashes are
// all refused rather than trusted to be parsed the same way by every browser.
const allowedCharacters = /^[\x21-\x5b\x5d-\x7e]+$/;
const ownEntryPoints = /^\/(login|auth|api)(\/|\?|#|$)/;

function decodeAll(value: string): string[] {
  const forms = [value];
  let current = value;
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return [...forms, '\u0000'];
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function looksHostile(form: string): boolean {
  if (!form.startsWith('/')) return true;
  if (form.startsWith('//') || form.startsWith('/\\')) return true;
  if (!allowedCharacters.test(form)) return true;
  const path = form.split(/[?#]/, 1)[0] ?? '';
  return path.includes(':');
}

/**
 * A same-site path to send a visitor to after sign-in, or `fallback`. Only a relative path passes:
 * no scheme, no `//` or `/\` (protocol-relative), no control characters, and no encoded form of any
 * of them; the result is normalised and checked again, so `/.//evil.example` cannot become `//evil`.
 */
export function safeNext(raw: unknown, fallback = '/account'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength) return fallback;
  if (!allowedCharacters.test(raw)) return fallback;
  if (decodeAll(raw).some(looksHostile)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const clean = `${url.pathname}${url.search}${url.hash}`;
  if (looksHostile(clean) || ownEntryPoints.test(url.pathname)) return fallback;
  return clean;
}
