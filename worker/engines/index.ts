import type { Thresholds } from '#core/thresholds';
import { createTextEngine, type TextEngine } from './cascade';
import { GeminiEnvSchema } from './env';

export type { TextEngine, TextEngineContext, TextEngineOptions, TextEngineResult } from './cascade';
export { createTextEngine, DEFAULT_CASCADE_BAND } from './cascade';
export { type GeminiEnv, GeminiEnvSchema } from './env';
export { GEMINI_ERROR_CODES, GeminiEngineError, type GeminiErrorCode } from './errors';
export {
  createGeminiEngine,
  DEFAULT_GEMINI_MODEL,
  DEFAULT_GEMINI_TIMEOUT_MS,
  type GeminiEngine,
  type GeminiEngineOptions,
} from './gemini';
export type { LocalScorer } from './local';

const cache = new WeakMap<object, { thresholds: Thresholds; engine: TextEngine }>();

/**
 * The text engine for a Worker env, built once per env object (and thresholds). Throws when a
 * GEMINI_* / CASCADE_* variable is invalid, naming the variable but never its value.
 */
export function textEngineFromEnv(
  env: Record<string, unknown>,
  thresholds: Thresholds,
): TextEngine {
  const cached = cache.get(env);
  if (cached && cached.thresholds === thresholds) return cached.engine;
  const parsed = GeminiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid text engine configuration: ${problems}`);
  }
  const config = parsed.data;
  const engine = createTextEngine({
    thresholds,
    band: config.CASCADE_BAND,
    onFinal: config.CASCADE_ON_FINAL,
    gemini: config.GEMINI_API_KEY
      ? {
          apiKey: config.GEMINI_API_KEY,
          model: config.GEMINI_MODEL,
          baseUrl: config.GEMINI_BASE_URL,
          timeoutMs: config.GEMINI_TIMEOUT_MS,
        }
      : undefined,
  });
  cache.set(env, { thresholds, engine });
  return engine;
}
