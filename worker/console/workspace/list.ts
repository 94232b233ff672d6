/**
 * The analyses list: the filters become the query of `GET /api/v1/analyses`, rows are
 * appended page by page with the server's cursor, and each row opens its analysis.
 */
import { errorParts } from '../api';
import { byId, fmtScore, h, humanize } from '../dom';
import { verdictBadge } from '../verdict';
import { call } from './client';
import { PageView, type SummaryView } from './responses';

const PAGE = 25;

/** Whether the analysis is still on its way (its progress is worth showing). */
export function isRunning(row: SummaryView): boolean {
  return row.status === 'pending' || row.status === 'processing';
}

function rowOf(row: SummaryView): HTMLTableRowElement {
  return h(
    'tr',
    { testid: 'analysis-row', 'data-id': row.id, 'data-status': row.status },
    h('td', null, h('a', { href: `#/analysis/${row.id}` }, row.file_name ?? humanize(row.source))),
    h(
      'td',
      null,
      isRunning(row) ? `${humanize(row.stage)} ${row.progress}%` : humanize(row.status),
    ),
    h('td', null, row.verdict ? verdictBadge(row.verdict) : '—'),
    h('td', null, fmtScore(row.combined_score)),
    h(
      'td',
      null,
      row.review_required || row.review_outcome
        ? humanize(row.review_outcome ?? row.review_status)
        : '—',
    ),
    h('td.muted', null, new Date(row.created_at).toLocaleString()),
  );
}

/** Wires the filters and the list; returns a function that reloads it from the first page. */
export function setupList(): () => Promise<void> {
  const form = byId('filters', HTMLFormElement);
  const body = byId('analyses-body');
  const status = byId('list-status');
  const more = byId('load-more', HTMLButtonElement);
  let cursor: string | null = null;

  const query = () => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim()) params.set(name, value.trim());
    }
    if (cursor) params.set('cursor', cursor);
    return params;
  };

  const load = async (fresh: boolean) => {
    if (fresh) {
      cursor = null;
      body.replaceChildren();
    }
    status.textContent = 'Loading…';
    try {
      const page = await call(PageView, `/api/v1/analyses?${query()}`);
      body.append(...page.items.map(rowOf));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      status.textContent = body.children.length ? '' : 'No analyses match.';
    } catch (error) {
      status.textContent = errorParts(error).detail;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  return () => load(true);
}
