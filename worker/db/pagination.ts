import { base64url } from 'jose';
import type { z } from 'zod';

/**
 * Keyset (cursor) pagination, for every list that pages: a page is read with one row more than
 * asked for, and the cursor is where it ended (its last row's sort value and id), as base64url
 * JSON the client hands back. The next page is "rows after it" in the sort order, id breaking
 * ties, so rows added meanwhile never shift a page as an offset would.
 */

/** Thrown for a cursor this API did not give out (or one that belongs to another query). */
export class BadCursor extends Error {
  override name = 'BadCursor';
}

/** A cursor as clients see it: `value` as base64url JSON. */
export function encodeCursor(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** The value of a cursor `encodeCursor` made, checked against `schema`; else `BadCursor`. */
export function decodeCursor<S extends z.ZodType>(raw: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(base64url.decode(raw)));
  } catch {
    throw new BadCursor('the cursor is not valid');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadCursor('the cursor is not valid');
  return parsed.data;
}

/** How many rows to read for a page of `limit`: one more, to know whether another follows. */
export const rowsToRead = (limit: number): number => limit + 1;

/**
 * The page out of `rows` (read with `rowsToRead(limit)`) and the cursor of the next one, null
 * on the last page.
 */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => unknown,
): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const more = rows.length > limit && last !== undefined;
  return { items, next_cursor: more ? encodeCursor(cursorOf(last)) : null };
}

/** A PostgREST literal, quoted so timestamps' `:` and `.` stay inside it. */
const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v}"`);

/**
 * The PostgREST `or` filter for "after (`value`, `id`)" when ordering by `column` then `id`,
 * both descending or both ascending, nulls last. `nullable` columns also let null rows follow
 * a non-null cursor.
 */
export function afterKey(key: {
  column: string;
  descending: boolean;
  value: string | number | null;
  id: string;
  nullable?: boolean;
}): string {
  const beyond = key.descending ? 'lt' : 'gt';
  const tie = `id.${beyond}.${key.id}`;
  if (key.value === null) return `and(${key.column}.is.null,${tie})`;
  const value = literal(key.value);
  const parts = [`${key.column}.${beyond}.${value}`, `and(${key.column}.eq.${value},${tie})`];
  if (key.nullable) parts.push(`${key.column}.is.null`);
  return parts.join(',');
}
