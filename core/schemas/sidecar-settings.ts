import { z } from 'zod';
import { int, variable } from '../config/variable';
import { MAX_MULTIPART_BYTES, MIB } from '../limits';
import { ASR_ENGINES, MIN_SILENCE_MS_BOUNDS, SILENCE_THRESHOLD_BOUNDS } from './sidecar-protocol';

/**
 * The sidecar settings an operator may choose, each described once: the sidecar parses them
 * (sidecar/src/config.ts), and the Worker validates them and passes them to the production
 * container. On the Worker each is set as `SIDECAR_<NAME>` (a `[vars]` entry or a secret) and
 * reaches the container as `<NAME>`; the prefix keeps them apart from the Worker's own
 * variables (the Worker has its own `LOG_LEVEL`, for one).
 *
 * Left out on purpose, because the image or the container class fixes them: the port and
 * host, binary and model paths (`FFMPEG_PATH`, `WHISPER_MODEL_DIR`, `POCKETSPHINX_*`,
 * `ASR_DICT`), and the test-only fake engine (`FAKE_ASR_*`). Those are the sidecar's own.
 */

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

/** The operator settings, by the name the sidecar reads. */
export const SIDECAR_SETTINGS = {
  ASR_ENGINES: variable({
    doc: 'Speech engines in order of preference; the next one is used when one fails to load (`fake` is a scripted engine for tests).',
    schema: engineList,
    default: 'whisper,pocketsphinx',
  }),
  WHISPER_MODEL: variable({
    doc: 'The Whisper model. In the container it must be one baked into the image (`sidecar/models/whisper-manifest.json`); any other fails to load and the next engine is used.',
    schema: z
      .string()
      .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must be a model id like onnx-community/whisper-tiny.en'),
    default: 'onnx-community/whisper-tiny.en',
  }),
  WHISPER_DTYPE: variable({
    doc: 'The Whisper weight variant (must be baked into the image too).',
    schema: z.enum(WHISPER_DTYPES),
    default: 'fp32',
  }),
  WHISPER_LOAD_TIMEOUT_MS: variable({
    doc: 'Whisper that has not loaded by then counts as failed (the next engine is used). The container class waits this long plus 30 s for a cold start.',
    schema: int(1000, 3_600_000),
    default: '120000',
  }),
  ASR_LM: variable({
    doc: "pocketsphinx's language model: a path, or `general` for the en-us model that ships with pocketsphinx.",
    schema: z.string().min(1),
    defaultDoc: "the project's domain model (`sidecar/models/callshield.lm.bin`)",
  }),
  ASR_MIN_WORD_CONFIDENCE: variable({
    doc: 'pocketsphinx words with a lower posterior probability are left out of transcripts.',
    schema: z.coerce.number().min(0).max(1),
    default: '0.2',
  }),
  MAX_CONCURRENCY: variable({
    doc: 'Requests processed at once (each runs ffmpeg and an engine).',
    schema: int(1, 256),
    default: '2',
  }),
  MAX_QUEUE: variable({
    doc: 'Requests waiting for a slot; beyond that the sidecar answers 503 `OVERLOADED`.',
    schema: int(0, 10_000),
    default: '16',
  }),
  MAX_BODY_BYTES: variable({
    doc: 'Largest request body (audio) accepted, in bytes (25 MiB by default, like the Worker’s multipart limit).',
    schema: int(1024, 512 * MIB),
    default: String(MAX_MULTIPART_BYTES),
  }),
  MAX_AUDIO_SECONDS: variable({
    doc: 'Longest audio decoded, in seconds.',
    schema: int(1, 4 * 3600),
    default: '1800',
  }),
  MAX_SOURCE_BYTES: variable({
    doc: 'Largest file fetched from a `source_url`, in bytes (stored uploads go up to 500 MB).',
    schema: int(1024, 4 * 1024 * MIB),
    default: String(512 * MIB),
  }),
  REQUEST_TIMEOUT_MS: variable({
    doc: 'A request that has not finished by then fails with 504.',
    schema: int(100, 3_600_000),
    default: '120000',
  }),
  MAX_REQUEST_TIMEOUT_MS: variable({
    doc: 'The most a request’s own `timeout_ms` may ask for (background jobs).',
    schema: int(100, 3_600_000),
    default: '900000',
  }),
  SILENCE_THRESHOLD_DB: variable({
    doc: 'Default level below which audio counts as silence when trimming, in dBFS.',
    schema: z.coerce.number().min(SILENCE_THRESHOLD_BOUNDS.min).max(SILENCE_THRESHOLD_BOUNDS.max),
    default: '-50',
  }),
  MIN_SILENCE_MS: variable({
    doc: 'Default shortest edge silence that is trimmed, in ms.',
    schema: int(MIN_SILENCE_MS_BOUNDS.min, MIN_SILENCE_MS_BOUNDS.max),
    default: '200',
  }),
  MAX_CONTEXT_MS: variable({
    doc: 'Most context audio one request decodes (the rest of a longer `context_ms` is skipped).',
    schema: int(0, 60_000),
    default: '15000',
  }),
  BUSY_CONTEXT_MS: variable({
    doc: 'Most context a request decodes while others wait behind it: under a backlog live chunks shed context first, so they come back in time.',
    schema: int(0, 60_000),
    default: '2000',
  }),
} as const;

/** One of the operator settings, by the name the sidecar reads. */
export type SidecarOperatorSetting = keyof typeof SIDECAR_SETTINGS;

/** Their names, in the order the reference lists them. */
export const SIDECAR_OPERATOR_SETTINGS = Object.keys(SIDECAR_SETTINGS) as SidecarOperatorSetting[];

/** The Worker variable that carries a sidecar setting: `SIDECAR_` + its name. */
export const workerVariableFor = <S extends SidecarOperatorSetting>(setting: S): `SIDECAR_${S}` =>
  `SIDECAR_${setting}`;
