/**
 * Wire contract of the media sidecar (`POST /v1/process`, `GET /healthz`), shared by the
 * sidecar (which validates its input and output with it) and the Worker's sidecar client.
 * Pure: plain zod, no runtime-specific imports.
 */
import { z } from 'zod';

/** Raw (headerless) encodings that need explicit `sample_rate`/`channels`. */
export const RAW_FORMATS = ['mulaw', 'alaw', 's16le'] as const;
/** `auto` lets ffmpeg probe the container (WAV, MP3, OGG, WebM, FLAC, M4A…). */
export const INPUT_FORMATS = ['auto', ...RAW_FORMATS] as const;

/** Bounds a caller may choose within; the server's defaults come from its config. */
export const SILENCE_THRESHOLD_BOUNDS = { min: -90, max: -10 } as const;
/**
 * Largest `context_ms` a caller may send. The sidecar decodes at most its own MAX_CONTEXT_MS
 * of that context (older audio in the body is skipped), so this bound only rejects nonsense.
 */
export const CONTEXT_MS_MAX = 600_000;
export const MIN_SILENCE_MS_BOUNDS = { min: 0, max: 10_000 } as const;

const booleanParam = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Query parameters of `POST /v1/process` (each may also come as header `x-<name>` with `_`
 * replaced by `-`, e.g. `X-Upload-Url`, since presigned URLs are long). The body is the
 * audio bytes.
 */
export const ProcessParamsSchema = z
  .object({
    format: z.enum(INPUT_FORMATS).default('auto'),
    sample_rate: z.coerce.number().int().min(4000).max(192_000).optional(),
    channels: z.coerce.number().int().min(1).max(8).optional(),
    transcribe: booleanParam.default(true),
    trim: booleanParam.default(true),
    upload_url: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Where to GET the audio instead of the body (a presigned URL): for stored files larger
     * than a request body may be.
     */
    source_url: z.url({ protocol: /^https?$/ }).optional(),
    /** This request's own time limit (background jobs need more than a request's default). */
    timeout_ms: z.coerce.number().int().min(1_000).max(3_600_000).optional(),
    silence_threshold_db: z.coerce
      .number()
      .min(SILENCE_THRESHOLD_BOUNDS.min)
      .max(SILENCE_THRESHOLD_BOUNDS.max)
      .optional(),
    min_silence_ms: z.coerce
      .number()
      .int()
      .min(MIN_SILENCE_MS_BOUNDS.min)
      .max(MIN_SILENCE_MS_BOUNDS.max)
      .optional(),
    /**
     * Live streams: the body is the trailing audio already transcribed (`context_ms` long)
     * followed by the new chunk. The whole window is decoded, so words cut at the chunk's
     * edge and the sentence around them are heard with their context; the caller keeps the
     * new part (see `core/transcript/merge.ts`). Must be shorter than the audio.
     */
    context_ms: z.coerce.number().int().min(0).max(CONTEXT_MS_MAX).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.format !== 'auto' && p.sample_rate === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sample_rate'],
        message: `sample_rate is required for raw format ${p.format}`,
      });
    }
  });
export type ProcessParams = z.infer<typeof ProcessParamsSchema>;
/** The parameter names, for readers that look them up in query and headers. */
export const PROCESS_PARAM_NAMES = Object.keys(ProcessParamsSchema.shape);

/** One transcript segment; times are ms from the start of the ORIGINAL (untrimmed) audio. */
export const SegmentSchema = z.object({
  start_ms: z.number().int().nonnegative(),
  end_ms: z.number().int().nonnegative(),
  text: z.string(),
  /** The recogniser's confidence (0–1), when it gives one. */
  confidence: z.number().min(0).max(1).optional(),
});
export type Segment = z.infer<typeof SegmentSchema>;

/**
 * One recognised word with its time, ms from the start of the ORIGINAL audio (the whole body,
 * context included). Engines without word times spread a segment's time over its words.
 */
export const WordSchema = z.object({
  word: z.string().min(1),
  start_ms: z.number().int().nonnegative(),
  end_ms: z.number().int().nonnegative(),
});
export type Word = z.infer<typeof WordSchema>;

