import type { Locator, Page } from '@playwright/test';

/** Presses Tab until the control is focused, as a keyboard user would; fails if it is never reached. */
export async function tabTo(page: Page, target: Locator, { maxPresses = 60, backwards = false } = {}) {
  for (let press = 0; press < maxPresses; press += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Tabs to a field, clears it with the keyboard and types a value (a select takes it by type-ahead). */
export async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  if ((await field.evaluate((element) => element.tagName)) !== 'SELECT') {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
  }
  await page.keyboard.type(text);
}

/** Tabs to a button or link and presses Enter on it. */
export async function pressOn(page: Page, control: Locator) {
  await tabTo(page, control);
  await page.keyboard.press('Enter');
}
