export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | ParamObject;
export type ParamObject = { [key: string]: ParamValue };

function isObject(value: ParamValue): value is ParamObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/**
 * Chargebee's form encoding, as its SDKs send it: `customer[id]=c1`, arrays of scalars as `key[0]=v`,
 * arrays of objects with the index last (`subscription_items[item_price_id][0]=p`). Undefined and
 * null values are left out.
 */
export function encodeParams(params: ParamObject): string {
  const pairs: string[] = [];
  const walk = (key: string, value: ParamValue) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isObject(item)) {
          for (const [child, nested] of Object.entries(item)) walk(`${key}[${child}][${index}]`, nested);
        } else {
          walk(`${key}[${index}]`, item);
        }
      });
      return;
    }
    if (isObject(value)) {
      for (const [child, nested] of Object.entries(value)) walk(`${key}[${child}]`, nested);
      return;
    }
    pairs.push(`${encodePart(key)}=${encodePart(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return pairs.join('&');
}
