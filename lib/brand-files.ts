import type { Brand } from './brand';

/**
 * The files drawn from the brand config, by path: the Tailwind theme's colours, the icon and the web
 * manifest. `npm run brand` writes them; tests/unit/brand.test.ts fails when one is out of date.
 */
export function brandFiles(brand: Brand): Record<string, string> {
  const colors = Object.entries(brand.colors)
    .map(([shade, value]) => `  --color-brand-${shade}: ${value};`)
    .join('\n');
  const manifest = {
    name: brand.name,
    short_name: brand.name,
    description: brand.description,
    start_url: '/',
    scope: '/',
    display: 'browser',
    background_color: '#fafaf9',
    theme_color: brand.colors[600],
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
  return {
    'app/brand.css': `/* Written by \`npm run brand\` from lib/brand.ts: edit that file, not this one. */\n@theme {\n${colors}\n}\n`,
    'app/icon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>${escapeXml(brand.name)}</title><rect width="64" height="64" rx="14" fill="${brand.colors[600]}"/><path d="${brand.logo.iconPath}" fill="#fff"/></svg>\n`,
    'public/manifest.webmanifest': `${JSON.stringify(manifest, null, 2)}\n`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
