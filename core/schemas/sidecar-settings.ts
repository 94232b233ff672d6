/**
 * The sidecar settings an operator sets on the Worker for the production container. Each is
 * set as `SIDECAR_<NAME>` (a `[vars]` entry or `wrangler secret put`) and reaches the container
 * as `<NAME>`, which `sidecar/src/config.ts` parses. The prefix keeps them apart from the
 * Worker's own variables (the Worker has its own `LOG_LEVEL`, for one).
 *
 * Left out on purpose, because the image or the container class fixes them: the port and
 * host, binary and model paths (`FFMPEG_PATH`, `WHISPER_MODEL_DIR`, `POCKETSPHINX_*`,
 * `ASR_DICT`), and the test-only fake engine (`FAKE_ASR_*`).
 */
export const SIDECAR_OPERATOR_SETTINGS = [
  'ASR_ENGINES',
  // Must name a model and dtype baked into the image (sidecar/models/whisper-manifest.json);
  // any other fails to load and the sidecar falls back to pocketsphinx.
  'WHISPER_MODEL',
  'WHISPER_DTYPE',
  'WHISPER_LOAD_TIMEOUT_MS',
  'ASR_LM',
  'ASR_MIN_WORD_CONFIDENCE',
  'MAX_CONCURRENCY',
  'MAX_QUEUE',
  'MAX_BODY_BYTES',
  'MAX_AUDIO_SECONDS',
  'MAX_SOURCE_BYTES',
  'REQUEST_TIMEOUT_MS',
  'MAX_REQUEST_TIMEOUT_MS',
  'SILENCE_THRESHOLD_DB',
  'MIN_SILENCE_MS',
  'MAX_CONTEXT_MS',
  'BUSY_CONTEXT_MS',
] as const;

/** One of {@link SIDECAR_OPERATOR_SETTINGS}. */
export type SidecarOperatorSetting = (typeof SIDECAR_OPERATOR_SETTINGS)[number];

/** The Worker variable that carries a sidecar setting: `SIDECAR_` + its name. */
export const workerVariableFor = (setting: SidecarOperatorSetting): string => `SIDECAR_${setting}`;
