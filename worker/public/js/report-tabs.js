/** The Upload and Paste tabs: one request each, rendered as a ScamReport. */
import { apiFetch, describeError } from './api.js';
import { byId, h } from './dom.js';
import { renderReport } from './render-report.js';

const SAMPLE_TRANSCRIPT =
  'Hello, this is officer Daniel Brooks from the Social Security Administration. Your social ' +
  'security number has been suspended due to suspicious activity. To avoid a warrant for your ' +
  'arrest, you must pay a fine today. Go to the nearest store and buy Google Play gift cards, ' +
  'then read me the numbers on the back. Do not tell anyone about this call.';

/**
 * Runs a request for a form and shows its report or its error.
 * @param {HTMLFormElement} form
 * @param {() => Promise<unknown>} request
 * @param {string} busyText
 */
function bindReportForm(form, request, busyText) {
  const panel = /** @type {HTMLElement} */ (form.parentElement);
  const status = /** @type {HTMLElement} */ (form.querySelector('.status-line'));
  const result = /** @type {HTMLElement} */ (panel.querySelector('.result'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = busyText;
    result.setAttribute('aria-busy', 'true');
    try {
      const report = await request();
      result.replaceChildren(renderReport(report));
      status.textContent = 'Done.';
    } catch (error) {
      result.replaceChildren(
        h(
          'div.errors',
          { role: 'alert' },
          h('p.error', { testid: 'report-error' }, describeError(error)),
        ),
      );
      status.textContent = 'Failed.';
    } finally {
      submit.disabled = false;
      result.removeAttribute('aria-busy');
    }
  });
}

/** Wires the Upload tab: multipart `file` → `POST /analyze/audio`. */
export function setupUploadTab() {
  const form = /** @type {HTMLFormElement} */ (byId('upload-form'));
  const input = /** @type {HTMLInputElement} */ (byId('upload-file'));
  bindReportForm(
    form,
    () => {
      const file = input.files?.[0];
      if (!file) throw new Error('Choose a recording first.');
      const body = new FormData();
      body.append('file', file, file.name);
      // Decoding and transcribing a long recording takes a while; give it minutes, not seconds.
      return apiFetch('/analyze/audio', { method: 'POST', body, timeoutMs: 180_000 });
    },
    'Uploading and analysing…',
  );
}

/** Wires the Paste tab: `{transcript}` → `POST /analyze/text`. */
export function setupPasteTab() {
  const form = /** @type {HTMLFormElement} */ (byId('paste-form'));
  const text = /** @type {HTMLTextAreaElement} */ (byId('paste-text'));
  const count = byId('paste-count');
  const updateCount = () => {
    count.textContent = `${text.value.length} / ${text.maxLength}`;
  };
  text.addEventListener('input', updateCount);
  byId('paste-sample').addEventListener('click', () => {
    text.value = SAMPLE_TRANSCRIPT;
    updateCount();
    text.focus();
  });
  bindReportForm(
    form,
    () =>
      apiFetch('/analyze/text', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ transcript: text.value }),
      }),
    'Analysing…',
  );
}
