/**
 * `npm run bench -- --only=asr-stream`: the live stream's context-aware chunk decoding,
 * simulated against a sidecar process alone (no Worker), so configurations can be compared
 * quickly; `--only=live` measures the real path through the stack. Each robocall is cut
 * into 5 s chunks (16 kHz WAV as a browser sends them, or 8 kHz PCM decoded from µ-law as the
 * Twilio transport holds them); each chunk goes to a sidecar process exactly as the Durable
 * Object sends it (core/transcript/window.ts builds the window, `context_ms` marks the
 * split, `trim=false`), the words are merged into the running transcript
 * (core/transcript/merge.ts), and the whole call so far is scored with the local engine and the
 * stream rule (cumulative = 0.6·max + 0.4·current). The final applies the Durable Object's
 * rule: max(last cumulative, full-pass score). Silent chunks skip the sidecar, as they do live.
 */
import { joinWavs } from '#core/audio/join-wav';
import { readWav } from '#core/audio/wav-reader';
import type { Analysis } from '#core/schemas/report';
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS, verdictFor } from '#core/thresholds';
import { type CallWord, mergeWindow, transcriptText } from '#core/transcript/merge';
import { chunkWindow } from '#core/transcript/window';
import { chunkScores } from '../../durable-objects/call-session/stream-scoring';
import { benchPort } from './asr';
import { INPUTS, liveChunks, loadBenchCalls, pcmChunks } from './asr-audio';
import { LEGIT_CALLS, phoneCall } from './asr-legit';
import { compareTranscripts, sumCounts } from './asr-metrics';
import type { Bytes } from './audio';
import { type BenchSection, postProcess, type RunningSidecar, startSidecar } from './sidecar';
import { percentile } from './stats';

/** Chunk length of the live protocols (CallShield clients and the Twilio transport). */
const CHUNK_MS = 5_000;
/** The Worker's default STREAM_SILENCE_DBFS: quieter chunks are not transcribed. */
const SILENCE_DBFS = -45;

/** One streaming configuration. */
export interface StreamConfig {
  label: string;
  env: Record<string, string>;
  /** Context sent before each chunk (0 = chunks alone, as today). */
  contextMs: number;
  reviseMs: number;
}

/** Compared by default: chunks alone vs with context; the first with context is proposed. */
export const STREAM_CONFIGS: StreamConfig[] = [
  { label: 'no context (chunks alone)', env: {}, contextMs: 0, reviseMs: 0 },
  { label: 'context 15 s, revise 2 s', env: {}, contextMs: 15_000, reviseMs: 2_000 },
  { label: 'context 10 s, revise 2 s', env: {}, contextMs: 10_000, reviseMs: 2_000 },
  // What the Durable Object does (STREAM_CONTEXT_MS default, the merge's default margin).
  { label: 'context 10 s, revise 5 s (live)', env: {}, contextMs: 10_000, reviseMs: 5_000 },
];

const NOTHING_HEARD: Analysis = {
  scam_score: 0,
  confidence: 0,
  verdict: 'SAFE',
  signals: [],
  recommendation: '',
  transcript_summary: '',
  engine: 'local',
};

interface CallRun {
  firstSuspicious: number | null;
  chunks: number;
  streamVerdict: string;
  streamScore: number;
  finalVerdict: string;
  finalScore: number;
  latencies: number[];
  transcript: string;
}

/** Streams one call (its live chunks) chunk by chunk, then runs the final pass. */
async function streamCall(
  sidecar: RunningSidecar,
  chunks: readonly Bytes[],
  config: StreamConfig,
): Promise<CallRun> {
  let words: CallWord[] = [];
  let previous = { callScore: 0, maxScore: 0 };
  let cumulative = 0;
  let firstSuspicious: number | null = null;
  const latencies: number[] = [];
  let startMs = 0;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const info = readWav(chunk);
    if (info.rmsDbfs >= SILENCE_DBFS) {
      const window = chunkWindow(chunks.slice(0, i), chunk, {
        maxContextMs: config.contextMs,
        chunkStartMs: startMs,
      });
      if (!window) throw new Error(`chunk ${i} is not a readable WAV`);
      const query = `?trim=false${window.contextMs > 0 ? `&context_ms=${window.contextMs}` : ''}`;
      const sent = performance.now();
      const r = await postProcess(sidecar, new Uint8Array(window.wav), query);
      latencies.push(performance.now() - sent);
      words = mergeWindow(
        words,
        { offsetMs: window.offsetMs, splitMs: window.contextMs, words: r.words },
        config.reviseMs,
      );
    }
    startMs += info.durationMs;
    const text = transcriptText(words);
    const analysis = text ? scoreTranscript(text) : NOTHING_HEARD;
    // The chunk's own score does not reach the call's numbers measured here.
    const scores = chunkScores(analysis, 0, previous, DEFAULT_THRESHOLDS);
    previous = { callScore: scores.call_score, maxScore: scores.max_score };
    cumulative = scores.cumulative_score;
    if (firstSuspicious === null && scores.verdict !== 'SAFE') firstSuspicious = i;
  }
  const whole = joinWavs([...chunks]);
  const full = whole ? await postProcess(sidecar, new Uint8Array(whole), '?trim=true') : null;
  const fullScore = full?.text.trim() ? scoreTranscript(full.text).scam_score : 0;
  const finalScore = Math.max(cumulative, fullScore);
  return {
    firstSuspicious,
    chunks: chunks.length,
    streamVerdict: verdictFor(cumulative, DEFAULT_THRESHOLDS),
    streamScore: cumulative,
    finalVerdict: verdictFor(finalScore, DEFAULT_THRESHOLDS),
    finalScore,
    latencies,
    transcript: transcriptText(words),
  };
}

