/**
 * Sidecar configuration: parsed from the environment once, at start, with zod. A bad value
 * fails loudly and names the variable, rather than surfacing later as a confusing runtime error.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  ASR_ENGINES,
  type AsrEngine,
  MIN_SILENCE_MS_BOUNDS,
  SILENCE_THRESHOLD_BOUNDS,
} from '#core/schemas/sidecar-protocol';

/** Whisper ONNX weight variants transformers.js can load on CPU. */
export const WHISPER_DTYPES = [
  'fp32',
  'fp16',
  'q8',
  'int8',
  'uint8',
  'q4',
  'q4f16',
  'bnb4',
] as const;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The project's pocketsphinx language model and dictionary (`npm run build:lm`). */
const PROJECT_MODELS = fileURLToPath(new URL('../models/', import.meta.url));
/** `ASR_LM=general` selects the general model that ships with pocketsphinx-en-us. */
export const GENERAL_LM = 'general';

const engineList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ASR_ENGINES)))
  .refine((list) => new Set(list).size === list.length, 'engines must not repeat');

const EnvSchema = z.object({
  SIDECAR_PORT: int(0, 65_535).default(8788),
  SIDECAR_HOST: z.string().min(1).default('127.0.0.1'),
  SIDECAR_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_BODY_BYTES: int(1024, 512 * 1024 * 1024).default(25 * 1024 * 1024),
  MAX_AUDIO_SECONDS: int(1, 4 * 3600).default(1800),
  REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(120_000),
  MAX_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(900_000),
  MAX_SOURCE_BYTES: int(1024, 4 * 1024 * 1024 * 1024).default(512 * 1024 * 1024),
  MAX_CONCURRENCY: int(1, 256).default(2),
  MAX_QUEUE: int(0, 10_000).default(16),
  SILENCE_THRESHOLD_DB: z.coerce
    .number()
    .min(SILENCE_THRESHOLD_BOUNDS.min)
    .max(SILENCE_THRESHOLD_BOUNDS.max)
    .default(-50),
  MIN_SILENCE_MS: int(MIN_SILENCE_MS_BOUNDS.min, MIN_SILENCE_MS_BOUNDS.max).default(200),
  ASR_ENGINES: engineList.default(['whisper', 'pocketsphinx']),
  WHISPER_MODEL: z
    .string()
    .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must be a model id like onnx-community/whisper-tiny.en')
    .default('onnx-community/whisper-tiny.en'),
  WHISPER_DTYPE: z.enum(WHISPER_DTYPES).default('fp32'),
  WHISPER_MODEL_DIR: z.string().min(1).optional(),
  WHISPER_LOAD_TIMEOUT_MS: int(1000, 3_600_000).default(120_000),
  FFMPEG_PATH: z.string().min(1).optional(),
  ESPEAK_NG_PATH: z.string().min(1).optional(),
  POCKETSPHINX_PATH: z.string().min(1).optional(),
  POCKETSPHINX_MODEL_DIR: z.string().min(1).default('/usr/share/pocketsphinx/model/en-us'),
  FAKE_ASR_TEXT: z.string().max(10_000).default(''),
  FAKE_ASR_DELAY_MS: int(0, 3_600_000).default(0),
  ASR_LM: z.string().min(1).default(`${PROJECT_MODELS}callshield.lm.bin`),
  ASR_DICT: z.string().min(1).optional(),
  MAX_CONTEXT_MS: int(0, 60_000).default(15_000),
  BUSY_CONTEXT_MS: int(0, 60_000).default(2_000),
  ASR_MIN_WORD_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.2),
});

