import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { distDir } from '@/scripts/lib/build';
import { api } from '../support/api';
import { browser, newCustomer, signIntoSite } from './support';

const baseUrl = () => inject('baseUrl');

// Text only a member may read: a paragraph of the article well past its free opening.
const membersOnly = 'Before adopting something new for the memory layer, ask three questions.';

/** Every cached page file under the build's server folder (Next keeps copies in server/route-cache). */
function cacheFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:html|rsc|meta|segment\.rsc)$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(distDir(), 'server'));
  return found;
}

/** A subscriber on Reader Yearly, signed into the site. */
async function signedInSubscriber() {
  const { id, email } = await newCustomer(baseUrl(), 'cached');
  await api('POST', 'payment_sources/create_card', {
    customer_id: id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
  });
  const created = await api('POST', `customers/${id}/subscription_for_items`, {
    subscription_items: { item_price_id: ['reader-USD-yearly'] },
  });
  expect(created.status).toBe(200);
  const reader = browser(baseUrl());
  await signIntoSite(baseUrl(), reader, email, '/members');
  const session = reader.jar.get('authjs.session-token') ?? '';
  expect(session.length).toBeGreaterThan(40);
  return { id, email, reader, session };
}

/** The header's main navigation: "Sign in" for a visitor, "Account" for a reader. */
function mainNav(html: string): string {
  return /<nav aria-label="Main"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
}

/** What must never be in a page kept for everyone, with where it would come from. */
function secretsOf(subscriber: { id: string; email: string; session: string }): [string, string][] {
  return [
    ['the email', subscriber.email],
    ['the customer id', subscriber.id],
    ['the session cookie', subscriber.session.slice(0, 40)],
    ['the member notice', 'You are a member'],
    ['the reader’s plan mark', 'Your plan'],
    ['members-only text', membersOnly],
  ];
}

describe('the cached public pages', () => {
  it('never hold anything of a signed-in reader, whatever the reader requested before', async () => {
    const subscriber = await signedInSubscriber();
    const secrets = secretsOf(subscriber);
    // The reader's own pages are rendered for them, private, and do show what the probes look for.
    const members = await subscriber.reader.get('/members/the-boring-database-wins');
    expect(members.status).toBe(200);
    expect(await members.text()).toContain(membersOnly);
    for (const page of ['/', '/pricing']) {
      const own = await subscriber.reader.get(page);
      expect(own.status, page).toBe(200);
      expect(own.headers.get('cache-control'), page).toMatch(/private/);
      expect(own.headers.get('content-security-policy'), page).toContain("'nonce-");
      const html = await own.text();
      expect(mainNav(html), page).toContain('href="/account"');
      if (page === '/pricing') expect(html).toContain('You are a member');
    }
    // The reader asking for the cached copies by their own address gets the copy everyone gets.
    for (const copy of ['/cached/home', '/cached/pricing']) {
      const response = await subscriber.reader.get(copy);
      expect(response.status, copy).toBe(200);
      const html = await response.text();
      expect(mainNav(html), copy).toContain('href="/login"');
      expect(mainNav(html), copy).not.toContain('href="/account"');
      for (const [what, value] of secrets) expect(html.includes(value), `${copy}: ${what}`).toBe(false);
    }
    // A visitor without a session: the copy, shareable, with no cookie set.
    for (const page of ['/', '/pricing']) {
      for (let i = 0; i < 2; i += 1) {
        const response = await fetch(`${baseUrl()}${page}`);
        const html = await response.text();
        expect(response.status, page).toBe(200);
        expect(response.headers.get('x-nextjs-cache'), page).toMatch(/^(?:HIT|STALE|MISS)$/);
        expect(response.headers.get('cache-control'), page).toMatch(/s-maxage=\d+/);
        expect(response.headers.get('cache-control'), page).not.toMatch(/private|no-store/);
        expect(response.headers.getSetCookie(), page).toEqual([]);
        expect(mainNav(html), page).toContain('href="/login"');
        expect(mainNav(html), page).not.toContain('href="/account"');
        for (const [what, value] of secrets) expect(html.includes(value), `${page}: ${what}`).toBe(false);
      }
    }
    // And every copy Next stored on disk, whenever it was rendered: both pages are among them. A copy
    // rendered before this reader signed in cannot hold their data, so this part proves something only
    // when a copy was rendered (on a miss or a revalidation) while they browsed; the answers above are
    // checked either way.
    const files = cacheFiles();
    for (const page of ['home', 'pricing'])
      expect(
        files.some((file) => file.endsWith(`${path.sep}cached${path.sep}${page}.html`)),
        `a stored copy of ${page}`,
      ).toBe(true);
    for (const file of files) {
      const stored = fs.readFileSync(file, 'utf8');
      for (const [what, value] of secrets.slice(0, 3))
        expect(stored.includes(value), `${path.relative(distDir(), file)}: ${what}`).toBe(false);
    }
  });

  it('are not served for a session cookie or a query that changes the page', async () => {
    const asReader = await fetch(`${baseUrl()}/pricing`, {
      headers: { Cookie: 'authjs.session-token=not-a-valid-token' },
    });
    await asReader.body?.cancel();
    expect(asReader.headers.get('cache-control')).toMatch(/private/);
    expect(asReader.headers.get('content-security-policy')).toContain("'nonce-");
    for (const page of ['/?signed_out=1', '/pricing?reason=checkout_cancelled']) {
      const response = await fetch(`${baseUrl()}${page}`);
      await response.body?.cancel();
      expect(response.headers.get('cache-control'), page).toMatch(/private/);
    }
    const elsewhere = await fetch(`${baseUrl()}/cached/anything-else`);
    await elsewhere.body?.cancel();
    expect(elsewhere.status).toBe(404);
  });
});
