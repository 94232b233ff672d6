import type { Thresholds } from '#core/thresholds';
import type { TextEngineConfig } from '../config';
import { createTextEngine, type TextEngine } from './cascade';

export {
  DEFAULT_CASCADE_BAND,
  DEFAULT_GEMINI_MODEL,
  DEFAULT_GEMINI_TIMEOUT_MS,
} from '../config/sections/text-engine';
export type { TextEngine, TextEngineContext, TextEngineOptions, TextEngineResult } from './cascade';
export { createTextEngine } from './cascade';
export { GEMINI_ERROR_CODES, GeminiEngineError, type GeminiErrorCode } from './errors';
export { createGeminiEngine, type GeminiEngine, type GeminiEngineOptions } from './gemini';
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
