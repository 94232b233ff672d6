/**
 * Upload and analyse: the file goes up (multipart through the API up to 25 MB, a presigned PUT
 * straight to storage above that) with its progress shown, the analysis is created, and its
 * job is followed stage by stage until it is completed or fails.
 */
import { MAX_MULTIPART_BYTES } from '#core/limits';
import { errorParts } from '../api';
import { byId, humanize, query } from '../dom';
import { call, readAs, send } from './client';
import { isRunning } from './list';
import { AnalysisView, UploadedView, UploadUrlView } from './responses';

const POLL_MS = 1000;
/** A job is followed for at most this long; the list still shows it afterwards. */
const FOLLOW_MS = 30 * 60_000;

/** Uploads `file`; resolves with the stored file's id and name. */
async function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ file_id: string; file_name: string }> {
  // Up to the API's multipart limit in one request; larger files through a presigned PUT.
  if (file.size <= MAX_MULTIPART_BYTES) {
    const form = new FormData();
    form.set('file', file);
    const path = '/api/v1/audio/upload';
    const body = await send({
      method: 'POST',
      url: path,
      body: form,
      withSession: true,
      onProgress,
    });
    return readAs(UploadedView, body, `POST ${path}`);
  }
  const target = await call(UploadUrlView, '/api/v1/audio/upload-url', {
    body: { file_name: file.name, content_type: file.type || undefined, file_size: file.size },
  });
  await send({
    method: target.method,
    url: target.upload_url,
    body: file,
    headers: target.headers,
    onProgress,
  });
  return call(UploadedView, `/api/v1/audio/${target.file_id}/complete`, {
    body: { file_name: target.file_name },
  });
}

/** Wires the upload form. */
export function setupUpload(hooks: {
  onCreated: (id: string) => void;
  onFinished: (job: AnalysisView) => void;
}): void {
  const form = byId('ws-upload-form', HTMLFormElement);
  const input = byId('ws-upload-file', HTMLInputElement);
  const uploadBar = byId('upload-progress', HTMLProgressElement);
  const jobBar = byId('job-progress', HTMLProgressElement);
  const status = byId('ws-upload-status');
  const submit = query(form, 'button[type="submit"]', HTMLButtonElement);

  const showUpload = (fraction: number) => {
    uploadBar.value = Math.round(fraction * 100);
    byId('upload-percent').textContent = `${Math.round(fraction * 100)}%`;
  };
  const showJob = (job: AnalysisView) => {
    jobBar.value = job.progress;
    byId('job-stage').textContent = isRunning(job) ? humanize(job.stage) : humanize(job.status);
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
      let job = await call(AnalysisView, '/api/v1/analyses', {
        body: { file_id: stored.file_id, file_name: stored.file_name },
      });
      hooks.onCreated(job.id);
      const until = Date.now() + FOLLOW_MS;
      while (isRunning(job) && Date.now() < until) {
        showJob(job);
        if (job.status === 'pending' && job.error) status.textContent = `Retrying: ${job.error}`;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        job = await call(AnalysisView, `/api/v1/analyses/${job.id}`);
      }
      showJob(job);
      status.textContent =
        job.status === 'completed'
          ? `Done: ${humanize(job.verdict)}.`
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
