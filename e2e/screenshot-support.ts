import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

// UPDATE_SCREENSHOTS=1 writes the pictures kept in docs/screenshots; otherwise they go to test-results.
const folder = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
const widths = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** Full-page pictures of the current page at desktop and phone width, each checked for sideways scrolling. */
export async function captureWidths(page: Page, name: string) {
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await page.reload();
    await expect(page.locator('main').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways at ${size.width}px`).toBeLessThanOrEqual(0);
    fs.mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(widths.desktop);
}
