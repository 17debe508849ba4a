import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { servesCachedCopy } from '@/cache/cached-pages.mjs';
import { fallbackPolicy, hashesMarker, inlineHashes, policyForHtml } from '@/cache/page-hashes.mjs';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const template = `default-src 'self'; script-src 'self' ${hashesMarker}; style-src 'self' ${hashesMarker}; frame-ancestors 'none'`;

describe('the policy of a cached page', () => {
  it('names each of the framework’s inline scripts by its hash, exactly as written and once', () => {
    const start = '(self.__next_f=self.__next_f||[]).push([0])';
    const chunk = 'self.__next_f.push([1,"caf\\u00e9 \\u003cb\\u003e \\"quoted\\""])';
    const bootstrap =
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["static/chunks/0a-b.js"],"runtimeModuleIds":[94553]});';
    const html = `<html><script src="/_next/static/a.js" async=""></script><script id="_R_">${bootstrap}</script><script>${start}</script><p>x</p><script>${chunk}</script><script>${chunk}</script></html>`;
    expect([...inlineHashes(html, 'script')]).toEqual([sha(bootstrap), sha(start), sha(chunk)]);
    expect(policyForHtml(template, html)).toBe(
      `default-src 'self'; script-src 'self' ${sha(bootstrap)} ${sha(start)} ${sha(chunk)}; style-src 'self'; frame-ancestors 'none'`,
    );
  });

  it('allows no script at all on a page holding an inline script the framework did not write', () => {
    const start = '(self.__next_f=self.__next_f||[]).push([0])';
    const injected = [
      'alert(document.cookie)',
      'self.__next_f.push([1,"x"]);alert(1)',
      'self.__next_f.push([1,"x"]);alert(1);self.__next_f.push([1,""])',
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["https://evil.example/x.js"]});',
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[],"runtimeModuleIds":[1],"x":1});',
    ];
    for (const body of injected) {
      const html = `<script>${start}</script><script>${body}</script>`;
      expect(inlineHashes(html, 'script').unknown, body).toBe(1);
      expect(policyForHtml(template, html), body).toBe(fallbackPolicy);
    }
  });

  it('names inline styles in style-src only, and leaves no marker behind when a page has none', () => {
    const html = '<style>.a{color:red}</style><script src="/x.js"></script>';
    const policy = policyForHtml(template, html);
    expect(policy).toContain(`style-src 'self' ${sha('.a{color:red}')}`);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain(hashesMarker);
  });

  it('falls back to a policy that runs no script at all', () => {
    expect(fallbackPolicy).toContain("script-src 'none'");
    expect(fallbackPolicy).toContain("frame-ancestors 'none'");
  });
});

describe('which requests get the cached copy', () => {
  it('only a public page without a session cookie or a live query, and the copies themselves', () => {
    expect(servesCachedCopy('/', [], [])).toBe(true);
    expect(servesCachedCopy('/pricing', ['gatehouse_login_state'], ['utm_source'])).toBe(true);
    expect(servesCachedCopy('/pricing', ['authjs.session-token'], [])).toBe(false);
    expect(servesCachedCopy('/', ['__Secure-authjs.session-token.0'], [])).toBe(false);
    expect(servesCachedCopy('/pricing', [], ['reason'])).toBe(false);
    expect(servesCachedCopy('/', [], ['signed_out'])).toBe(false);
    expect(servesCachedCopy('/members', [], [])).toBe(false);
    expect(servesCachedCopy('/cached/pricing', ['authjs.session-token'], [])).toBe(true);
  });
});
