import { brand } from '@/lib/brand';
import { expect, test } from './fixtures';
import { createSsoSession, readCode, uniqueEmail } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

test('edits account details, keeping typed values beside an error', async ({ page, baseURL }) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await page.getByRole('link', { name: 'Account details' }).first().click();
  await expect(page).toHaveURL(/\/portal\/account$/);

  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Phone').fill('call me maybe');
  await page.getByLabel('Company').fill('Analytical Engines');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#field-phone-error')).toHaveText(/Use only digits/);
  await expect(page.getByLabel('Phone')).toHaveValue('call me maybe');
  await expect(page.getByLabel('Company')).toHaveValue('Analytical Engines');
  await expectNoAxeViolations(page, 'account with a phone error');

  await page.getByLabel('Phone').fill('+44 20 7946 0000');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('form-notice')).toHaveText('Your account details are saved.');
  await expectNoAxeViolations(page, 'account saved');
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ada');
  await expect(page.getByText('Ada Lovelace')).toBeVisible();
  await expect(page.getByText('+44 20 7946 0000')).toBeVisible();
});

test('edits the billing address, requiring street, city, postal code and country', async ({
  page,
  baseURL,
}) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await page.goto('/portal/address');
  await page.getByLabel('City').fill('London');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.locator('#field-line1-error')).toHaveText('Enter the street address.');
  await expect(page.locator('#field-zip-error')).toHaveText('Enter the postal code.');
  await expect(page.locator('#field-country-error')).toHaveText('Choose a country from the list.');
  await expect(page.getByLabel('City')).toHaveValue('London');

  await page.getByLabel('Street address').fill('12 Crescent Row');
  await page.getByLabel('Postal code').fill('EC1Y 0SY');
  await page.getByLabel('Country').selectOption('GB');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByTestId('form-notice')).toHaveText('Your billing address is saved.');
  await page.goto('/portal');
  await expect(page.getByTestId('billing-address')).toContainText('12 Crescent Row');
  await expect(page.getByTestId('billing-address')).toContainText('London, EC1Y 0SY');
  await expect(page.getByTestId('billing-address')).toContainText('United Kingdom');
});

test('changes the email address only with a code sent to the new address', async ({ page, baseURL }) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  const newEmail = uniqueEmail('e2e-new');
  await page.goto(sso.accessPath);
  await page.goto('/portal/account');
  await page.getByLabel('New email address').fill(newEmail);
  await page.getByRole('button', { name: 'Send a code to the new address' }).click();
  await expect(page.getByLabel('Code from the email')).toBeVisible();
  const code = await readCode(page.request, newEmail);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByLabel('Code from the email').fill(wrong);
  await page.getByRole('button', { name: 'Confirm new email' }).click();
  await expect(page.locator('#field-code-error')).toHaveText(/That code isn't right/);
  await expectNoAxeViolations(page, 'account with a wrong email code');
  await expect(page.getByTestId('portal-account')).toHaveText(`Signed in as ${sso.email}`);

  await page.getByLabel('Code from the email').fill(code);
  await page.getByRole('button', { name: 'Confirm new email' }).click();
  await expect(page.getByTestId('email-changed')).toHaveText(`Your email address is now ${newEmail}.`);
  await expect(page.getByTestId('portal-account')).toHaveText(`Signed in as ${newEmail}`);
  await expect
    .poll(async () => {
      const notice = await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(sso.email)}`);
      return (await notice.json()).messages[0]?.subject;
    })
    .toBe(`Your ${brand.name} billing email address was changed`);
});
