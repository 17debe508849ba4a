// First-load JavaScript per page. Next 16 no longer prints sizes after `next build`, so this reads
// them from the build: (1) from the manifests, for every app page: the root main files every page
// loads plus the client entry chunks of the page's whole layout tree (layouts, error boundaries, the
// page); (2) from the HTML a real request returns, for the pages the harness can open: every script
// the page loads (script src and preload as=script; noModule polyfills excluded). Sizes are gzip -9
// of the files on disk, as Next's own build output used to report them.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

export type JsSize = { route: string; files: number; rawBytes: number; gzipBytes: number };

const gzipCache = new Map<string, { raw: number; gzip: number }>();

function sizeOf(distDir: string, file: string) {
  const normalized = file.replace(/^\/?_next\//, '').replace(/^\//, '');
  let cached = gzipCache.get(normalized);
  if (!cached) {
    const bytes = fs.readFileSync(path.join(distDir, normalized));
    cached = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    gzipCache.set(normalized, cached);
  }
  return cached;
}

function total(distDir: string, route: string, files: Iterable<string>): JsSize {
  const unique = [...new Set(files)];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of unique) {
    const { raw, gzip } = sizeOf(distDir, file);
    rawBytes += raw;
    gzipBytes += gzip;
  }
  return { route, files: unique.length, rawBytes, gzipBytes };
}

function findManifests(folder: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) findManifests(full, found);
    else if (entry.name === 'page_client-reference-manifest.js') found.push(full);
  }
  return found;
}

/** `/(members)/members/[slug]/page` → `/members/[slug]`. */
function routeOf(key: string): string {
  const route = key
    .replace(/\/page$/, '')
    .split('/')
    .filter((part) => part && !/^\(.*\)$/.test(part))
    .join('/');
  return `/${route}`;
}

/** First-load JS of every app page, from the build manifests. */
export function firstLoadFromManifests(distDir: string): JsSize[] {
  const buildManifest = JSON.parse(fs.readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  };
  const sizes: JsSize[] = [];
  for (const file of findManifests(path.join(distDir, 'server', 'app'))) {
    const context = vm.createContext({});
    vm.runInContext(fs.readFileSync(file, 'utf8'), context);
    const manifests = (
      context as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> }
    ).__RSC_MANIFEST;
    for (const [key, manifest] of Object.entries(manifests ?? {})) {
      const entryFiles = Object.values(manifest.entryJSFiles ?? {}).flat();
      sizes.push(total(distDir, routeOf(key), [...buildManifest.rootMainFiles, ...entryFiles]));
    }
  }
  return sizes.sort((a, b) => a.route.localeCompare(b.route));
}

/** The scripts an HTML page makes a browser load, as paths under /_next/. */
export function scriptsOfHtml(html: string): string[] {
  const files = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    if (/\bnomodule\b/i.test(tag)) continue;
    const src = /\bsrc="([^"]+)"/i.exec(tag)?.[1];
    if (src?.startsWith('/_next/static/') && src.endsWith('.js')) files.add(src.split('?')[0] as string);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\bas="script"/i.test(tag)) continue;
    const href = /\bhref="([^"]+)"/i.exec(tag)?.[1];
    if (href?.startsWith('/_next/static/') && href.endsWith('.js')) files.add(href.split('?')[0] as string);
  }
  return [...files];
}

/** First-load JS of one page, from the HTML it answered with. */
export function firstLoadFromHtml(distDir: string, route: string, html: string): JsSize {
  return total(distDir, route, scriptsOfHtml(html));
}