/** A detected DTMF key press. */
export const DtmfDigitSchema = z.object({
  digit: z.string().regex(/^[0-9A-D*#]$/),
  start_ms: z.number().int().nonnegative(),
  end_ms: z.number().int().nonnegative(),
});
export type DtmfDigit = z.infer<typeof DtmfDigitSchema>;

/** Acoustic features of the decoded (untrimmed) 16 kHz mono audio. Levels in dBFS ≥ -120. */
export const AcousticFeaturesSchema = z.object({
  duration_ms: z.number().int().nonnegative(),
  trimmed_duration_ms: z.number().int().nonnegative(),
  speech_ratio: z.number().min(0).max(1),
  rms_dbfs: z.number(),
  peak_dbfs: z.number(),
  noise_floor_dbfs: z.number(),
  clipping_ratio: z.number().min(0).max(1),
  dtmf: z.array(DtmfDigitSchema),
  /** Speech frames with a clear pitch, in ms (core/audio/voice.ts says how). */
  voiced_ms: z.number().int().nonnegative(),
  /** Median pitch of the voice in Hz; null with under 200 ms of voiced speech. */
  pitch_median_hz: z.number().positive().nullable(),
  /** How much the pitch moves: robust standard deviation in semitones; null as above. */
  pitch_variability_st: z.number().nonnegative().nullable(),
  /** How much the speech frames' loudness moves: robust standard deviation in dB. */
  loudness_variability_db: z.number().nonnegative().nullable(),
  /** Median level of the speech frames above the noise floor, in dB; null without speech. */
  snr_db: z.number().nonnegative().nullable(),
});
export type AcousticFeatures = z.infer<typeof AcousticFeaturesSchema>;

/** Transcription engines the sidecar knows (`fake` is a scripted engine for tests). */
export const ASR_ENGINES = ['whisper', 'pocketsphinx', 'fake'] as const;
export const AsrEngineSchema = z.enum(ASR_ENGINES);
export type AsrEngine = z.infer<typeof AsrEngineSchema>;

/** Which engine produced the transcript; `name: 'none'` when transcription was off/skipped. */
export const EngineInfoSchema = z.object({
  name: z.union([AsrEngineSchema, z.literal('none')]),
  model: z.string().nullable(),
});

/** Outcome of the optional presigned PUT of the trimmed WAV. */
export const UploadResultSchema = z.object({
  status: z.enum(['uploaded', 'failed']),
  http_status: z.number().int().nullable(),
  bytes: z.number().int().nonnegative(),
});

/** Successful `POST /v1/process` response. */
export const ProcessResponseSchema = z.object({
  segments: z.array(SegmentSchema),
  text: z.string(),
  /** Every word of `text` with its time; empty when nothing was transcribed. */
  words: z.array(WordSchema).default([]),
  /**
   * Present when `context_ms` was sent: the split point (the new chunk starts there) and where
   * decoding began (audio before `decoded_from_ms` exceeded MAX_CONTEXT_MS and was skipped).
   */
  context: z
    .object({
      split_ms: z.number().int().nonnegative(),
      decoded_from_ms: z.number().int().nonnegative(),
    })
    .optional(),
  features: AcousticFeaturesSchema,
  engine: EngineInfoSchema,
  timings_ms: z.object({
    decode: z.number().nonnegative(),
    trim: z.number().nonnegative(),
    transcribe: z.number().nonnegative(),
    features: z.number().nonnegative(),
    upload: z.number().nonnegative(),
    total: z.number().nonnegative(),
  }),
  /** Kept range in ms of the original audio; start = end means it was all silence. */
  trim: z.object({ start_ms: z.number().int(), end_ms: z.number().int() }),
  upload: UploadResultSchema.optional(),
});
export type ProcessResponse = z.infer<typeof ProcessResponseSchema>;

/**
 * The closed set of error codes, each with its HTTP status and whether retrying the same
 * request later can succeed. The Worker's client decides on retries from `retryable` alone.
 */
export const SIDECAR_ERRORS = {
  INVALID_PARAMS: { status: 400, retryable: false },
  EMPTY_BODY: { status: 400, retryable: false },
  UNAUTHORIZED: { status: 401, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  AUDIO_TOO_LONG: { status: 413, retryable: false },
  UNSUPPORTED_MEDIA: { status: 422, retryable: false },
  /** `source_url` could not be read (expired, missing, storage down); a fresh URL may work. */
  SOURCE_UNAVAILABLE: { status: 502, retryable: true },
  INTERNAL: { status: 500, retryable: true },
  TRANSCRIPTION_FAILED: { status: 502, retryable: true },
  ASR_UNAVAILABLE: { status: 503, retryable: false },
  ASR_LOADING: { status: 503, retryable: true },
  OVERLOADED: { status: 503, retryable: true },
  TIMEOUT: { status: 504, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;
export type SidecarErrorCode = keyof typeof SIDECAR_ERRORS;
export const SidecarErrorCodeSchema = z.enum(
  Object.keys(SIDECAR_ERRORS) as [SidecarErrorCode, ...SidecarErrorCode[]],
);

/** Error envelope of every non-2xx response. */
export const SidecarErrorBodySchema = z.object({
  error: z.object({
    code: SidecarErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    request_id: z.string().optional(),
  }),
});
export type SidecarErrorBody = z.infer<typeof SidecarErrorBodySchema>;

/** State of one transcription engine as reported by `/healthz`. */
export const EngineStatusSchema = z.object({
  name: AsrEngineSchema,
  model: z.string().nullable(),
  state: z.enum(['pending', 'loading', 'ready', 'failed']),
  available: z.boolean(),
  /** Why it is unavailable (e.g. the missing model path), safe to show operators. */
  error: z.string().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/**
 * `GET /healthz` response. `ready` is false while an engine is still loading or ffmpeg is
 * missing. (The sidecar opens its port only once its engines have settled.)
 */
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded', 'starting']),
  ready: z.boolean(),
  /** The engine new requests will use; null when none is available. */
  engine: z.object({ name: AsrEngineSchema, model: z.string().nullable() }).nullable(),
  engines: z.array(EngineStatusSchema),
  ffmpeg: z.object({ available: z.boolean(), error: z.string().optional() }),
  queue: z.object({
    in_flight: z.number().int().nonnegative(),
    queued: z.number().int().nonnegative(),
    max_concurrency: z.number().int().positive(),
    max_queue: z.number().int().nonnegative(),
  }),
  limits: z.object({
    max_body_bytes: z.number().int().positive(),
    request_timeout_ms: z.number().int().positive(),
    max_audio_seconds: z.number().positive(),
    /** Most context (ms before `context_ms`) one request decodes. */
    max_context_ms: z.number().int().nonnegative().optional(),
    /** Most context one request decodes while others wait in the queue. */
    busy_context_ms: z.number().int().nonnegative().optional(),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** `POST /v1/speak`: text to speak into a phone call (a warning), at most a few sentences. */
export const SpeakRequestSchema = z.object({ text: z.string().trim().min(1).max(500) });
export type SpeakRequest = z.infer<typeof SpeakRequestSchema>;
/** `POST /v1/speak` answers 8 kHz mono µ-law, headerless: what a phone line carries. */
export const SPEAK_CONTENT_TYPE = 'audio/basic';