const ms = (v: number) => `${Math.round(v)} ms`;

/** Streams every call under every configuration and input. */
export async function benchAsrStream(configs = STREAM_CONFIGS): Promise<BenchSection[]> {
  const loaded = loadBenchCalls();
  if ('missing' in loaded) {
    return [{ title: 'ASR streaming', rows: [], notes: [`skipped: ${loaded.missing}`] }];
  }
  const summary: Record<string, string>[] = [];
  const perCall: Record<string, string>[] = [];
  const legitRows: Record<string, string>[] = [];
  for (const config of configs) {
    const sidecar = await startSidecar(
      { ASR_ENGINES: 'pocketsphinx', MAX_QUEUE: '50', ...config.env },
      benchPort(),
    );
    try {
      for (const input of INPUTS) {
        const runs: CallRun[] = [];
        for (const call of loaded.calls) {
          const run = await streamCall(sidecar, liveChunks(call, input, CHUNK_MS), config);
          runs.push(run);
          perCall.push({
            config: config.label,
            input,
            call: call.name,
            chunks: String(run.chunks),
            first_suspicious: run.firstSuspicious === null ? '—' : `chunk ${run.firstSuspicious}`,
            stream_end: `${run.streamVerdict} ${run.streamScore.toFixed(3)}`,
            final: `${run.finalVerdict} ${run.finalScore.toFixed(3)}`,
          });
        }
        const lat = runs.flatMap((r) => r.latencies);
        const heard = sumCounts(
          runs.map((r, k) => compareTranscripts(loaded.calls[k]!.reference, r.transcript)),
        );
        summary.push({
          config: config.label,
          input,
          suspicious_in_partial: `${runs.filter((r) => r.firstSuspicious !== null).length}/${runs.length}`,
          above_safe_final: `${runs.filter((r) => r.finalVerdict !== 'SAFE').length}/${runs.length}`,
          live_key_terms: `${heard.keyHeard}/${heard.keyRef}`,
          live_wer: `${((100 * heard.edits) / heard.refWords).toFixed(1)}%`,
          chunk_p50: ms(percentile(lat, 50)),
          chunk_p95: ms(percentile(lat, 95)),
          chunks_sent: String(lat.length),
        });
      }
      const legit: CallRun[] = [];
      for (const call of LEGIT_CALLS) {
        legit.push(
          await streamCall(sidecar, pcmChunks(phoneCall(call).pcm8k, 8000, CHUNK_MS), config),
        );
      }
      legitRows.push({
        config: config.label,
        calls: String(legit.length),
        above_safe_in_partial: String(legit.filter((r) => r.firstSuspicious !== null).length),
        above_safe_final: String(legit.filter((r) => r.finalVerdict !== 'SAFE').length),
        highest_final: Math.max(...legit.map((r) => r.finalScore)).toFixed(3),
      });
    } finally {
      await sidecar.proc.stop();
    }
  }
  return [
    {
      title: 'Live stream simulation: five robocalls as 5 s chunks through the sidecar',
      rows: summary,
      notes: [
        'suspicious_in_partial: calls whose partial result reached SUSPICIOUS or higher before',
        'the end; above_safe_final: final verdict by the Durable Object rule (max of the last',
        'cumulative score and the full-pass score); live_*: the merged running transcript vs',
        'the reference; chunk_p50/p95: sidecar round trip per chunk, context included.',
      ],
    },
    { title: 'Live stream simulation per call', rows: perCall },
    {
      title: 'Live stream simulation: twelve legitimate calls (espeak-ng voices, 8 kHz µ-law)',
      rows: legitRows,
      notes: ['Scoring is measured here, not tuned: a call above SAFE is a scoring false alarm.'],
    },
  ];
}
