import { expect, test } from './fixtures';
import { apiAuth, createSsoSession, retrieveSession } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

test('a valid access URL opens the portal once; reopening it explains why it no longer works', async ({
  page,
  baseURL,
}) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await expect(page).toHaveURL(`${baseURL}/portal`);
  await expect(page.getByTestId('portal-account')).toHaveText(`Signed in as ${sso.email}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Sam');
  expect(await retrieveSession(page.request, sso.id)).toMatchObject({ status: 'logged_in' });

  await page.goto(sso.accessPath);
  await expect(page).toHaveURL(new RegExp(`/portal/access-ended\\?reason=used&session=${sso.id}$`));
  await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Back to / })).toHaveAttribute('href', `${baseURL}/`);
});

test('an access URL whose session the site already logged out is refused', async ({ page, baseURL }) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  const logout = await page.request.post(`/api/v2/portal_sessions/${sso.id}/logout`, { headers: apiAuth });
  expect(logout.status()).toBe(200);
  await page.goto(sso.accessPath);
  await expect(page.getByRole('heading', { name: 'This portal session has ended' })).toBeVisible();
  await expectNoAxeViolations(page, 'access to an ended session');
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/portal\/login$/);
});

test('an unknown access URL is explained, with the portal login as the way back', async ({ page }) => {
  await page.goto(`/portal/access/${'Z'.repeat(43)}`);
  await expect(page).toHaveURL(/\/portal\/access-ended\?reason=unknown$/);
  await expect(page.getByRole('heading', { name: "This link isn't valid" })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in to the portal' }).click();
  await expect(page).toHaveURL(/\/portal\/login$/);
});

test('forward_url deep-links to the portal page a Chargebee section id names', async ({ page, baseURL }) => {
  const sso = await createSsoSession(page.request, {
    redirectUrl: `${baseURL}/`,
    forwardUrl: `${baseURL}/portal/v2/login?forward=portal_edit_billing_address`,
  });
  await page.goto(sso.accessPath);
  await expect(page).toHaveURL(`${baseURL}/portal/address`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing address');
  await expect(page.getByRole('link', { name: 'Billing address' })).toHaveAttribute('aria-current', 'page');
});

test('log out ends the session and returns to redirect_url', async ({ page, baseURL }) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/?from=portal` });
  await page.goto(sso.accessPath);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${baseURL}/?from=portal`);
  const session = await retrieveSession(page.request, sso.id);
  expect(session).toMatchObject({ status: 'logged_out' });
  expect(session.logout_at).toEqual(expect.any(Number));
  const cookies = await page.context().cookies(`${baseURL}/portal`);
  expect(cookies.filter((cookie) => cookie.name === 'gatehouse_portal')).toEqual([]);
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/portal\/login$/);
});

test('an expired access URL is explained, with the way back to the site that sent it', async ({
  page,
  baseURL,
}) => {
  // An hour cannot pass in a test: the decision that a link expired is proven in
  // tests/db/portal-access.test.ts; here the page it leads to is checked in the browser.
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/account` });
  await page.goto(`/portal/access-ended?reason=expired&session=${sso.id}`);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expectNoAxeViolations(page, 'an expired access link');
  await expect(page.getByRole('link', { name: /^Back to / })).toHaveAttribute('href', `${baseURL}/account`);
  expect(await retrieveSession(page.request, sso.id)).toMatchObject({ status: 'created' });
});
