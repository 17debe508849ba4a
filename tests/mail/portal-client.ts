import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

let counter = 0;

/** An email address no other test uses. */
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}-${Date.now().toString(36)}${randomInt(1_000_000)}-${counter}@example.com`;
}

/** A client address of its own per client, so per-address limits never couple tests together. */
export function uniqueAddress(): string {
  return `198.18.${randomInt(256)}.${randomInt(256)}`;
}

export type PortalClient = {
  cookie?: string;
  address: string;
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  post: (path: string, fields: Record<string, string>, headers?: Record<string, string>) => Promise<Response>;
};

/** A browser-like client: keeps the portal cookie, never follows redirects, and has its own address. */
export function portalClient(baseUrl: string): PortalClient {
  const client: PortalClient = {
    address: uniqueAddress(),
    async get(path, headers = {}) {
      return remember(
        await fetch(new URL(path, baseUrl), { redirect: 'manual', headers: { ...base(), ...headers } }),
      );
    },
    async post(path, fields, headers = {}) {
      return remember(
        await fetch(new URL(path, baseUrl), {
          method: 'POST',
          redirect: 'manual',
          headers: { ...base(), 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields).toString(),
        }),
      );
    },
  };
  function base(): Record<string, string> {
    return { 'X-Forwarded-For': client.address, ...(client.cookie ? { Cookie: client.cookie } : {}) };
  }
  function remember(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name !== 'gatehouse_portal') continue;
      client.cookie = value ? `${name}=${value}` : undefined;
    }
    return response;
  }
  return client;
}

/** Reads the newest 6-digit code mailed to an address from the development mailbox, waiting for it. */
export async function mailedCode(baseUrl: string, email: string, skip = 0): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await response.json()) as { messages: { text: string }[] };
    if (messages.length > skip) return (messages[0]?.text.match(/\b(\d{6})\b/) ?? [])[1] as string;
    await sleep(100);
  }
  throw new Error(`no code arrived for ${email}`);
}

export function location(response: Response): string {
  return response.headers.get('location') ?? '';
}
