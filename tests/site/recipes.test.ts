import { beforeAll, describe, expect, inject, it } from 'vitest';
import { locationOf, SiteBrowser } from '../support/site-http';
import { createReader, signedIn } from './support';

// The guide's recipes (docs/recipes/, copied into the app by tests/starter/remove-provider.test.ts),
// through a real production server: each gate sends the signed-out to sign in, the unsubscribed to
// pricing, a plan without the feature to the upgrade page, and lets the rest through.
const page = '/members/field-notes';
const route = '/members/field-notes/export';
const loginFor = (path: string) => `/login?next=${encodeURIComponent(path)}`;

/** Posts the page's server-action form as a browser without JavaScript does. */
async function submitNote(browser: SiteBrowser, actionField: string) {
  const form = new FormData();
  form.set(actionField, '');
  form.set('note', 'Renewals are promises kept.');
  const headers: Record<string, string> = { Origin: inject('siteUrl') };
  if (browser.jar.header()) headers.Cookie = browser.jar.header();
  return fetch(`${inject('siteUrl')}${page}`, { method: 'POST', body: form, headers, redirect: 'manual' });
}

function pathOf(response: Response): string {
  const location = new URL(locationOf(response), inject('siteUrl'));
  return location.pathname + location.search;
}

describe('the members recipes', () => {
  let stranger: SiteBrowser;
  let unsubscribed: SiteBrowser;
  let reader: SiteBrowser;
  let patron: SiteBrowser;
  let actionField: string;

  beforeAll(async () => {
    stranger = new SiteBrowser(inject('siteUrl'));
    unsubscribed = await signedIn(await createReader());
    reader = await signedIn(await createReader('reader-USD-monthly'));
    patron = await signedIn(await createReader('patron-USD-monthly'));
    const html = await (await reader.get(page)).text();
    actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1] ?? '';
    expect(actionField, 'the page renders the server action form').not.toBe('');
  });

  it('shows the page to members, and sends others to sign in or to pricing', async () => {
    const shown = await reader.get(page);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Notes for members only');
    expect(pathOf(await stranger.get(page))).toBe(loginFor(page));
    expect(pathOf(await unsubscribed.get(page))).toMatch(/^\/pricing\?reason=/);
  });

  it('runs the server action for members only, whoever posts it', async () => {
    const saved = await submitNote(reader, actionField);
    expect(saved.status).toBe(303);
    expect(pathOf(saved)).toBe(`${page}?saved=1`);
    expect(pathOf(await submitNote(stranger, actionField))).toBe(loginFor(page));
    expect(pathOf(await submitNote(unsubscribed, actionField))).toMatch(/^\/pricing\?reason=/);
  });

  it('answers the route handler for plans with the feature only', async () => {
    const answer = await patron.get(route);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ notes: ['Renewals are promises kept.'] });
    expect(pathOf(await reader.get(route))).toBe(
      `/upgrade?feature=long-reads&next=${encodeURIComponent(route)}`,
    );
    expect(pathOf(await unsubscribed.get(route))).toMatch(/^\/pricing\?reason=/);
    expect(pathOf(await stranger.get(route))).toBe(loginFor(route));
  });

  it('publishes the article with its teaser for all and its body for the feature, and never the draft', async () => {
    const home = await (await stranger.get('/')).text();
    expect(home).toContain('A field guide to renewals');
    expect(home).toContain('The opening paragraph is the teaser');
    expect(home).not.toContain('Notes toward a pricing page');
    const article = '/members/a-field-guide-to-renewals';
    expect(await (await patron.get(article)).text()).toContain('Everything after the opening paragraph');
    expect(pathOf(await reader.get(article))).toMatch(/^\/upgrade\?feature=long-reads/);
    expect((await patron.get('/members/notes-toward-a-pricing-page')).status).toBe(404);
  });
});
