import { z } from 'zod';
import { DEFAULT_CASCADE_BAND } from './cascade';
import { DEFAULT_GEMINI_MODEL, DEFAULT_GEMINI_TIMEOUT_MS } from './gemini';

/**
 * Environment variables of the text engine, validated once. Blank values count as unset,
 * because `.dev.vars` and dashboards leave empty strings behind.
 */

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function parseBand(raw: string, ctx: z.RefinementCtx): readonly [number, number] {
  const parts = raw.split(',').map((p) => Number(p.trim()));
  const [lo, hi] = parts;
  if (
    parts.length !== 2 ||
    lo === undefined ||
    hi === undefined ||
    !(lo >= 0 && lo <= hi && hi <= 1)
  ) {
    ctx.addIssue({ code: 'custom', message: 'expected "lo,hi" with 0 <= lo <= hi <= 1' });
    return z.NEVER;
  }
  return [lo, hi];
}

const DEFAULT_BAND = DEFAULT_CASCADE_BAND.join(',');

/** GEMINI_* and CASCADE_* variables. Without GEMINI_API_KEY the engine is local only. */
export const GeminiEnvSchema = z.object({
  GEMINI_API_KEY: z.preprocess(blankToUndefined, z.string().trim().optional()),
  GEMINI_MODEL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[\w./-]+$/, 'expected a model name such as gemini-2.5-flash')
      .default(DEFAULT_GEMINI_MODEL),
  ),
  GEMINI_BASE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  GEMINI_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(60_000).default(DEFAULT_GEMINI_TIMEOUT_MS),
  ),
  CASCADE_BAND: z.preprocess(
    blankToUndefined,
    z.string().default(DEFAULT_BAND).transform(parseBand),
  ),
  CASCADE_ON_FINAL: z.preprocess(
    blankToUndefined,
    z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .default(true)
      .transform((v) => v === true || v === 'true' || v === '1'),
  ),
});

export type GeminiEnv = z.output<typeof GeminiEnvSchema>;

/** Gemini and the cascade, parsed; `gemini` is null without a key (local engine only). */
export interface TextEngineConfig {
  gemini: { apiKey: string; model: string; baseUrl?: string; timeoutMs: number } | null;
  band: readonly [number, number];
  onFinal: boolean;
}

/** The text engine's settings from the parsed GEMINI_* / CASCADE_* variables. */
export function textEngineConfig(env: GeminiEnv): TextEngineConfig {
  return {
    gemini: env.GEMINI_API_KEY
      ? {
          apiKey: env.GEMINI_API_KEY,
          model: env.GEMINI_MODEL,
          baseUrl: env.GEMINI_BASE_URL,
          timeoutMs: env.GEMINI_TIMEOUT_MS,
        }
      : null,
    band: env.CASCADE_BAND,
    onFinal: env.CASCADE_ON_FINAL,
  };
}
