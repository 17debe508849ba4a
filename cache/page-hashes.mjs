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
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The inline scripts Next.js and React write into a page, by shape: the flight data's start, each chunk
 * of it as one JSON string literal (text or base64), React's paint timer, and Turbopack's list of the
 * page's chunks. Only these are hashed. Anything else inline in a cached copy came from somewhere it
 * should not have (markup injected into the render), so the copy gets no script at all rather than a
 * policy that allows it.
 */
const frameworkScripts = [
  /^\(self\.__next_f=self\.__next_f\|\|\[\]\)\.push\(\[0\]\)$/,
  /^self\.__next_f\.push\(\[[13],"(?:[^"\\\n]|\\.)*"\]\)$/,
  /^requestAnimationFrame\(function\(\)\{\$RT=performance\.now\(\)\}\);$/,
];
const turbopackBootstrap =
  /^\(globalThis\["TURBOPACK"\] \|\| \(globalThis\["TURBOPACK"\] = \[\]\)\)\.push\((\{[^<]*\})\);?$/;

function isTurbopackBootstrap(body) {
  const match = turbopackBootstrap.exec(body);
  if (!match) return false;
  try {
    const { otherChunks = [], runtimeModuleIds = [], ...rest } = JSON.parse(match[1]);
    return (
      Object.keys(rest).length === 0 &&
      Array.isArray(otherChunks) &&
      otherChunks.every(
        (chunk) => typeof chunk === 'string' && /^static\/chunks\/[\w.-]+\.js$/.test(chunk),
      ) &&
      Array.isArray(runtimeModuleIds) &&
      runtimeModuleIds.every(Number.isInteger)
    );
  } catch {
    return false;
  }
}

/** Whether an inline script is one the framework writes (see frameworkScripts). */
export function isFrameworkScript(body) {
  return frameworkScripts.some((shape) => shape.test(body)) || isTurbopackBootstrap(body);
}

/**
 * `'sha256-…'` sources for every inline <script> (one without src) or <style> in the HTML, each once.
 * For scripts, `unknown` counts those that are not the framework's own (isFrameworkScript).
 */
export function inlineHashes(html, tag) {
  const hashes = new Set();
  let unknown = 0;
  for (const [, attributes, body] of html.matchAll(inline(tag))) {
    if (tag === 'script' && /\ssrc\s*=/i.test(` ${attributes}`)) continue;
    if (tag === 'script' && !isFrameworkScript(body)) {
      unknown += 1;
      continue;
    }
    hashes.add(sha256(body));
  }
  return Object.assign([...hashes], { unknown });
}

/**
 * The policy for one cached page: the template's marker replaced, in script-src by the hashes of the
 * page's inline scripts and in style-src by those of its inline styles. A page holding an inline script
 * the framework did not write gets `fallbackPolicy`: it shows, and nothing on it runs.
 */
export function policyForHtml(template, html) {
  const scriptHashes = inlineHashes(html, 'script');
  if (scriptHashes.unknown > 0) {
    console.error(
      `[cache] a cached page holds ${scriptHashes.unknown} inline script(s) the framework did not write; it is served with no script allowed`,
    );
    return fallbackPolicy;
  }
  const scripts = scriptHashes.join(' ');
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
