/** Drops keys whose value is null or undefined: Chargebee omits unset attributes instead of sending null. */
export function compact<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = item;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
