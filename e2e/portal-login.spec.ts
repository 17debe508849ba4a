import { expect, test } from './fixtures';
import { apiAuth, createCustomerWithEmail, readCode, signIn, uniqueEmail } from './portal-support';

test('signs in with a code from the mailbox and lands in the portal', async ({ page }) => {
  const email = uniqueEmail('e2e-login');
  await createCustomerWithEmail(page.request, email);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('portal-account')).toHaveText(`Signed in as ${email}`);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
});

test('a wrong code is explained beside the field, and the 6th try fails even with the right code', async ({
  page,
}) => {
  const email = uniqueEmail('e2e-wrong');
  await createCustomerWithEmail(page.request, email);
  await page.goto('/portal/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  const code = await readCode(page.request, email);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const field = page.getByLabel('Sign-in code');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await field.fill(wrong);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#field-code-error')).toHaveText(/That code isn't right/);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  }
  await field.fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-code-error')).toHaveText(/entered wrongly 5 times/);
  await expect(page).toHaveURL(/\/portal\/login\/code\?/);

  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByText("We've sent you a new code.")).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await readCode(page.request, email, 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
});

test('with a return_url on the site, lands there with a session the site can activate once', async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail('e2e-return');
  await createCustomerWithEmail(page.request, email);
  const returnUrl = `${baseURL}/e2e-portal-return?state=s1`;
  const cancelUrl = `${baseURL}/`;
  const query = `?return_url=${encodeURIComponent(returnUrl)}&cancel_url=${encodeURIComponent(cancelUrl)}`;
  await page.goto(`/portal/login${query}`);
  await expect(page.getByRole('link', { name: /Cancel and go back to/ })).toHaveAttribute('href', cancelUrl);
  await signIn(page, email, query);
  await page.waitForURL(/\/e2e-portal-return\?/);
  const landed = new URL(page.url());
  expect(landed.searchParams.get('state')).toBe('s1');
  const id = landed.searchParams.get('auth_session_id') as string;
  const token = landed.searchParams.get('auth_session_token') as string;
  expect(landed.search).toBe(`?state=s1&auth_session_id=${id}&auth_session_token=${token}`);

  const activate = () =>
    page.request.post(`/api/v2/portal_sessions/${id}/activate`, { headers: apiAuth, form: { token } });
  const first = await activate();
  expect(first.status()).toBe(200);
  expect((await first.json()).portal_session).toMatchObject({ id, status: 'activated' });
  expect((await activate()).status()).toBe(409);
});

test('a hostile return_url shows an error page and never redirects', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const response = await page.goto(
    `/portal/login?return_url=${encodeURIComponent('https://evil.example.com/x')}`,
  );
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: "This sign-in link can't be used" })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveCount(0);
  await expect(page).toHaveURL(/\/portal\/login\?return_url=/);
  expect(requests.some((url) => url.includes('evil.example.com') && !url.includes('return_url='))).toBe(
    false,
  );
  await page.getByRole('link', { name: 'Sign in to the billing portal instead' }).click();
  await expect(page.getByLabel('Email address')).toBeVisible();
});

test('an invalid email keeps what was typed and says what to do', async ({ page }) => {
  await page.goto('/portal/login');
  await page.getByLabel('Email address').fill('reader@');
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByLabel('Email address')).toHaveValue('reader@');
  await expect(page.locator('#field-email-error')).toHaveText(
    'Enter an email address like name@example.com.',
  );
});
