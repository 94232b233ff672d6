/**
 * Upload and analyse: the file goes up (multipart through the API up to 25 MB, a presigned PUT
 * straight to storage above that) with its progress shown, the analysis is created, and its
 * job is followed stage by stage until it is completed or fails.
 */
import { errorParts } from '../api.js';
import { byId, humanize } from '../dom.js';
import { call, send } from './client.js';

/** The API's multipart limit; larger files go through a presigned PUT. */
const MULTIPART_MAX = 25 * 1024 * 1024;
const POLL_MS = 1000;
/** A job is followed for at most this long; the list still shows it afterwards. */
const FOLLOW_MS = 30 * 60_000;

/**
 * @param {File} file
 * @param {(fraction: number) => void} onProgress
 * @returns {Promise<{file_id: string, file_name: string}>}
 */
async function uploadFile(file, onProgress) {
  if (file.size <= MULTIPART_MAX) {
    const form = new FormData();
    form.set('file', file);
    return send({
      method: 'POST',
      url: '/api/v1/audio/upload',
      body: form,
      withSession: true,
      onProgress,
    });
  }
  const target = await call('/api/v1/audio/upload-url', {
    body: { file_name: file.name, content_type: file.type || undefined, file_size: file.size },
  });
  await send({
    method: target.method,
    url: target.upload_url,
    body: file,
    headers: target.headers,
    onProgress,
  });
  return call(`/api/v1/audio/${target.file_id}/complete`, {
    body: { file_name: target.file_name },
  });
}

/**
 * Wires the upload form.
 * @param {{onCreated: (id: string) => void, onFinished: (job: any) => void}} hooks
 */
export function setupUpload(hooks) {
  const form = /** @type {HTMLFormElement} */ (byId('ws-upload-form'));
  const input = /** @type {HTMLInputElement} */ (byId('ws-upload-file'));
  const uploadBar = /** @type {HTMLProgressElement} */ (byId('upload-progress'));
  const jobBar = /** @type {HTMLProgressElement} */ (byId('job-progress'));
  const status = byId('ws-upload-status');
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));

  const showUpload = (fraction) => {
    uploadBar.value = Math.round(fraction * 100);
    byId('upload-percent').textContent = `${Math.round(fraction * 100)}%`;
  };
  const showJob = (job) => {
    jobBar.value = job.progress;
    byId('job-stage').textContent =
      job.status === 'processing' || job.status === 'pending'
        ? humanize(job.stage)
        : humanize(job.status);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return;
    submit.disabled = true;
    showUpload(0);
    jobBar.value = 0;
    status.textContent = `Uploading ${file.name}…`;
    try {
      const stored = await uploadFile(file, showUpload);
      status.textContent = 'Uploaded. Analysing…';
      let job = await call('/api/v1/analyses', {
        body: { file_id: stored.file_id, file_name: stored.file_name },
      });
      hooks.onCreated(job.id);
      const until = Date.now() + FOLLOW_MS;
      while ((job.status === 'pending' || job.status === 'processing') && Date.now() < until) {
        showJob(job);
        if (job.status === 'pending' && job.error) status.textContent = `Retrying: ${job.error}`;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        job = await call(`/api/v1/analyses/${job.id}`);
      }
      showJob(job);
      status.textContent =
        job.status === 'completed'
          ? `Done: ${humanize(job.verdict ?? '')}.`
          : job.status === 'error'
            ? `The analysis failed: ${job.error}`
            : 'Still running; it will appear in the list when done.';
      hooks.onFinished(job);
    } catch (error) {
      status.textContent = errorParts(error).detail;
    } finally {
      submit.disabled = false;
    }
  });
}
