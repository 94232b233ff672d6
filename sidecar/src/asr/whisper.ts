/**
 * Whisper through `@huggingface/transformers` (onnxruntime-node, CPU). The library is
 * imported lazily so a sidecar configured without Whisper never pays its start-up cost.
 */
import { pcm16ToFloat32 } from '#core/audio/pcm';
import type { SidecarConfig } from '../config';
import { SidecarError } from '../errors';
import { PIPELINE_RATE } from '../media/ffmpeg';
import type { TranscribeContext, Transcriber, Transcript } from './transcriber';
import { findMissingModelFiles, planWhisperModel, type WhisperModelPlan } from './whisper-model';
import { parseWhisperOutput } from './whisper-output';

/** The loaded pipeline, reduced to the one call we make. */
export type AsrFunction = (
  audio: Float32Array,
  options: Record<string, unknown>,
) => Promise<unknown>;

/** Loads a pipeline for a plan; replaceable in tests of the loading logic. */
export type WhisperLoader = (plan: WhisperModelPlan) => Promise<AsrFunction>;

/** The real loader: configures transformers.js' global env, then builds the pipeline. */
export const transformersLoader: WhisperLoader = async (plan) => {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = plan.allowRemoteModels;
  env.allowLocalModels = plan.localModelPath !== null;
  if (plan.localModelPath !== null) env.localModelPath = plan.localModelPath;
  const asr: unknown = await pipeline('automatic-speech-recognition', plan.modelId, {
    dtype: plan.dtype,
    device: 'cpu',
  });
  if (typeof asr !== 'function') throw new Error('transformers.js returned no callable pipeline');
  return (audio, options) =>
    Promise.resolve((asr as (a: Float32Array, o: unknown) => unknown)(audio, options));
};

/** Whisper engine. `load()` is bounded by `loadTimeoutMs` so /healthz can never hang on it. */
export class WhisperTranscriber implements Transcriber {
  readonly name = 'whisper' as const;
  readonly model: string;
  readonly plan: WhisperModelPlan;
  private asr: AsrFunction | null = null;

  constructor(
    private readonly cfg: SidecarConfig['whisper'],
    private readonly loader: WhisperLoader = transformersLoader,
  ) {
    this.plan = planWhisperModel(cfg);
    this.model = `${cfg.model} (${cfg.dtype})`;
  }

  async load(): Promise<void> {
    const missing = await findMissingModelFiles(this.plan);
    if (missing) throw new Error(missing);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Whisper model load timed out after ${this.cfg.loadTimeoutMs} ms`)),
        this.cfg.loadTimeoutMs,
      );
    });
    try {
      this.asr = await Promise.race([this.loader(this.plan), timeout]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Whisper model ${this.plan.modelId} failed to load: ${reason.slice(0, 300)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<Transcript> {
    if (!this.asr) throw new SidecarError('ASR_UNAVAILABLE', 'Whisper is not loaded');
    // In-process inference can't be killed; the slot stays taken until it finishes, and the
    // caller has already been answered 504 if the deadline passed.
    ctx.signal.throwIfAborted();
    const output = await this.asr(pcm16ToFloat32(pcm), {
      return_timestamps: true,
      chunk_length_s: 30,
      stride_length_s: 5,
    });
    return parseWhisperOutput(output, Math.round((pcm.length * 1000) / PIPELINE_RATE));
  }
}
