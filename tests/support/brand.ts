/**
 * Names the brand had before a test changed it (tests/starter/remove-provider.test.ts sets
 * STARTER_OLD_BRAND in its scratch copy), which must then appear nowhere.
 */
export function formerBrandNames(): string[] {
  return (process.env.STARTER_OLD_BRAND ?? '').split(',').filter(Boolean);
}
