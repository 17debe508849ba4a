/** What a one-button portal action answers when it did not go ahead (on success it redirects). */
export type ActionResult = { error?: string };

/** Reads a done=… key from a page's query when it is one the page knows. */
export function doneKey<K extends string>(value: unknown, known: Record<K, string>): K | undefined {
  return typeof value === 'string' && Object.hasOwn(known, value) ? (value as K) : undefined;
}