/** Every environment variable the sidecar reads (besides `NODE_ENV`). */
export const SIDECAR_ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/** Typed, validated configuration. */
export interface SidecarConfig {
  port: number;
  host: string;
  secret: string | undefined;
  maxBodyBytes: number;
  maxAudioSeconds: number;
  requestTimeoutMs: number;
  /** The most a request's own `timeout_ms` may ask for (background jobs). */
  maxRequestTimeoutMs: number;
  /** The largest file fetched from a `source_url` (stored uploads go up to 500 MB). */
  maxSourceBytes: number;
  maxConcurrency: number;
  maxQueue: number;
  silenceThresholdDb: number;
  minSilenceMs: number;
  asrEngines: AsrEngine[];
  whisper: {
    model: string;
    dtype: (typeof WHISPER_DTYPES)[number];
    modelDir: string | undefined;
    loadTimeoutMs: number;
  };
  ffmpegPath: string | undefined;
  /** espeak-ng for `/v1/speak` (spoken warnings); PATH lookup unless set. */
  espeakPath: string | undefined;
  pocketsphinx: {
    binPath: string | undefined;
    modelDir: string;
    /** Domain language model, or null for the general one in `modelDir`. */
    lm: string | null;
    /** Its pronunciation dictionary (default: beside the LM, `.lm.bin` → `.dict`). */
    dict: string | null;
    /** Words with a lower posterior probability are left out of transcripts. */
    minWordConfidence: number;
  };
  /** The scripted test engine (`ASR_ENGINES=fake`). */
  fake: { text: string; delayMs: number };
  /** Most context audio one request decodes (the rest of a longer `context_ms` is skipped). */
  maxContextMs: number;
  /**
   * Most context a request decodes when others wait in the queue behind it: under a backlog
   * live chunks shed their context first, so they come back in time with the words at their
   * edge instead of timing out.
   */
  busyContextMs: number;
}

/** Thrown by {@link loadConfig}; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment (default `process.env`). Empty strings count as unset. With
 * `NODE_ENV=production` (the container image) `SIDECAR_SECRET` is required.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): SidecarConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') cleaned[key] = v.trim();
  }
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid sidecar configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  // The image sets NODE_ENV=production: there the sidecar is reachable by whatever can reach
  // the container, so it never runs without the shared secret.
  if (env.NODE_ENV === 'production' && e.SIDECAR_SECRET === undefined) {
    throw new ConfigError(
      'Invalid sidecar configuration — SIDECAR_SECRET: required when NODE_ENV=production (set it on the Worker; the MediaSidecar container class passes it on)',
    );
  }
  return {
    port: e.SIDECAR_PORT,
    host: e.SIDECAR_HOST,
    secret: e.SIDECAR_SECRET,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxAudioSeconds: e.MAX_AUDIO_SECONDS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    maxRequestTimeoutMs: e.MAX_REQUEST_TIMEOUT_MS,
    maxSourceBytes: e.MAX_SOURCE_BYTES,
    maxConcurrency: e.MAX_CONCURRENCY,
    maxQueue: e.MAX_QUEUE,
    silenceThresholdDb: e.SILENCE_THRESHOLD_DB,
    minSilenceMs: e.MIN_SILENCE_MS,
    asrEngines: e.ASR_ENGINES,
    whisper: {
      model: e.WHISPER_MODEL,
      dtype: e.WHISPER_DTYPE,
      modelDir: e.WHISPER_MODEL_DIR,
      loadTimeoutMs: e.WHISPER_LOAD_TIMEOUT_MS,
    },
    ffmpegPath: e.FFMPEG_PATH,
    espeakPath: e.ESPEAK_NG_PATH,
    fake: { text: e.FAKE_ASR_TEXT, delayMs: e.FAKE_ASR_DELAY_MS },
    pocketsphinx: {
      binPath: e.POCKETSPHINX_PATH,
      modelDir: e.POCKETSPHINX_MODEL_DIR,
      lm: e.ASR_LM === GENERAL_LM ? null : e.ASR_LM,
      dict:
        e.ASR_LM === GENERAL_LM
          ? null
          : (e.ASR_DICT ?? e.ASR_LM.replace(/(\.lm)?(\.bin|\.arpa)?$/, '.dict')),
      minWordConfidence: e.ASR_MIN_WORD_CONFIDENCE,
    },
    maxContextMs: e.MAX_CONTEXT_MS,
    busyContextMs: e.BUSY_CONTEXT_MS,
  };
}
