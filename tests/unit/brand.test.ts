import fs from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import HostedPagesLayout from '@/app/pages/layout';
import { PortalFooter } from '@/components/portal/portal-footer';
import { PortalHeader } from '@/components/portal/portal-header';
import { brand } from '@/lib/brand';
import { brandFiles } from '@/lib/brand-files';
import { formerBrandNames } from '../support/brand';

describe('the brand config', () => {
  it('is what the theme, the icon and the manifest say (npm run brand writes them)', () => {
    for (const [file, content] of Object.entries(brandFiles(brand))) {
      expect(fs.readFileSync(file, 'utf8'), `${file} is out of date: run npm run brand`).toBe(content);
    }
    expect(fs.readFileSync('app/globals.css', 'utf8')).toContain('@import "./brand.css";');
    expect(fs.readFileSync('app/globals.css', 'utf8')).not.toMatch(/--color-brand-\d+:/);
  });

  it("names the portal's header and footer and the hosted checkout", () => {
    const pages = [
      renderToStaticMarkup(createElement(PortalHeader, {})),
      renderToStaticMarkup(createElement(PortalHeader, { account: { label: 'ada@example.com' } })),
      renderToStaticMarkup(createElement(PortalFooter)),
      renderToStaticMarkup(createElement(HostedPagesLayout, { children: 'checkout' })),
    ];
    for (const html of pages) {
      expect(html).toContain(brand.name);
      for (const former of formerBrandNames()) expect(html).not.toContain(former);
    }
  });
});
