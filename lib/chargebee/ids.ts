import { ChargebeeError } from './errors';

const pathIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

export function isPathId(value: unknown): value is string {
  return typeof value === 'string' && pathIdPattern.test(value);
}

/**
 * Refuses an id before it goes into a URL path: `/`, `..`, `%` or `?` in an id could point the
 * request at another endpoint (the SDK path-id hazard), so only letters, digits, `_` and `-` pass.
 */
export function pathId(value: string, param: string): string {
  if (isPathId(value)) return value;
  throw new ChargebeeError({
    status: 400,
    apiErrorCode: 'param_wrong_value',
    param,
    message: `${param} : must be 1 to 100 letters, digits, "_" or "-"; the request was not sent.`,
  });
}
