import { expect } from 'vitest';

/** The checkout form posted as a browser posts it from the page itself: same origin, form-encoded. */
export async function payAsBrowser(pageUrl: string, fields: Record<string, string>) {
  const page = new URL(pageUrl);
  const opened = await fetch(page, { redirect: 'follow' });
  expect(opened.status).toBe(200);
  expect(await opened.text()).toContain('Your details');
  return fetch(new URL('pay', page), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: page.origin,
      'Sec-Fetch-Site': 'same-origin',
      'Sec-Fetch-Mode': 'navigate',
      Referer: page.toString(),
    },
    body: new URLSearchParams(fields).toString(),
  });
}
