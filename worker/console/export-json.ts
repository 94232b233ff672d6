/** "Export JSON": hands a result to the user as a file, without a round trip to the server. */
import { h } from './dom';

/** Starts a download of `data` as pretty-printed JSON. */
export function downloadJson(data: unknown, filename: string): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** An "Export JSON" button for one result. */
export function exportButton(getData: () => unknown, filename: string): HTMLButtonElement {
  return h(
    'button.secondary',
    { type: 'button', testid: 'export-json', onclick: () => downloadJson(getData(), filename) },
    'Export JSON',
  );
}

/** A file name for a result, e.g. `callshield-report-<id>.json`. */
export function exportName(kind: string, id?: string): string {
  const safe = (id ?? new Date().toISOString()).replace(/[^A-Za-z0-9_-]+/g, '-');
  return `callshield-${kind}-${safe}.json`;
}
