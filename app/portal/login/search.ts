import { checkLoginLinks, type LoginLinks } from '@/lib/portal/login-links';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export type LoginSearch =
  | { ok: false }
  | { ok: true; links: LoginLinks; email: string; error?: string; wait?: string; resent: boolean };

/** Reads the login page's query; a repeated or disallowed return_url/cancel_url makes the link invalid. */
export async function readLoginSearch(searchParams: SearchParams): Promise<LoginSearch> {
  const params = await searchParams;
  const single = (name: string) => {
    const value = params[name];
    return Array.isArray(value) ? null : value;
  };
  const returnUrl = single('return_url');
  const cancelUrl = single('cancel_url');
  if (returnUrl === null || cancelUrl === null) return { ok: false };
  const checked = checkLoginLinks({ returnUrl, cancelUrl });
  if (!checked.ok) return { ok: false };
  return {
    ok: true,
    links: checked.links,
    email: (single('email') ?? '').slice(0, 320),
    error: single('error') ?? undefined,
    wait: single('wait') ?? undefined,
    resent: single('resent') === '1',
  };
}
