/**
 * CMU Sphinx (pocketsphinx 0.8 from Debian) as the offline engine: much weaker than Whisper,
 * but it works with no network and no downloaded weights. It decodes with the project's
 * domain language model (`npm run build:lm`) when present, else the general en-us model.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pcm16ToBytes, samplesToMs } from '#core/audio/pcm';
import type { Segment, Word } from '#core/schemas/sidecar-protocol';
import { SidecarError } from '../errors';
import { runChild } from '../media/child';
import { PIPELINE_RATE } from '../media/ffmpeg';
import { resolveBinary } from '../media/resolve-binary';
import { FRAMES_PER_SECOND, parseCtm } from './pocketsphinx-output';
import { findSpeechSpans, spliceSpans, toOriginal } from './speech-spans';
import {
  joinSegments,
  type TranscribeContext,
  type Transcriber,
  type Transcript,
} from './transcriber';

/** Settings for {@link PocketsphinxTranscriber}. */
export interface PocketsphinxOptions {
  /** Explicit binary (POCKETSPHINX_PATH); otherwise `pocketsphinx_batch` on PATH. */
  binPath: string | undefined;
  /** Folder holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir: string;
  /** Domain language model and its dictionary; null (or missing files) = the general model. */
  lm: string | null;
  dict: string | null;
  /** Words whose posterior probability is below this are left out (0 keeps every word). */
  minWordConfidence: number;
}

/**
 * Decoder settings, measured on the five FTC robocalls in ../shared/audio against their
 * reference transcripts (npm run bench -- --only=asr):
 * - `pocketsphinx_batch`, not `_continuous`: batch normalises the whole utterance by its own
 *   cepstral mean. Continuous mode starts from the model's built-in mean (feat.params
 *   overrides `-cmn`/`-cmninit` flags) and needs seconds of speech to adapt, so the first
 *   words of every chunk were noise ("what a few optional property…" for "…suspend your
 *   social security number").
 * - `-remove_silence no`: pauses are cut before decoding (speech-spans.ts) so word times stay
 *   exact; pocketsphinx's own VAD gave the same transcripts but shifted times.
 * - `-lw 8` (default 6.5): trusts the domain model more; WER 47% → 43%, key terms 20/25.
 * - `-fwdflat no -maxhmmpf 3000`: one search pass with a pruned beam, ~40% less CPU for the
 *   same key terms; `-bestpath` stays on (WER 47% without it).
 * - `-ctm` (figures: --only=asr and --only=asr-dev): words with their posterior probability, so unsure words can be left out
 *   (ASR_MIN_WORD_CONFIDENCE, 0.2). Where the decoder hears nothing it knows (robotic voices,
 *   noise) it fills the gap with the language model's favourite phrases, and a model trained
 *   on scam calls favours "need to … sue you". Measured at 0.2 vs 0: robocall key terms
 *   unchanged (20/25), WER 44% → 47% (the dropped words count as deletions); 80 generated dev
 *   calls (espeak-ng, µ-law) scored above SAFE: scams 21 → 26 of 40, legitimate 1 → 2 of 40.
 */
const DECODER_FLAGS = ['-remove_silence', 'no', '-fwdflat', 'no', '-maxhmmpf', '3000', '-lw', '8'];

const SAMPLES_PER_FRAME = PIPELINE_RATE / FRAMES_PER_SECOND;
/** A pause this long between words starts a new segment. */
const SEGMENT_GAP_MS = 500;

/** A word with its posterior probability (the decoder's confidence in it). */
type ScoredWord = Word & { confidence: number };

/**
 * Groups consecutive words into segments at pauses. A segment's confidence is the mean
 * posterior of its words, to three decimals.
 */
