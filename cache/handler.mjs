// Next.js's own file-system cache for prerendered and revalidated pages, plus one thing: every cached
// page carries, among its stored headers, a Content-Security-Policy with the hashes of its own inline
// scripts. Header and HTML travel together, so the copy a shared cache keeps stays consistent, and no
// nonce (which would have to be new for every response) is needed. See docs/SECURITY.md.
import fileSystemCache from 'next/dist/server/lib/incremental-cache/file-system-cache.js';
import { cachedPolicyHeader, fallbackPolicy, policyForHtml } from './page-hashes.mjs';

const FileSystemCache = fileSystemCache.default ?? fileSystemCache;
const policyKey = 'content-security-policy';

/** Policies already worked out, by template and page, so a cache hit hashes nothing. */
const known = new Map();

function withPolicy(value, template) {
  if (value?.kind !== 'APP_PAGE' || typeof value.html !== 'string') return value;
  const memoKey = `${template}\n${value.html.length}`;
  let entry = known.get(memoKey);
  if (!entry || entry.html !== value.html) {
    entry = { html: value.html, policy: template ? policyForHtml(template, value.html) : fallbackPolicy };
    if (known.size > 200) known.clear();
    known.set(memoKey, entry);
  }
  return { ...value, headers: { ...value.headers, [policyKey]: entry.policy } };
}

export default class HashingCacheHandler extends FileSystemCache {
  constructor(options) {
    super(options);
    const headers = options?._requestHeaders ?? {};
    const template = headers[cachedPolicyHeader];
    this.template = typeof template === 'string' ? template : undefined;
  }

  async get(...args) {
    const entry = await super.get(...args);
    if (!entry?.value) return entry;
    return { ...entry, value: withPolicy(entry.value, this.template) };
  }

  async set(key, data, ctx) {
    // A page rendered on a miss is answered with this same object: give it its policy before it goes out.
    if (data?.kind === 'APP_PAGE' && typeof data.html === 'string') {
      data.headers = withPolicy(data, this.template).headers;
    }
    return super.set(key, data, ctx);
  }
}
