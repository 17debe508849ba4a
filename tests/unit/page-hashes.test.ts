import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { servesCachedCopy } from '@/cache/cached-pages.mjs';
import { fallbackPolicy, hashesMarker, inlineHashes, policyForHtml } from '@/cache/page-hashes.mjs';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const template = `default-src 'self'; script-src 'self' ${hashesMarker}; style-src 'self' ${hashesMarker}; frame-ancestors 'none'`;

describe('the policy of a cached page', () => {
  it('names each inline script by its hash, exactly as written (entities, non-ASCII) and once', () => {
    const first = 'self.__next_f.push([1,"caf\\u00e9 &amp; <b>"])';
    const second = 'console.log("é")';
    const html = `<html><script src="/_next/static/a.js" async=""></script><script>${first}</script><p>x</p><script id="_R_">${second}</script><script>${first}</script></html>`;
    expect(inlineHashes(html, 'script')).toEqual([sha(first), sha(second)]);
    expect(policyForHtml(template, html)).toBe(
      `default-src 'self'; script-src 'self' ${sha(first)} ${sha(second)}; style-src 'self'; frame-ancestors 'none'`,
    );
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
