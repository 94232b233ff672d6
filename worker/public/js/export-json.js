/** "Export JSON": hands a result to the user as a file, without a round trip to the server. */
import { h } from './dom.js';

/**
 * Starts a download of `data` as pretty-printed JSON.
 * @param {unknown} data
 * @param {string} filename
 */
export function downloadJson(data, filename) {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * An "Export JSON" button for one result.
 * @param {() => unknown} getData
 * @param {string} filename
 */
export function exportButton(getData, filename) {
  return h(
    'button.secondary',
    { type: 'button', testid: 'export-json', onclick: () => downloadJson(getData(), filename) },
    'Export JSON',
  );
}

/**
 * A file name for a result, e.g. `callshield-report-<id>.json`.
 * @param {string} kind
 * @param {string} [id]
 */
export function exportName(kind, id) {
  const safe = String(id ?? new Date().toISOString()).replace(/[^A-Za-z0-9_-]+/g, '-');
  return `callshield-${kind}-${safe}.json`;
}
