import { inject } from 'vitest';
import { consumeAnalysisJobs } from '../../../worker/jobs/consumer';
import type { JobMessage } from '../../../worker/jobs/enqueue';
import { QUEUES } from '../../../worker/queues/index';
import type { PATH_FAULTS } from '../../durable-objects/fault-proxy';
import '../s3-provided';
import { as, type TestApp, testApp } from './harness';

/**
 * Analysis jobs in workerd, delivered by the test: the app's job queue only records what it is
 * sent, and the test hands those messages to the consumer as a batch (first delivery, a
 * redelivery, a retry with its attempt count), then reads back which were acknowledged and
 * which retried with what delay. Storage is s3rver (the SigV4 path), so the real sidecar can
 * fetch the upload and store the trimmed audio through presigned URLs.
 */

/** A queue binding that keeps what it is sent. */
export function capturingQueue<T = JobMessage>(): { queue: Queue; sent: T[] } {
  const sent: T[] = [];
  const queue = {
    async send(body: unknown) {
      sent.push(body as T);
    },
    async sendBatch(messages: Iterable<{ body: unknown }>) {
      for (const m of messages) sent.push(m.body as T);
    },
  } as unknown as Queue;
  return { queue, sent };
}

/** A webhook event as it was put on the webhooks queue, its body parsed. */
export interface RaisedEvent {
  id: string;
  type: string;
  organization_id: string;
  data: Record<string, unknown>;
}

/**
 * A capturing webhooks queue, and the events put on it (`emitEvent`'s `event` messages; the
 * fan-out to integrations is the webhooks consumer's, tested with it).
 */
export function capturingEvents(): { queue: Queue; events: () => RaisedEvent[] } {
  const { queue, sent } = capturingQueue<{ kind: string; event?: { body: string } }>();
  const events = () =>
    sent
      .filter((m) => m.kind === 'event' && m.event)
      .map((m) => JSON.parse(m.event!.body) as RaisedEvent);
  return { queue, events };
}

/**
 * An app with auth on, s3rver storage, a capturing job queue and a capturing webhooks queue;
 * `vars` override.
 */
export function jobApp(vars: Record<string, string> = {}) {
  const { queue, sent } = capturingQueue();
  const hooks = capturingEvents();
  const app = testApp(
    { AUTH_MODE: 'on', ...inject('s3Vars'), ...vars },
    {
      bindings: { JOB_QUEUE: queue, WEBHOOK_QUEUE: hooks.queue },
    },
  );
  return { app, sent, events: hooks.events };
}

/**
 * A sidecar URL through the fault proxy (test/durable-objects/fault-proxy.ts PATH_FAULTS), to
 * the fake engine, or to real pocketsphinx for a test that judges what was heard.
 */
export function faultySidecar(
  mode: (typeof PATH_FAULTS)[number],
  engine: 'fake' | 'pocketsphinx' = 'fake',
) {
  const token = crypto.randomUUID();
  const base = `${inject('faultProxyUrl')}${engine === 'pocketsphinx' ? '/pocketsphinx' : ''}`;
  return { url: `${base}/fault/${mode}/${token}`, token };
}

/** What the consumer did with a batch: the messages it acknowledged and those it retried. */
export interface Delivered {
  acked: string[];
  retried: { id: string; delaySeconds: number | undefined }[];
}

/**
 * A batch of `messages` as the queue delivers them (the `attempts`-th delivery), recording
 * each message's ack or retry and its delay (which the runtime's own batches don't report).
 */
export function batchOf(queue: string, messages: unknown[], attempts = 1) {
  const outcome: Delivered = { acked: [], retried: [] };
  const batch = {
    queue,
    messages: messages.map((body, i) => {
      const id = `m${i}-${crypto.randomUUID()}`;
      return {
        id,
        timestamp: new Date(),
        attempts,
        body,
        ack: () => outcome.acked.push(id),
        retry: (options?: { delaySeconds?: number }) =>
          outcome.retried.push({ id, delaySeconds: options?.delaySeconds }),
      };
    }),
    ackAll: () => undefined,
    retryAll: () => undefined,
  } as unknown as MessageBatch;
  return { batch, outcome };
}

/** Delivers `messages` to the jobs consumer as one batch; what it acknowledged and retried. */
export async function deliver(app: TestApp, messages: JobMessage[], attempts = 1) {
  const { batch, outcome } = batchOf(QUEUES.jobs, messages, attempts);
  await consumeAnalysisJobs(batch, app.services);
  return outcome;
}

/** Uploads `bytes` as `name` (multipart) with `credential`; the stored file. */
export async function upload(
  app: TestApp,
  credential: string,
  bytes: Uint8Array,
  name = 'call.wav',
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('file', new File([bytes], name, { type: 'audio/wav' }));
  const res = await app.json<{ file_id: string; file_name: string; file_size: number }>(
    '/api/v1/audio/upload',
    { method: 'POST', body: form, headers: { Authorization: `Bearer ${credential}`, ...headers } },
  );
  return res;
}

/** Creates an analysis of an uploaded file; the 202 row. */
export async function createAnalysis(
  app: TestApp,
  credential: string,
  file: { file_id: string; file_name: string },
  headers: Record<string, string> = {},
) {
  return app.json<Record<string, unknown> & { id: string; status: string }>(
    '/api/v1/analyses',
    as(credential, { body: { ...file, metadata: { case: 'test' } }, headers }),
  );
}
