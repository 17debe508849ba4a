// Plain JavaScript: Next.js loads the cache handler (cache/handler.mjs) at run time, outside
// the bundle, and the handler builds the Content-Security-Policy of a cached page with these.
import { createHash } from 'node:crypto';

/**
 * The request header through which proxy.ts hands the cache handler the policy of a cached page. Its
 * script-src and style-src hold `hashesMarker` where the hashes of the page's inline elements go.
 */
export const cachedPolicyHeader = 'x-gatehouse-cached-page-policy';

/** Stands in the policy for the hashes of the page's own inline scripts (or styles). */
export const hashesMarker = "'inline-hashes'";

/** Served when no policy came with the request: the page shows, but no script of any kind runs. */
export const fallbackPolicy =
  "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const inline = (tag) => new RegExp(`<${tag}\\b((?:(?!>)[\\s\\S])*)>([\\s\\S]*?)</${tag}>`, 'gi');

/** `'sha256-…'` sources for every inline <script> (one without src) or <style> in the HTML. */
export function inlineHashes(html, tag) {
  const hashes = new Set();
  for (const [, attributes, body] of html.matchAll(inline(tag))) {
    if (tag === 'script' && /\ssrc\s*=/i.test(` ${attributes}`)) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * The policy for one cached page: the template's marker replaced, in script-src by the hashes of the
 * page's inline scripts and in style-src by those of its inline styles.
 */
export function policyForHtml(template, html) {
  const scripts = inlineHashes(html, 'script').join(' ');
  const styles = inlineHashes(html, 'style').join(' ');
  return template
    .split(';')
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0];
      const hashes = name === 'script-src' ? scripts : name === 'style-src' ? styles : '';
      return directive.replace(hashesMarker, hashes).replace(/\s+/g, ' ').trim();
    })
    .join('; ');
}
