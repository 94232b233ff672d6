/**
 * Background analysis jobs against the running local stack: one 30 s call uploaded once, then
 * a burst of analyses of it queued at once, each a full job (decode, trim, store, transcribe,
 * score). Reports throughput and, per job, the time it waited in the queue (created → first
 * claimed) and the time it took (claimed → finished), from the rows' own timestamps. Bounded:
 * whatever hasn't finished by the deadline is counted, not awaited. The machine's load is
 * printed with the figures, since two cores shared with other work make them slower.
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cutWav, loadBenchAudio } from './audio';
import type { BenchSection } from './sidecar';
import { percentile } from './stats';

const CALL_SECONDS = 30;
const JOBS = 50;
const DEADLINE_MS = 40 * 60_000;

interface Row {
  id: string;
  status: string;
  attempts: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

/** Runs the burst with `credential` (an API key of the dev organisation). */
export async function benchJobs(workerUrl: string, credential: string): Promise<BenchSection> {
  const headers = { Authorization: `Bearer ${credential}` };
  const audio = loadBenchAudio();
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const form = new FormData();
    form.set('file', new File([cutWav(audio, 0, CALL_SECONDS)], 'bench-30s.wav'));
    const uploaded = await fetch(`${workerUrl}/api/v1/audio/upload`, {
      method: 'POST',
      headers,
      body: form,
    });
    if (uploaded.status !== 201)
      throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const file = (await uploaded.json()) as { file_id: string; file_name: string };

    const started = performance.now();
    const ids = await Promise.all(
      Array.from({ length: JOBS }, async () => {
        const res = await fetch(`${workerUrl}/api/v1/analyses`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(file),
        });
        if (res.status !== 202) throw new Error(`create: ${res.status} ${await res.text()}`);
        return ((await res.json()) as Row).id;
      }),
    );
    const queuedMs = performance.now() - started;

    const rows = new Map<string, Row>();
    const open = () =>
      ids.filter((id) => !['completed', 'error'].includes(rows.get(id)?.status ?? ''));
    let loadPeak = loadBefore;
    while (open().length > 0 && performance.now() - started < DEADLINE_MS) {
      for (const id of open()) {
        const res = await fetch(`${workerUrl}/api/v1/analyses/${id}`, { headers });
        if (res.ok) rows.set(id, (await res.json()) as Row);
      }
      loadPeak = Math.max(loadPeak, loadavg()[0] ?? 0);
      await sleep(2_000);
    }
    const wallS = (performance.now() - started) / 1000;
    const done = [...rows.values()].filter((r) => r.status === 'completed');
    const failed = [...rows.values()].filter((r) => r.status === 'error');
    const seconds = (from: string | null, to: string | null) =>
      from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : Number.NaN;
    const waited = done.map((r) => seconds(r.created_at, r.started_at));
    const took = done.map((r) => seconds(r.started_at, r.completed_at));
    const s = (v: number) => `${v.toFixed(1)} s`;
    const lastDone = Math.max(...done.map((r) => Date.parse(r.completed_at ?? '')));
    const firstCreated = Math.min(...done.map((r) => Date.parse(r.created_at)));
    const spanS = (lastDone - firstCreated) / 1000;
    return {
      title: `${JOBS} analyses of a ${CALL_SECONDS} s call queued at once (${audio.label})`,
      rows: [
        {
          jobs: String(JOBS),
          completed: String(done.length),
          error: String(failed.length),
          unfinished: String(JOBS - done.length - failed.length),
          'jobs/min': ((done.length / spanS) * 60).toFixed(2),
          'audio s per wall s': ((done.length * CALL_SECONDS) / spanS).toFixed(2),
          'queued p50': s(percentile(waited, 50)),
          'queued p95': s(percentile(waited, 95)),
          'queued max': s(Math.max(...waited)),
          'job p50': s(percentile(took, 50)),
          'job p95': s(percentile(took, 95)),
          retried: String(done.filter((r) => r.attempts > 1).length),
        },
      ],
      notes: [
        `${spanS.toFixed(0)} s from the first analysis created to the last completed (bench wall ${wallS.toFixed(0)} s; the ${JOBS} POSTs took ${queuedMs.toFixed(0)} ms)`,
        `machine: ${cpus().length} cores, load average ${loadBefore.toFixed(2)} at the start, peak ${loadPeak.toFixed(2)} during the run`,
        '"queued" is created_at → started_at (first claim); "job" is started_at → completed_at, retries included',
        ...(audio.note ? [audio.note] : []),
      ],
    };
  } finally {
    audio.cleanup();
  }
}
