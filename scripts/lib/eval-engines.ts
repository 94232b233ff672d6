/**
 * The engines `npm run eval` can drive. Local engines always; Gemini and the cascade only when
 * GEMINI_API_KEY is set (GEMINI_MODEL, GEMINI_BASE_URL, GEMINI_TIMEOUT_MS and CASCADE_* apply
 * exactly as in the Worker).
 */
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { loadSection } from '../../worker/config';
import { createGeminiEngine, textEngineFor } from '../../worker/engines';
import type { Scorer } from './eval-report';

/** An engine and how many calls it may have in flight. */
export interface EvalEngine {
  score: Scorer;
  concurrency: number;
}

/** Engines available with this environment, by name. */
export function evalEngines(
  env: Record<string, string | undefined>,
  concurrency: number,
): Record<string, EvalEngine> {
  const engines: Record<string, EvalEngine> = {
    local: { score: (t) => scoreTranscript(t), concurrency: 1 },
    rules: { score: (t) => scoreTranscript(t, { model: false }), concurrency: 1 },
  };
  const config = loadSection('textEngine', env);
  if (!config.gemini) return engines;
  const alone = createGeminiEngine(config.gemini);
  const cascade = textEngineFor(config, DEFAULT_THRESHOLDS);
  // A failed Gemini call throws here rather than falling back: the figures must be Gemini's.
  engines.gemini = { score: (t) => alone.analyze(t), concurrency };
  // One-shot requests are whole calls, as in POST /analyze/text.
  engines.cascade = {
    score: async (t) => (await cascade.analyze(t, { final: true })).analysis,
    concurrency,
  };
  return engines;
}
