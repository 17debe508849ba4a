import { brand } from '@/lib/brand';
import { expect, test } from './fixtures';

test('the home page renders with the app styles applied', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/Long reads/);
  // Tailwind classes resolve to real CSS: bold serif heading and the brand colour on the kicker.
  await expect(heading).toHaveCSS('font-weight', '700');
  await expect(heading).toHaveCSS('font-family', /Georgia|serif/);
  await expect(page.getByText('Independent writing', { exact: true })).toHaveCSS('color', 'rgb(51, 70, 211)');
  await expect(page).toHaveTitle(brand.name);
});

test('the health endpoint answers on the embedded database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', db: 'pglite' });
});
