/** The ports Chargebee accepts in a hosted page's or portal session's URLs (measured: others are refused). */
export const supportedRedirectPorts = [80, 443, 8080, 8443] as const;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a merchant URL's port would be refused, or undefined when it is fine. Chargebee answers
 * `UNSUPPORTED_PORT` for any port but 80, 443, 8080 and 8443 (measured with `http://localhost:4200`),
 * so the embedded provider does too, never more permissive. The one exception is for local work: outside
 * production a loopback host may use any port, because demos and tests run on random ports; a host
 * anyone else could reach is refused on an odd port even then. Pure, so it is tested without a server.
 */
export function unsupportedPortReason(url: string, options: { production: boolean }): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const target = new URL(url);
  const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
  if ((supportedRedirectPorts as readonly number[]).includes(port)) return undefined;
  if (!options.production && loopbackHosts.has(target.hostname)) return undefined;
  return `UNSUPPORTED_PORT: port ${port} is not allowed; use port 80, 443, 8080 or 8443`;
}
