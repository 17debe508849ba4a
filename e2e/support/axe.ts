import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices: every rule, whatever its impact. */
export const axeTags = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
  'wcag22a',
  'wcag22aa',
  'best-practice',
] as const;

/** The widths every page state is checked at: the desktop and the smallest phone the pages are made for. */
export const axeWidths = [1280, 360] as const;

type AxeOptions = {
  /** Check at these viewport widths (then restore the page's own size), or only at the current size. */
  widths?: readonly number[] | 'current';
};

/** One line per failing element: rule, impact, help text, and the element, so a failure reads at once. */
function listProblems(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${node.target.join(' ')}` +
        (node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ')})` : ''),
    ),
  );
}

/**
 * Runs axe-core on the page as it stands and fails on any violation of the WCAG 2.2 A/AA or
 * best-practice rules, at 1280 and 360 px unless told otherwise. Call it at every page state a spec
 * reaches (after the state is on screen), so pages added later are checked the same way.
 */
export async function expectNoAxeViolations(page: Page, label: string, options: AxeOptions = {}) {
  const widths = options.widths ?? axeWidths;
  const original = page.viewportSize();
  const sizes =
    widths === 'current'
      ? [undefined]
      : widths.map((width) => ({ width, height: width < 600 ? 740 : (original?.height ?? 800) }));
  // axe takes a few seconds a run on a busy two-core machine: each run brings its own time.
  test.setTimeout(test.info().timeout + 15_000 * sizes.length);
  const problems: string[] = [];
  for (const size of sizes) {
    if (size) await page.setViewportSize(size);
    const results = await new AxeBuilder({ page }).withTags([...axeTags]).analyze();
    const at = size ? `${size.width} px` : `${page.viewportSize()?.width ?? '?'} px`;
    problems.push(...listProblems(results.violations).map((line) => `${at}: ${line}`));
  }
  if (original && widths !== 'current') await page.setViewportSize(original);
  expect(problems, `axe found accessibility problems on ${label} (${page.url()})`).toEqual([]);
}
