import { expect, test } from './fixtures';
import { billingCustomer, expiryYear, openPortal } from './portal-billing-support';
import { callApi, createCustomerWithEmail, createSsoSession, readCode, uniqueEmail } from './portal-support';
import { expectNoAxeViolations } from './support/axe';
import { pressOn, tabTo, typeInto } from './support/keyboard';

// Every form, completed with the keyboard alone. After an error focus is on the first field to fix
// (or the message that explains it); after success on the message that says so, never on the page.

test('signs in by keyboard: the email and code errors take focus and the title, then the portal opens', async ({
  page,
}) => {
  const email = uniqueEmail('e2e-keys');
  await createCustomerWithEmail(page.request, email);
  await page.goto('/portal/login');
  const emailField = page.getByLabel('Email address');
  await typeInto(page, emailField, 'reader@');
  await page.keyboard.press('Enter');
  await expect(page.locator('#field-email-error')).toHaveText(
    'Enter an email address like name@example.com.',
  );
  await expect(page.locator('#field-email-error')).toHaveAttribute('role', 'alert');
  await expect(emailField).toBeFocused();
  await expect(page).toHaveTitle('Error: Sign in · Billing portal');
  await expectNoAxeViolations(page, 'portal login with an email error');

  await typeInto(page, emailField, email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const codeField = page.getByLabel('Sign-in code');
  await expect(codeField).toBeFocused();
  const code = await readCode(page.request, email);
  await page.keyboard.type(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#field-code-error')).toHaveText(/That code isn't right/);
  await expect(codeField).toBeFocused();
  await expect(page).toHaveTitle('Error: Enter your code · Billing portal');

  await typeInto(page, codeField, code);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page).toHaveTitle('Overview · Billing portal');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});

test('edits the account by keyboard: focus goes to the invalid phone, then to the saved message', async ({
  page,
  baseURL,
}) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await page.goto('/portal/account');
  await typeInto(page, page.getByLabel('First name'), 'Keyboard');
  const phone = page.getByLabel('Phone');
  await typeInto(page, phone, 'call me maybe');
  await pressOn(page, page.getByRole('button', { name: 'Save changes' }));
  await expect(page.locator('#field-phone-error')).toHaveText(/Use only digits/);
  await expect(phone).toBeFocused();
  await expect(page).toHaveTitle('Error: Account details · Billing portal');

  await typeInto(page, phone, '+44 20 7946 0000');
  await page.keyboard.press('Enter');
  const notice = page.getByTestId('form-notice');
  await expect(notice).toHaveText('Your account details are saved.');
  await expect(notice).toBeFocused();
  await expect(page).toHaveTitle('Account details · Billing portal');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('First name')).toBeFocused();
  await page.reload();
  await expect(page.getByLabel('First name')).toHaveValue('Keyboard');
});

test('changes the email address by keyboard: the code field, then the confirmation, take focus', async ({
  page,
  baseURL,
}) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  const newEmail = uniqueEmail('e2e-keys-new');
  await page.goto(sso.accessPath);
  await page.goto('/portal/account');
  await typeInto(page, page.getByLabel('New email address'), newEmail);
  await page.keyboard.press('Enter');
  const codeField = page.getByLabel('Code from the email');
  await expect(codeField).toBeFocused();
  await expectNoAxeViolations(page, 'account with the email code step');
  await page.keyboard.type(await readCode(page.request, newEmail));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('email-changed')).toBeFocused();
});

test('saves the billing address by keyboard: focus goes to the first missing field, then the message', async ({
  page,
  baseURL,
}) => {
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await page.goto('/portal/address');
  await typeInto(page, page.getByLabel('City'), 'London');
  await pressOn(page, page.getByRole('button', { name: 'Save address' }));
  const street = page.getByLabel('Street address');
  await expect(page.locator('#field-line1-error')).toHaveText('Enter the street address.');
  await expect(street).toBeFocused();
  await expect(page).toHaveTitle('Error: Billing address · Billing portal');

  await page.keyboard.type('12 Crescent Row');
  await typeInto(page, page.getByLabel('Postal code'), 'EC1Y 0SY');
  await typeInto(page, page.getByLabel('Country'), 'United Kingdom');
  await expect(page.getByLabel('Country')).toHaveValue('GB');
  await pressOn(page, page.getByRole('button', { name: 'Save address' }));
  await expect(page.getByTestId('form-notice')).toHaveText('Your billing address is saved.');
  await expect(page.getByTestId('form-notice')).toBeFocused();
});

