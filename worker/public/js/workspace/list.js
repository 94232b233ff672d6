/**
 * The analyses list: the filters become the query of `GET /api/v1/analyses`, rows are
 * appended page by page with the server's cursor, and each row opens its analysis.
 */
import { errorParts } from '../api.js';
import { byId, fmtScore, h, humanize } from '../dom.js';
import { verdictBadge } from '../verdict.js';
import { call } from './client.js';

const PAGE = 25;

/** @param {any} row an AnalysisSummary */
function rowOf(row) {
  const running = row.status === 'pending' || row.status === 'processing';
  return h(
    'tr',
    { testid: 'analysis-row', 'data-id': row.id, 'data-status': row.status },
    h('td', null, h('a', { href: `#/analysis/${row.id}` }, row.file_name ?? humanize(row.source))),
    h('td', null, running ? `${humanize(row.stage)} ${row.progress}%` : humanize(row.status)),
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
export function setupList() {
  const form = /** @type {HTMLFormElement} */ (byId('filters'));
  const body = byId('analyses-body');
  const status = byId('list-status');
  const more = /** @type {HTMLButtonElement} */ (byId('load-more'));
  /** @type {string | null} */
  let cursor = null;

  const query = () => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim()) params.set(name, value.trim());
    }
    if (cursor) params.set('cursor', cursor);
    return params;
  };

  const load = async (fresh) => {
    if (fresh) {
      cursor = null;
      body.replaceChildren();
    }
    status.textContent = 'Loading…';
    try {
      const page = await call(`/api/v1/analyses?${query()}`);
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
