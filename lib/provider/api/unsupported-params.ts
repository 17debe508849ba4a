import { errors } from './errors';
import { paramName } from './params';

/** `subscription_items[item_price_id][1]` → `['subscription_items', 'item_price_id', '1']`. */
function pathOf(name: string): string[] {
  return name.replace(/\]/g, '').split('[');
}

/** The first value present under `path` (its own path, down to a leaf), or undefined when absent. */
function firstPresent(value: unknown, path: string[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const [head, ...rest] = path;
  if (head === undefined) {
    if (typeof value !== 'object') return [];
    for (const [key, child] of Object.entries(value)) {
      const found = firstPresent(child, []);
      if (found) return [key, ...found];
    }
    return undefined;
  }
  if (typeof value !== 'object' || !Object.hasOwn(value, head)) return undefined;
  const found = firstPresent((value as Record<string, unknown>)[head], rest);
  return found ? [head, ...found] : undefined;
}

/**
 * Refuses parameters Chargebee documents for an endpoint but this provider does not implement (coupons,
 * addons, billing cycles…). Unknown keys are otherwise ignored, as Chargebee ignores them; a documented
 * one silently dropped would make a call look as if it had done what it asked, so it is a 400
 * `param_wrong_value` that names the parameter as sent, e.g. `coupon_ids[0]`.
 */
export function refuseUnsupportedParams(params: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const found = firstPresent(params, pathOf(name));
    if (found) throw errors.paramWrongValue(paramName(found), 'is not supported by this provider');
  }
}
