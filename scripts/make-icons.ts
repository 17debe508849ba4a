import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, resolveChromium } from '@/e2e/support/browser';
import { brand } from '@/lib/brand';

// Draws the PNG icons and favicon.ico in public/ from app/icon.svg, the one drawing of the app's icon.
// Run after changing the drawing: npx tsx scripts/make-icons.ts
const svg = fs.readFileSync(path.join('app', 'icon.svg'), 'utf8');

/** An .ico holding one PNG image, which every browser that still asks for /favicon.ico reads. */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

const browser = await chromium.launch({ executablePath: resolveChromium(), args: chromiumArgs });
const page = await browser.newPage();
async function render(size: number, padding = 0): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const inner = size - 2 * padding;
  await page.setContent(
    `<body style="margin:0;background:${padding ? brand.colors[600] : 'transparent'}">` +
      `<div style="padding:${padding}px;width:${inner}px;height:${inner}px">` +
      svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `) +
      '</div></body>',
  );
  return page.screenshot({ omitBackground: !padding });
}
fs.mkdirSync('public', { recursive: true });
fs.writeFileSync(path.join('public', 'favicon.ico'), icoOf(await render(32), 32));
fs.writeFileSync(path.join('public', 'icon-192.png'), await render(192));
fs.writeFileSync(path.join('public', 'icon-512.png'), await render(512));
// Maskable (and Apple's, which gets no transparency): the drawing inside the safe zone on a full-bleed background, for launchers that crop.
fs.writeFileSync(path.join('public', 'icon-maskable-512.png'), await render(512, 52));
fs.writeFileSync(path.join('app', 'apple-icon.png'), await render(180, 18));
await browser.close();
