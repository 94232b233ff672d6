/** The Upload and Paste tabs: one request each, rendered as a ScamReport. */
import { type ScamReport, ScamReportSchema } from '#core/schemas/report';
import { apiFetch, describeError } from './api';
import { byId, h, query } from './dom';
import { renderReport } from './render-report';
import { firstIssue } from './schema-issue';

const SAMPLE_TRANSCRIPT =
  'Hello, this is officer Daniel Brooks from the Social Security Administration. Your social ' +
  'security number has been suspended due to suspicious activity. To avoid a warrant for your ' +
  'arrest, you must pay a fine today. Go to the nearest store and buy Google Play gift cards, ' +
  'then read me the numbers on the back. Do not tell anyone about this call.';

/** The report in a 2xx answer, checked against the server's own schema. */
function readReport(body: unknown): ScamReport {
  const parsed = ScamReportSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new Error(`The server's report could not be read (${firstIssue(parsed.error)}).`);
}

/** Runs a request for a form and shows its report or its error. */
function bindReportForm(
  form: HTMLFormElement,
  request: () => Promise<unknown>,
  busyText: string,
): void {
  const panel = form.parentElement ?? document.body;
  const status = query(form, '.status-line', HTMLElement);
  const result = query(panel, '.result', HTMLElement);
  const submit = query(form, 'button[type="submit"]', HTMLButtonElement);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = busyText;
    result.setAttribute('aria-busy', 'true');
    try {
      result.replaceChildren(renderReport(readReport(await request())));
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
export function setupUploadTab(): void {
  const input = byId('upload-file', HTMLInputElement);
  bindReportForm(
    byId('upload-form', HTMLFormElement),
    async () => {
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
export function setupPasteTab(): void {
  const text = byId('paste-text', HTMLTextAreaElement);
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
    byId('paste-form', HTMLFormElement),
    () =>
      apiFetch('/analyze/text', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ transcript: text.value }),
      }),
    'Analysing…',
  );
}