test('adds a card by keyboard: a refused card puts focus on its number, a good one on the message', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request, { plan: null });
  await openPortal(page, customer.id, baseURL, '/portal/payment-methods');
  const form = page.getByTestId('add-card-form');
  const number = form.getByLabel('Card number');
  const typeCard = async (card: string) => {
    await typeInto(page, number, card);
    await typeInto(page, form.getByLabel('Expiry month'), '12');
    await typeInto(page, form.getByLabel('Expiry year'), expiryYear);
    await typeInto(page, form.getByLabel('Security code'), '123');
    await typeInto(page, form.getByLabel('Name on card'), 'Grace Hopper');
  };
  await typeCard('4119 8627 6033 8320');
  await expect(form.getByLabel('Expiry year')).toHaveValue(expiryYear);
  await pressOn(page, form.getByRole('button', { name: 'Save card' }));
  await expect(page.locator('#field-number-error')).toContainText('would not verify this card');
  await expect(number).toBeFocused();
  await expect(page).toHaveTitle('Error: Payment methods · Billing portal');

  await typeCard('5555 5555 5555 4444');
  await pressOn(page, form.getByRole('button', { name: 'Save card' }));
  await expect(page.getByTestId('form-notice')).toHaveText('Mastercard •••• 4444 is saved.');
  await expect(page.getByTestId('form-notice')).toBeFocused();
  await expect(page).toHaveTitle('Payment methods · Billing portal');
});

test('changes plan by keyboard: a missing choice focuses the plan choice, the change focuses its notice', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}`);
  await pressOn(page, page.getByRole('link', { name: 'Change plan' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change plan');
  await pressOn(page, page.getByRole('button', { name: 'Review change' }));
  await expect(page.locator('#choice-plan-error')).toHaveText('Choose the plan you want.');
  const cheapest = page.getByRole('radio', { name: /Reader Monthly/ });
  await expect(cheapest).toBeFocused();
  await expect(page).toHaveTitle('Error: Change plan · Billing portal');

  await page.keyboard.press('ArrowDown');
  const patron = page.getByRole('radio', { name: /Patron Monthly/ });
  await expect(patron).toBeChecked();
  await tabTo(page, page.getByRole('radio', { name: /^Now/ }));
  await page.keyboard.press('Space');
  await pressOn(page, page.getByRole('button', { name: 'Review change' }));
  await expect(page.getByTestId('estimate-now')).toHaveText('$11.00');
  await pressOn(page, page.getByRole('button', { name: 'Confirm change' }));
  const done = page.getByTestId('done-notice');
  await expect(done).toContainText('Your plan is changed');
  await expect(done).toBeFocused();
  await expect(page).toHaveTitle('Subscription · Billing portal');
});

test('cancels by keyboard: a missing choice focuses it, the cancellation focuses its notice', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}/cancel`);
  await pressOn(page, page.getByRole('button', { name: 'Continue' }));
  await expect(page.locator('#choice-when-error')).toHaveText('Choose when your subscription should end.');
  const endOfTerm = page.getByRole('radio', { name: /At the end of the current term/ });
  await expect(endOfTerm).toBeFocused();
  await expect(page).toHaveTitle('Error: Cancel subscription · Billing portal');
  await expectNoAxeViolations(page, 'cancel with no choice made');

  await page.keyboard.press('Space');
  await pressOn(page, page.getByRole('button', { name: 'Continue' }));
  await pressOn(page, page.getByRole('button', { name: 'Yes, cancel at the end of the term' }));
  const done = page.getByTestId('done-notice');
  await expect(done).toContainText('will end at the end of the current term');
  await expect(done).toBeFocused();
  await expectNoAxeViolations(page, 'subscription with a done notice');
});

test('pays a checkout by keyboard: a declined card focuses the error, a good one reaches the merchant', async ({
  page,
  baseURL,
}) => {
  const redirectUrl = `${baseURL}/?from=checkout`;
  const { hosted_page } = await callApi(page.request, 'hosted_pages/checkout_new_for_items', {
    'subscription_items[item_price_id][0]': 'patron-USD-monthly',
    'customer[email]': uniqueEmail('keys-checkout'),
    'subscription[trial_end]': '0',
    redirect_url: redirectUrl,
  });
  await page.goto(new URL(hosted_page?.url as string).pathname);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  const card = async (number: string) => {
    await typeInto(page, page.getByLabel('Card number'), number);
    await typeInto(page, page.getByLabel('Expiry month'), '12');
    await typeInto(page, page.getByLabel('Expiry year'), expiryYear);
    await typeInto(page, page.getByLabel('Security code'), '123');
    await typeInto(page, page.getByLabel('Name on card'), 'Katherine Johnson');
  };
  await card('4005 5192 0000 0004');
  await pressOn(page, page.getByRole('button', { name: 'Pay $20.00' }));
  const summary = page.getByTestId('checkout-error');
  await expect(summary).toBeFocused();
  await expect(page.locator('#field-number-error')).toContainText('Your card was declined');
  await expect(page).toHaveTitle('Error: Checkout · Secure checkout');

  await typeInto(page, page.getByLabel('Card number'), '5555 5555 5555 4444');
  await typeInto(page, page.getByLabel('Security code'), '321');
  await pressOn(page, page.getByRole('button', { name: 'Pay $20.00' }));
  await expect(page).toHaveURL(new RegExp(`/\\?from=checkout&id=${hosted_page?.id}&state=succeeded$`));
});
