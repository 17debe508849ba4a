/**
 * The caller's address as the nearest proxy reports it. `next start` sets x-forwarded-for itself; behind
 * a load balancer, the balancer's header comes first.
 */
export function clientAddress(headers: Headers): string | undefined {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || headers.get('x-real-ip')?.trim();
  if (!address) return undefined;
  return address.replace(/^::ffff:/, '').slice(0, 50);
}