export function segmentsOf(words: readonly ScoredWord[]): Segment[] {
  const segments: Segment[] = [];
  let current: ScoredWord[] = [];
  const close = () => {
    if (current.length === 0) return;
    const mean = current.reduce((sum, w) => sum + w.confidence, 0) / current.length;
    segments.push({
      start_ms: current[0]!.start_ms,
      end_ms: current.at(-1)!.end_ms,
      text: current.map((w) => w.word).join(' '),
      confidence: Math.round(mean * 1000) / 1000,
    });
    current = [];
  };
  for (const word of words) {
    const last = current.at(-1);
    if (last && word.start_ms - last.end_ms >= SEGMENT_GAP_MS) close();
    current.push(word);
  }
  close();
  return segments;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Transcribes by running `pocketsphinx_batch` on the speech of a temp raw PCM file. */
export class PocketsphinxTranscriber implements Transcriber {
  readonly name = 'pocketsphinx' as const;
  model: string;
  private bin: string | null = null;
  private readonly hmm: string;
  private files: { lm: string; dict: string };

  constructor(private readonly options: PocketsphinxOptions) {
    this.hmm = join(options.modelDir, 'en-us');
    this.files = this.generalFiles();
    this.model = `cmusphinx-en-us, general LM (${options.modelDir})`;
  }

  private generalFiles() {
    return {
      lm: join(this.options.modelDir, 'en-us.lm.bin'),
      dict: join(this.options.modelDir, 'cmudict-en-us.dict'),
    };
  }

  async load(): Promise<void> {
    const found = resolveBinary('pocketsphinx_batch', this.options.binPath, 'POCKETSPHINX_PATH');
    if (!found.path) throw new Error(found.error);
    const { lm, dict } = this.options;
    if (lm && dict && (await exists(lm)) && (await exists(dict))) {
      this.files = { lm, dict };
      // No path: this string reaches reports and stored analyses, the server's disk must not.
      this.model = 'cmusphinx-en-us, domain LM';
    } else if (lm) {
      // The general model still works; say in /healthz why the domain one isn't used.
      this.model = `cmusphinx-en-us, general LM (domain LM ${basename(lm)} or its dictionary missing; run npm run build:lm)`;
    }
    for (const [what, path] of Object.entries({ hmm: this.hmm, ...this.files })) {
      if (!(await exists(path))) {
        throw new Error(
          `pocketsphinx ${what} model missing at ${path} (set POCKETSPHINX_MODEL_DIR)`,
        );
      }
    }
    this.bin = found.path;
  }

  async transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<Transcript> {
    if (!this.bin) throw new SidecarError('ASR_UNAVAILABLE', 'pocketsphinx is not loaded');
    const spans = findSpeechSpans(pcm, PIPELINE_RATE);
    if (spans.length === 0) return { segments: [], text: '', words: [] };
    await writeFile(join(ctx.tmpDir, 'utt.raw'), pcm16ToBytes(spliceSpans(pcm, spans)));
    await writeFile(join(ctx.tmpDir, 'utt.ctl'), 'utt\n');
    const ctm = join(ctx.tmpDir, 'utt.ctm');
    const args = ['-adcin', 'yes', '-cepdir', ctx.tmpDir, '-cepext', '.raw'];
    args.push('-ctl', join(ctx.tmpDir, 'utt.ctl'), '-ctm', ctm, '-hmm', this.hmm);
    args.push('-lm', this.files.lm, '-dict', this.files.dict, '-logfn', '/dev/null');
    const result = await runChild(this.bin, [...args, ...DECODER_FLAGS], {
      signal: ctx.signal,
      maxStdoutBytes: 1024 * 1024,
    });
    if (result.code !== 0) {
      throw new Error(`pocketsphinx exited with code ${String(result.code)}`);
    }
    const ms = (sample: number) => samplesToMs(sample, PIPELINE_RATE);
    // An end on a span boundary belongs to the span before it, not after the cut pause.
    const scored = parseCtm(await readFile(ctm, 'utf8').catch(() => ''))
      .filter((w) => w.confidence >= this.options.minWordConfidence)
      .map((w) => ({
        word: w.word,
        start_ms: ms(toOriginal(spans, w.startFrame * SAMPLES_PER_FRAME)),
        end_ms: ms(toOriginal(spans, Math.max(0, w.endFrame * SAMPLES_PER_FRAME - 1)) + 1),
        confidence: w.confidence,
      }));
    const segments = segmentsOf(scored);
    const words = scored.map(({ confidence: _, ...word }) => word);
    return { segments, text: joinSegments(segments), words };
  }
}
