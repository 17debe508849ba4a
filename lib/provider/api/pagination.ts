import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { errors } from './errors';

/** Keyset pagination: the offset is an opaque token naming the last row returned (sort value and id). */
export type Cursor = { after: number; id: string };

export function encodeOffset(cursor: Cursor): string {
  return JSON.stringify([String(cursor.after), cursor.id]);
}

export function decodeOffset(offset: string | undefined): Cursor | undefined {
  if (offset === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(offset);
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      /^\d{1,16}$/.test(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      parsed[1].length <= 100
    ) {
      return { after: Number(parsed[0]), id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw errors.paramWrongValue('offset', 'is not an offset returned by this API (use next_offset as given)');
}

/** Trims a page fetched with limit + 1 rows and says where the next one starts. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextOffset: rows.length > limit && last ? encodeOffset(cursorOf(last)) : undefined };
}

/** Rows after the cursor in newest-first order: older, or as old with a smaller id. */
export function olderThan(cursor: Cursor | undefined, time: AnyPgColumn, id: AnyPgColumn): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(time, cursor.after), and(eq(time, cursor.after), lt(id, cursor.id)));
}
