/**
 * Sidecar configuration: parsed from the environment once, at start. A bad value fails loudly
 * and names the variable, rather than surfacing later as a confusing runtime error. The
 * settings an operator chooses are described once in core/schemas/sidecar-settings.ts (the
 * Worker validates and passes the same ones to the container); the rest, below, are fixed by
 * the image or the test harness. docs/configuration.md lists them all.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { withoutBlanks } from '#core/config/env';
import { describeProblems, parseVariables } from '#core/config/parse';
import { int, secretString, variable } from '#core/config/variable';
import type { AsrEngine } from '#core/schemas/sidecar-protocol';
import { GENERAL_LM, SIDECAR_SETTINGS, WHISPER_DTYPES } from '#core/schemas/sidecar-settings';

export { GENERAL_LM, WHISPER_DTYPES };

/** The project's pocketsphinx language model and dictionary (`npm run build:lm`). */
const PROJECT_MODELS = fileURLToPath(new URL('../models/', import.meta.url));

const path = z.string().min(1);

/** The sidecar's own settings: fixed by the image (or the test harness), not by an operator. */
export const SIDECAR_OWN_VARIABLES = {
  SIDECAR_PORT: variable({
    doc: 'The port to listen on.',
    schema: int(0, 65_535),
    default: '8788',
  }),
  SIDECAR_HOST: variable({
    doc: 'The address to listen on (the container image: `0.0.0.0`).',
    schema: z.string().min(1),
    default: '127.0.0.1',
  }),
  SIDECAR_SECRET: variable({
    doc: 'Every route but `/healthz` wants it as `X-Sidecar-Secret`. Unset: open, refused with `NODE_ENV=production` (the image). In the container it is the Worker’s `SIDECAR_SECRET`.',
    schema: secretString(16),
    secret: true,
  }),
  WHISPER_MODEL_DIR: variable({
    doc: 'Load Whisper from this folder only, with remote loading off (the image: `/models`).',
    schema: path,
  }),
  FFMPEG_PATH: variable({ doc: 'ffmpeg (default: found on `PATH`).', schema: path }),
  ESPEAK_NG_PATH: variable({
    doc: 'espeak-ng, for `/v1/speak` (default: found on `PATH`).',
    schema: path,
  }),
  POCKETSPHINX_PATH: variable({
    doc: '`pocketsphinx_batch` (default: found on `PATH`).',
    schema: path,
  }),
  POCKETSPHINX_MODEL_DIR: variable({
    doc: 'The pocketsphinx acoustic model.',
    schema: path,
    default: '/usr/share/pocketsphinx/model/en-us',
  }),
  ASR_DICT: variable({
    doc: 'The pronunciation dictionary of `ASR_LM` (default: beside it, `.lm.bin` → `.dict`).',
    schema: path,
  }),
  FAKE_ASR_TEXT: variable({
    doc: 'What the test engine (`ASR_ENGINES=fake`) answers, as one segment spanning the audio.',
    schema: z.string().max(10_000),
    defaultDoc: 'empty',
  }),
  FAKE_ASR_DELAY_MS: variable({
    doc: 'How long the test engine takes.',
    schema: int(0, 3_600_000),
    default: '0',
  }),
} as const;

const VARIABLES = {
  ...SIDECAR_OWN_VARIABLES,
  ...SIDECAR_SETTINGS,
  ASR_LM: variable({
    ...SIDECAR_SETTINGS.ASR_LM.spec,
    default: `${PROJECT_MODELS}callshield.lm.bin`,
  }),
};

/** Every environment variable the sidecar reads (besides `NODE_ENV`). */
export const SIDECAR_ENV_NAMES: readonly string[] = Object.keys(VARIABLES);

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
  const {
    values: e,
    problems,
    isSet,
  } = parseVariables(VARIABLES, withoutBlanks(env, SIDECAR_ENV_NAMES), {
    production: false,
  });
  // The image sets NODE_ENV=production: there the sidecar is reachable by whatever can reach
  // the container, so it never runs without the shared secret.
  if (env.NODE_ENV === 'production' && !isSet('SIDECAR_SECRET'))
    problems.push({
      variable: 'SIDECAR_SECRET',
      message:
        'required when NODE_ENV=production (set it on the Worker; the MediaSidecar container class passes it on)',
    });
  if (problems.length > 0)
    throw new ConfigError(
      `Invalid sidecar configuration — ${describeProblems(problems).join('; ')}`,
    );
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
    fake: { text: e.FAKE_ASR_TEXT ?? '', delayMs: e.FAKE_ASR_DELAY_MS },
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
