/**
 * `npm run bench -- --only=asr`: how well each engine and configuration hears the five real
 * robocalls, whole, against their reference transcripts: word error rate, content-word recall,
 * key-term recall (and key terms it invented), and real-time factor, for the 16 kHz recording
 * and for the same call through an 8 kHz µ-law phone channel. Requests go over HTTP to a
 * sidecar process per configuration, exactly as the Worker sends them.
 */
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import { scoreTranscript } from '#core/scoring/index';
import { type BenchCall, INPUTS, type InputKind, loadBenchCalls } from './asr-audio';
import { LEGIT_CALLS, LEGIT_VOICES, phoneCall } from './asr-legit';
import { compareTranscripts, type HearingCounts, sumCounts } from './asr-metrics';
import { CUE_WORDS, inventedTerms } from './asr-terms';
import {
  type BenchSection,
  health,
  postProcess,
  type RunningSidecar,
  startSidecar,
} from './sidecar';

/** A sidecar configuration to compare (environment overrides). */
export interface AsrConfig {
  label: string;
  env: Record<string, string>;
}

/** What the bench compares; the first is the production default. */
export const ASR_CONFIGS: AsrConfig[] = [
  { label: 'whisper (WHISPER_MODEL)', env: { ASR_ENGINES: 'whisper' } },
  { label: 'pocketsphinx, domain LM (default)', env: { ASR_ENGINES: 'pocketsphinx' } },
  { label: 'pocketsphinx, general LM', env: { ASR_ENGINES: 'pocketsphinx', ASR_LM: 'general' } },
];

/** Port for bench sidecars, when the machine asks for one (else the kernel picks). */
export function benchPort(): number | undefined {
  const raw = process.env.BENCH_SIDECAR_PORT;
  return raw ? Number(raw) : undefined;
}

const pct = (num: number, den: number): string =>
  den === 0 ? 'n/a' : `${((100 * num) / den).toFixed(1)}%`;

/** Sends a whole call the way it arrives: WAV as recorded, or raw µ-law with its format. */
export function sendWhole(
  sidecar: Parameters<typeof postProcess>[0],
  call: BenchCall,
  input: InputKind,
): Promise<ProcessResponse> {
  return input === '16k'
    ? postProcess(sidecar, call.wav16k)
    : postProcess(sidecar, call.mulaw, '?format=mulaw&sample_rate=8000');
}

/** The summary row of one configuration and input. */
function summary(
  label: string,
  input: InputKind,
  counts: HearingCounts[],
  ms: number[],
  audioMs: number,
) {
  const t = sumCounts(counts);
  return {
    config: label,
    input,
    wer: pct(t.edits, t.refWords),
    content_recall: pct(t.contentHeard, t.contentRef),
    key_terms: `${t.keyHeard}/${t.keyRef} (${pct(t.keyHeard, t.keyRef)})`,
    invented_key_terms: String(t.keyInvented),
    rtf: (ms.reduce((a, b) => a + b, 0) / audioMs).toFixed(3),
  };
}

/**
 * Every legitimate call in every voice (60 pairs) through the phone line: how many gained a scam
 * term or a cue word their script does not say, and how many the local engine scores above
 * SAFE from the transcript (and from the script itself, for comparison).
 */
async function legitRow(sidecar: RunningSidecar, label: string): Promise<Record<string, string>> {
  let calls = 0;
  let scamTerms = 0;
  const cues: string[] = [];
  let asrAboveSafe = 0;
  let scriptAboveSafe = 0;
  for (const call of LEGIT_CALLS) {
    for (const voice of LEGIT_VOICES) {
      const { mulaw } = phoneCall({ ...call, voice });
      const r = await postProcess(sidecar, mulaw, '?format=mulaw&sample_rate=8000');
      calls++;
      if (inventedTerms(call.script, r.text).length > 0) scamTerms++;
      cues.push(...inventedTerms(call.script, r.text, CUE_WORDS));
      if (r.text.trim() && scoreTranscript(r.text).verdict !== 'SAFE') asrAboveSafe++;
      if (scoreTranscript(call.script).verdict !== 'SAFE') scriptAboveSafe++;
    }
  }
  return {
    config: label,
    calls: String(calls),
    gained_scam_term: String(scamTerms),
    gained_cue_words: cues.length ? cues.join(', ') : '0',
    transcript_above_safe: String(asrAboveSafe),
    script_above_safe: String(scriptAboveSafe),
  };
}

/** Runs every configuration whose engine is available here. */
export async function benchAsr(): Promise<BenchSection[]> {
  const loaded = loadBenchCalls();
  if ('missing' in loaded) {
    return [{ title: 'ASR accuracy', rows: [], notes: [`skipped: ${loaded.missing}`] }];
  }
  const { calls } = loaded;
  const rows: Record<string, string>[] = [];
  const perCall: Record<string, string>[] = [];
  const legit: Record<string, string>[] = [];
  const notes: string[] = [];
  for (const config of ASR_CONFIGS) {
    const sidecar = await startSidecar({ ...config.env, MAX_QUEUE: '50' }, benchPort());
    try {
      const engine = (await health(sidecar.url)).engines[0];
      if (!engine?.available) {
        notes.push(`${config.label}: unavailable here — ${engine?.error ?? 'no reason given'}`);
        continue;
      }
      for (const input of INPUTS) {
        const counts: HearingCounts[] = [];
        const ms: number[] = [];
        let audioMs = 0;
        for (const call of calls) {
          const r = await sendWhole(sidecar, call, input);
          const c = compareTranscripts(call.reference, r.text);
          counts.push(c);
          ms.push(r.timings_ms.transcribe);
          audioMs += r.features.duration_ms;
          perCall.push({
            config: config.label,
            input,
            call: call.name,
            wer: pct(c.edits, c.refWords),
            key_terms: `${c.keyHeard}/${c.keyRef}`,
            transcript: r.text.length > 90 ? `${r.text.slice(0, 87)}...` : r.text,
          });
        }
        rows.push(summary(config.label, input, counts, ms, audioMs));
      }
      legit.push(await legitRow(sidecar, config.label));
    } finally {
      await sidecar.proc.stop();
    }
  }
  return [
    {
      title: 'ASR accuracy on the five robocalls (whole calls; references.jsonl)',
      rows,
      notes: [
        'wer: word error rate; content_recall: non-function words heard; key_terms: scam key',
        'terms heard (scripts/bench/asr-metrics.ts KEY_TERMS); invented: key terms not in the',
        'reference; rtf: transcribe time / audio time. µ-law: ffmpeg 8 kHz G.711, sent raw.',
        ...notes,
      ],
    },
    { title: 'ASR per call', rows: perCall },
    {
      title: 'Legitimate calls: 12 scripts × 5 espeak-ng voices, 8 kHz µ-law, whole calls',
      rows: legit,
      notes: [
        'gained_*: the transcript has a scam term / cue word (scripts/bench/asr-terms.ts) the',
        'script does not; *_above_safe: local scoring engine verdict (measured, not tuned here).',
      ],
    },
  ];
}
