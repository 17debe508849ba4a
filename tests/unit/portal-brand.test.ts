import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import HostedPagesLayout from '@/app/pages/layout';
import { PortalFooter } from '@/components/portal/portal-footer';
import { PortalHeader } from '@/components/portal/portal-header';
import { brand } from '@/lib/brand';
import { formerBrandNames } from '../support/brand';

describe('the brand on the embedded provider', () => {
  it("names the portal's header and footer and the hosted checkout", () => {
    const pages = [
      renderToStaticMarkup(createElement(PortalHeader, {})),
      renderToStaticMarkup(createElement(PortalHeader, { account: { label: 'ada@example.com' } })),
      renderToStaticMarkup(createElement(PortalFooter)),
      renderToStaticMarkup(createElement(HostedPagesLayout, null, 'checkout')),
    ];
    for (const html of pages) {
      expect(html).toContain(brand.name);
      for (const former of formerBrandNames()) expect(html).not.toContain(former);
    }
  });
});
