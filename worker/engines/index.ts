import type { Thresholds } from '#core/thresholds';
import { createTextEngine, type TextEngine } from './cascade';
import type { TextEngineConfig } from './env';

export type { TextEngine, TextEngineContext, TextEngineOptions, TextEngineResult } from './cascade';
export { createTextEngine, DEFAULT_CASCADE_BAND } from './cascade';
export { type GeminiEnv, GeminiEnvSchema, type TextEngineConfig, textEngineConfig } from './env';
export { GEMINI_ERROR_CODES, GeminiEngineError, type GeminiErrorCode } from './errors';
export {
  createGeminiEngine,
  DEFAULT_GEMINI_MODEL,
  DEFAULT_GEMINI_TIMEOUT_MS,
  type GeminiEngine,
  type GeminiEngineOptions,
} from './gemini';
export type { LocalScorer } from './local';

/** The text engine for parsed settings: local always, Gemini when a key is configured. */
export function textEngineFor(config: TextEngineConfig, thresholds: Thresholds): TextEngine {
  return createTextEngine({
    thresholds,
    band: config.band,
    onFinal: config.onFinal,
    gemini: config.gemini ?? undefined,
  });
}
