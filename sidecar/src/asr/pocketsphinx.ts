/**
 * CMU Sphinx (pocketsphinx 0.8 from Debian) as an offline fallback engine: much weaker than
 * Whisper, but it works with no network and no downloaded weights.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWav16 } from '#core/audio/pcm';
import { SidecarError } from '../errors';
import { runChild } from '../media/child';
import { PIPELINE_RATE } from '../media/ffmpeg';
import { resolveBinary } from '../media/resolve-binary';
import { parsePocketsphinxOutput } from './pocketsphinx-output';
import {
  joinSegments,
  type TranscribeContext,
  type Transcriber,
  type Transcript,
} from './transcriber';

/** Settings for {@link PocketsphinxTranscriber}. */
export interface PocketsphinxOptions {
  /** Explicit binary (POCKETSPHINX_PATH); otherwise `pocketsphinx_continuous` on PATH. */
  binPath: string | undefined;
  /** Folder holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir: string;
}

/**
 * Decoder settings, measured on the FTC robocalls in ../shared/audio (2 cores):
 * - `-remove_silence no`: the built-in VAD dropped most of the speech in phone recordings
 *   (legal_threat_robocall came out as one word); the pipeline already trims silence.
 * - `-fwdflat no -maxhmmpf 3000`: one search pass with a pruned beam halves CPU
 *   (34 → 16 CPU-s for that 31 s call) and heard as many of the call's words.
 * - `-bestpath yes`: the lattice pass gives each word a posterior probability (the segment
 *   confidence; without it every word says 1.0). On the five robocalls it cost no measurable
 *   CPU (31.4 vs 31.5 CPU-s in all, under load), left every verdict as it was, and heard a
 *   little more ("just press one" for "just put one").
 */
const DECODER_FLAGS = [
  '-remove_silence',
  'no',
  '-fwdflat',
  'no',
  '-bestpath',
  'yes',
  '-maxhmmpf',
  '3000',
];

/** Transcribes by running `pocketsphinx_continuous` on a temp WAV. */
export class PocketsphinxTranscriber implements Transcriber {
  readonly name = 'pocketsphinx' as const;
  readonly model: string;
  private bin: string | null = null;
  private readonly files: { hmm: string; lm: string; dict: string };

  constructor(private readonly options: PocketsphinxOptions) {
    this.model = `cmusphinx-en-us (${options.modelDir})`;
    this.files = {
      hmm: join(options.modelDir, 'en-us'),
      lm: join(options.modelDir, 'en-us.lm.bin'),
      dict: join(options.modelDir, 'cmudict-en-us.dict'),
    };
  }

  async load(): Promise<void> {
    const found = resolveBinary(
      'pocketsphinx_continuous',
      this.options.binPath,
      'POCKETSPHINX_PATH',
    );
    if (!found.path) throw new Error(found.error);
    for (const [what, path] of Object.entries(this.files)) {
      try {
        await access(path);
      } catch {
        throw new Error(
          `pocketsphinx ${what} model missing at ${path} (set POCKETSPHINX_MODEL_DIR)`,
        );
      }
    }
    this.bin = found.path;
  }

  async transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<Transcript> {
    if (!this.bin) throw new SidecarError('ASR_UNAVAILABLE', 'pocketsphinx is not loaded');
    const wavPath = join(ctx.tmpDir, 'asr-16k.wav');
    await writeFile(wavPath, encodeWav16(pcm, PIPELINE_RATE));
    const args = ['-infile', wavPath, '-hmm', this.files.hmm, '-lm', this.files.lm];
    args.push('-dict', this.files.dict, '-time', 'yes', '-logfn', '/dev/null', ...DECODER_FLAGS);
    const result = await runChild(this.bin, args, {
      signal: ctx.signal,
      maxStdoutBytes: 16 * 1024 * 1024,
    });
    if (result.code !== 0) {
      throw new Error(`pocketsphinx exited with code ${String(result.code)}`);
    }
    const segments = parsePocketsphinxOutput(result.stdout.toString('utf8'));
    return { segments, text: joinSegments(segments) };
  }
}
