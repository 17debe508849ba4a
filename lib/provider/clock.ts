/** Unix seconds, the unit of every timestamp on the wire. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * A resource version in milliseconds that strictly increases within this process, so two changes in
 * the same millisecond still order. Across instances, a later change reads the stored version first.
 */
let lastVersion = 0;
export function nextResourceVersion(previous = 0): number {
  lastVersion = Math.max(Date.now(), lastVersion + 1, previous + 1);
  return lastVersion;
}
