import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { type AnalysisSummary, AnalysisSummarySchema, SUMMARY_COLUMNS } from './call-analyses';
import { run } from './client';
import { afterKey, BadCursor, decodeCursor, keysetPage, rowsToRead } from './pagination';

/**
 * Finding an organisation's analyses: filters, a sort, and keyset pagination (./pagination.ts).
 * The cursor names its sort, so a cursor of one order is refused in another.
 */

export const LIST_SORTS = [
  '-created_at',
  'created_at',
  '-combined_score',
  'combined_score',
] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** The filters, every one optional; lists mean "any of". */
export interface ListFilters {
  status?: string[];
  verdict?: string[];
  source?: string[];
  review_status?: string[];
  review_outcome?: string[];
  review_required?: boolean;
  /** A user id, or `none` for unassigned analyses. */
  assigned_to?: string;
  min_score?: number;
  max_score?: number;
  created_after?: string;
  created_before?: string;
  /** Text the transcript contains (case-insensitive). */
  q?: string;
}

/** Where a page ended: the sort it belongs to, the last row's sort value and id. */
const CursorSchema = z.object({
  s: z.enum(LIST_SORTS),
  v: z.union([z.string(), z.number(), z.null()]),
  id: z.uuid(),
});
type Cursor = z.infer<typeof CursorSchema>;

function cursorFor(raw: string, sort: ListSort): Cursor {
  const cursor = decodeCursor(raw, CursorSchema);
  if (cursor.s !== sort) throw new BadCursor('the cursor belongs to another sort order');
  return cursor;
}

/** `%`, `_` and `\` match themselves; PostgREST also reads `*` as `%`, so it becomes `_`. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '_')}%`;
}

/** "After the cursor" in the sort order, with nulls last and the id breaking ties. */
function afterCursor(sort: ListSort, cursor: Cursor): string {
  const descending = sort.startsWith('-');
  const column = descending ? sort.slice(1) : sort;
  const nullable = column === 'combined_score';
  return afterKey({ column, descending, value: cursor.v, id: cursor.id, nullable });
}

/** One page of `org`'s analyses and the cursor of the next (null on the last page). */
export async function listAnalyses(
  client: SupabaseClient,
  org: string,
  filters: ListFilters,
  page: { sort: ListSort; limit: number; cursor?: string },
): Promise<{ items: AnalysisSummary[]; next_cursor: string | null }> {
  const f = filters;
  let query = client.from('call_analyses').select(SUMMARY_COLUMNS).eq('organization_id', org);
  if (f.status?.length) query = query.in('status', f.status);
  if (f.verdict?.length) query = query.in('verdict', f.verdict);
  if (f.source?.length) query = query.in('source', f.source);
  if (f.review_status?.length) query = query.in('review_status', f.review_status);
  if (f.review_outcome?.length) query = query.in('review_outcome', f.review_outcome);
  if (f.review_required !== undefined) query = query.eq('review_required', f.review_required);
  if (f.assigned_to === 'none') query = query.is('assigned_to', null);
  else if (f.assigned_to) query = query.eq('assigned_to', f.assigned_to);
  if (f.min_score !== undefined) query = query.gte('combined_score', f.min_score);
  if (f.max_score !== undefined) query = query.lte('combined_score', f.max_score);
  if (f.created_after) query = query.gte('created_at', f.created_after);
  if (f.created_before) query = query.lt('created_at', f.created_before);
  if (f.q) query = query.ilike('transcript', likePattern(f.q));
  if (page.cursor) query = query.or(afterCursor(page.sort, cursorFor(page.cursor, page.sort)));
  const ascending = !page.sort.startsWith('-');
  const column = ascending ? page.sort : page.sort.slice(1);
  const rows = await run(
    query
      .order(column, { ascending, nullsFirst: false })
      .order('id', { ascending })
      .limit(rowsToRead(page.limit)),
    z.array(AnalysisSummarySchema),
  );
  return keysetPage(
    rows,
    page.limit,
    (last): Cursor => ({
      s: page.sort,
      v: column === 'combined_score' ? last.combined_score : last.created_at,
      id: last.id,
    }),
  );
}
