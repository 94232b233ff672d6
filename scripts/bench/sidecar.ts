/**
 * "Media sidecar, 5 s chunk": per-stage timings and real-time factor per available engine,
 * over HTTP against sidecars this module starts on free loopback ports (a separate process,
 * as in production, so the bench client never shares its event loop).
 */
import { randomBytes } from 'node:crypto';
import {
  type AsrEngine,
  type HealthResponse,
  HealthResponseSchema,
  type ProcessResponse,
  ProcessResponseSchema,
} from '#core/schemas/sidecar-protocol';
import { freeLoopbackPort } from '../stack/free-port';
import type { ManagedProcess } from '../stack/process';
import { startSidecar as startSidecarProcess } from '../stack/stack';
import { type BenchAudio, type Bytes, cutWav, loadBenchAudio } from './audio';
import { ms, percentile } from './stats';

const STAGES = ['decode', 'trim', 'transcribe', 'features', 'total'] as const;
/** One printed table. */
export interface BenchSection {
  title: string;
  rows: Record<string, string>[];
  notes?: string[];
}

/** A sidecar process a bench started. */
export interface RunningSidecar {
  url: string;
  secret: string;
  proc: ManagedProcess;
}

/** Its /healthz, validated. */
export async function health(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return HealthResponseSchema.parse(await res.json());
}

/**
 * Starts a sidecar and waits (bounded) until every engine has loaded or failed. `port` is a
 * free one the kernel picks unless given (BENCH_SIDECAR_PORT, for machines with port ranges).
 */
export async function startSidecar(
  env: Record<string, string>,
  port?: number,
): Promise<RunningSidecar> {
  port ??= await freeLoopbackPort();
  const secret = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const proc = await startSidecarProcess({ port, secret, env, name: 'bench-sidecar' });
  try {
    // Ready means one engine is up; the others may still be loading (Whisper's own load
    // timeout is 120 s), and the bench must report them as they settle, not as "loading".
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const h = await health(url);
      if (!h.engines.some((e) => e.state === 'pending' || e.state === 'loading')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return { url, secret, proc };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

/** POSTs audio to /v1/process with optional query parameters; throws on a non-2xx answer. */
export async function postProcess(
  sidecar: RunningSidecar,
  wav: Bytes,
  query = '',
): Promise<ProcessResponse> {
  const res = await fetch(`${sidecar.url}/v1/process${query}`, {
    method: 'POST',
    headers: { 'X-Sidecar-Secret': sidecar.secret, 'Content-Type': 'audio/wav' },
    body: wav,
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`sidecar answered ${res.status}: ${await res.text()}`);
  return ProcessResponseSchema.parse(await res.json());
}

/** Times one engine: `runs` requests for the 5 s chunk after one warm-up, then the whole file. */
async function measureEngine(
  sidecar: RunningSidecar,
  engine: AsrEngine,
  audio: BenchAudio,
  runs: number,
): Promise<{ stages: Record<string, string>[]; rtf: Record<string, string>[] }> {
  // 5–10 s: speech throughout (the robocall opens quietly and ends in ~10 s of silence).
  const chunk = cutWav(audio, 5, 5);
  await postProcess(sidecar, chunk);
  const samples: ProcessResponse[] = [];
  for (let i = 0; i < runs; i++) samples.push(await postProcess(sidecar, chunk));
  const stages = STAGES.map((stage) => {
    const values = samples.map((s) => s.timings_ms[stage]);
    return {
      engine,
      stage,
      runs: String(values.length),
      p50: ms(percentile(values, 50)),
      p95: ms(percentile(values, 95)),
    };
  });
  const whole = await postProcess(sidecar, audio.wav);
  const rtfRow = (label: string, r: ProcessResponse, transcribeMs: number) => ({
    engine: `${engine} (${r.engine.model ?? 'default model'})`,
    audio: label,
    audio_ms: String(r.features.duration_ms),
    trimmed_ms: String(r.features.trimmed_duration_ms),
    transcribe: ms(transcribeMs),
    rtf: (transcribeMs / r.features.duration_ms).toFixed(3),
  });
  const first = samples[0] as ProcessResponse;
  const p50 = percentile(
    samples.map((s) => s.timings_ms.transcribe),
    50,
  );
  return {
    stages,
    rtf: [
      rtfRow('5 s chunk (p50)', first, p50),
      rtfRow('whole file, once', whole, whole.timings_ms.transcribe),
    ],
  };
}

/** The sidecar section: stage timings and real-time factors for every engine /healthz offers. */
export async function benchSidecar(runs = 5): Promise<BenchSection[]> {
  const audio = loadBenchAudio();
  const notes = [`audio: ${audio.label}`, ...(audio.note ? [audio.note] : [])];
  const stages: Record<string, string>[] = [];
  const rtf: Record<string, string>[] = [];
  // MAX_QUEUE is generous so a bench never measures load shedding instead of work.
  const env = { MAX_QUEUE: '200' };
  const probe = await startSidecar(env);
  try {
    const h = await health(probe.url);
    for (const e of h.engines) {
      if (!e.available) {
        notes.push(`${e.name}: unavailable (${e.state}) — ${e.error ?? 'no reason given'}`);
        continue;
      }
      // The probe serves its first ready engine; any other one gets a sidecar of its own.
      const own =
        h.engine?.name === e.name ? null : await startSidecar({ ...env, ASR_ENGINES: e.name });
      try {
        const result = await measureEngine(own ?? probe, e.name, audio, runs);
        stages.push(...result.stages);
        rtf.push(...result.rtf);
      } finally {
        await own?.proc.stop();
      }
    }
  } finally {
    await probe.proc.stop();
    audio.cleanup();
  }
  return [
    {
      title: 'Media sidecar, 5 s chunk: per-stage timings (server timings_ms)',
      rows: stages,
      notes,
    },
    {
      title: 'Media sidecar: transcription real-time factor (transcribe_ms / audio_ms)',
      rows: rtf,
    },
  ];
}
