import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  afterKey,
  BadCursor,
  decodeCursor,
  encodeCursor,
  keysetPage,
  rowsToRead,
} from '../../../worker/db/pagination';

const ID = '0b3f6f52-1c5e-4a7e-9d55-2a8b1f7c9e01';
/** How the analyses list and the delivery log wrote cursors before they shared this module. */
const asWritten = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('cursors', () => {
  it('are written byte for byte as before, so cursors already handed out stay valid', () => {
    for (const value of [
      { s: '-created_at', v: '2026-12-01T10:00:00.123456+00:00', id: ID },
      { s: 'combined_score', v: 0.875, id: ID },
      { s: '-combined_score', v: null, id: ID },
      { c: '2026-12-01T10:00:00.5+00:00', i: ID },
    ]) {
      expect(encodeCursor(value)).toBe(asWritten(value));
      expect(decodeCursor(asWritten(value), z.unknown())).toEqual(value);
    }
  });

  it('refuse what is not one of ours with BadCursor', () => {
    const schema = z.object({ c: z.string(), i: z.uuid() });
    for (const raw of ['junk', 'nonsense', '', '@@@', asWritten({ c: 'x', i: 'not-a-uuid' })])
      expect(() => decodeCursor(raw, schema)).toThrow(BadCursor);
  });
});

describe('keysetPage', () => {
  const rows = [1, 2, 3, 4];
  it('gives a cursor only when another row was read beyond the page', () => {
    expect(rowsToRead(3)).toBe(4);
    const full = keysetPage(rows, 3, (last) => ({ n: last }));
    expect(full.items).toEqual([1, 2, 3]);
    expect(decodeCursor(full.next_cursor ?? '', z.object({ n: z.number() }))).toEqual({ n: 3 });
    // A last page that is exactly full has no next page.
    expect(keysetPage(rows, 4, (last) => last)).toEqual({ items: rows, next_cursor: null });
    expect(keysetPage([], 4, (last) => last)).toEqual({ items: [], next_cursor: null });
  });
});

describe('afterKey', () => {
  it('writes the PostgREST filters both lists sent before', () => {
    const at = '2026-12-01T10:00:00.5+00:00';
    expect(afterKey({ column: 'created_at', descending: true, value: at, id: ID })).toBe(
      `created_at.lt."${at}",and(created_at.eq."${at}",id.lt.${ID})`,
    );
    expect(
      afterKey({ column: 'combined_score', descending: false, value: 0.5, id: ID, nullable: true }),
    ).toBe(`combined_score.gt.0.5,and(combined_score.eq.0.5,id.gt.${ID}),combined_score.is.null`);
    expect(afterKey({ column: 'combined_score', descending: true, value: null, id: ID })).toBe(
      `and(combined_score.is.null,id.lt.${ID})`,
    );
  });
});
