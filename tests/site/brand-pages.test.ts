import { describe, expect, inject, it } from 'vitest';
import { brand } from '@/lib/brand';
import { formerBrandNames } from '../support/brand';
import { SiteBrowser } from '../support/site-http';
import { createReader, signedIn } from './support';

describe('the brand on the site', () => {
  it('names the home page, pricing and an article, titles included', async () => {
    const reader = await signedIn(await createReader('reader-USD-monthly'));
    const stranger = new SiteBrowser(inject('siteUrl'));
    for (const [browser, path] of [
      [stranger, '/'],
      [stranger, '/pricing'],
      [reader, '/members/the-boring-database-wins'],
    ] as const) {
      const answer = await browser.get(path);
      expect(answer.status, path).toBe(200);
      const html = await answer.text();
      expect(html, path).toContain(`${brand.name}</span>`);
      expect(/<title>([^<]*)<\/title>/.exec(html)?.[1], path).toContain(brand.name);
      for (const former of formerBrandNames()) expect(html, path).not.toContain(former);
    }
  });
});
