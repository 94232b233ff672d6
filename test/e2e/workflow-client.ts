import { inject } from 'vitest';

/**
 * The e2e tests' client for the workflow routes on the real stack: uploads, analyses, and
 * bounded polling of a job's row until it gets somewhere.
 */

export type Job = {
  id: string;
  status: string;
  stage: string;
  progress: number;
  attempts: number;
  error: string | null;
  error_code: string | null;
  transcript: string | null;
  segments: { start: number; end: number; text: string; confidence: number | null }[] | null;
  verdict: string | null;
  combined_score: number | null;
  review_required: boolean;
  trimmed_audio_key: string | null;
  result: Record<string, unknown> | null;
};

const base = () => inject('workerUrl');

/** Calls the Worker with `credential` (a user JWT or an API key); JSON in, JSON out. */
export async function api<T = Record<string, unknown>>(
  credential: string,
  path: string,
  init: { method?: string; body?: unknown; form?: FormData } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${credential}` };
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(`${base()}${path}`, {
    method: init.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Uploads `bytes` as `name` and creates its analysis; the analysis id. */
export async function uploadAndAnalyse(
  credential: string,
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
): Promise<string> {
  const form = new FormData();
  form.set('file', new File([bytes], name, { type: 'application/octet-stream' }));
  const file = await api<{ file_id: string; file_name: string }>(
    credential,
    '/api/v1/audio/upload',
    {
      form,
    },
  );
  if (file.status !== 201) throw new Error(`upload ${name}: ${JSON.stringify(file.body)}`);
  const created = await api<Job>(credential, '/api/v1/analyses', { body: file.body });
  if (created.status !== 202) throw new Error(`analyse ${name}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/**
 * Polls the job until `done(job)` holds; at most `timeoutMs`, every `everyMs`. Returns the
 * last row seen (the caller asserts on it, so a timeout fails with what the row showed).
 */
export async function until(
  credential: string,
  id: string,
  done: (job: Job) => boolean,
  { timeoutMs = 180_000, everyMs = 200 } = {},
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  let job: Job;
  do {
    job = (await api<Job>(credential, `/api/v1/analyses/${id}`)).body;
    if (done(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  } while (Date.now() < deadline);
  return job;
}

/** A job is finished once it is completed or in error. */
export const finished = (job: Job) => job.status === 'completed' || job.status === 'error';
