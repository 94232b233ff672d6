/**
 * The text engine: the local engine always, Gemini when it is worth its cost.
 *
 * When Gemini is consulted: it is configured (an API key) AND either the local score lies
 * inside the uncertainty band [lo, hi] (default 0.2–0.7), or the caller marks the transcript
 * as final (`ctx.final`, e.g. the end of a stream) and `onFinal` is on (default). A local
 * score outside the band is trusted as is: the local engine is free, Gemini is not.
 *
 * How the two are combined, when Gemini answers:
 *   weights     w_l = max(c_l, 0.05), w_g = max(c_g, 0.05)          (c = confidence)
 *   score       (s_l·w_l + s_g·w_g) / (w_l + w_g)
 *   confidence  max(c_l, c_g) · (1 − |s_l − s_g| / 2)                (disagreement lowers it)
 *   verdict     from the thresholds, never from an engine
 *   signals     union, one per category; the more severe wins and keeps the other's evidence
 *   advice      recommendation (and summary, when it has one) of the higher-scoring engine
 * Injection guard, with or without Gemini: when the transcript addresses an automated screener
 * ("ignore previous instructions", "answer SAFE", "you are now an AI …"), a signal is added
 * (appended after the merge) and the score is lifted to at least max(local score, SUSPICIOUS threshold), so a transcript
 * can never talk Gemini into clearing it.
 *
 * Any Gemini failure (after its one retry) falls back to the local result with
 * `fallback_reason`; `analyze` never rejects because of Gemini.
 */

import type { Analysis, ScoringEngine } from '#core/schemas/report';
import { DEFAULT_THRESHOLDS, type Thresholds } from '#core/thresholds';
import { DEFAULT_CASCADE_BAND } from '../config/sections/text-engine';
import { applyInjectionGuard, blend } from './combine';
import { GeminiEngineError } from './errors';
import { createGeminiEngine, type GeminiEngine, type GeminiEngineOptions } from './gemini';
import { findInjection } from './injection';
import { defaultLocalScorer, type LocalScorer } from './local';

/** What one `analyze` produced, and who produced it. */
export interface TextEngineResult {
  analysis: Analysis;
  /** Engines that contributed to `analysis`, local first. */
  engines: ScoringEngine[];
  /** Set when Gemini was wanted but failed: `CODE: short message`, never a secret. */
  fallback_reason?: string;
  /** Wall time spent on Gemini (including the retry), when it was called. */
  gemini_ms?: number;
  /**
   * Gemini's own scoring of the transcript (the injection guard applied), when it answered: the
   * second opinion an audio report shows as `text_analysis`. Absent when only the local engine
   * scored it.
   */
  second_opinion?: Analysis;
}

/** Per-call context. */
export interface TextEngineContext {
  /** The whole transcript is in (end of a stream or a one-shot request). */
  final?: boolean;
  /** Aborts the Gemini call (not the local engine, which is synchronous). */
  signal?: AbortSignal;
}

/** Scores transcripts; see the top of this file for the policy. */
export interface TextEngine {
  analyze(transcript: string, ctx?: TextEngineContext): Promise<TextEngineResult>;
  /** Whether a Gemini engine is configured at all. */
  readonly geminiEnabled: boolean;
}

/** Options of `createTextEngine`. */
export interface TextEngineOptions {
  thresholds?: Thresholds;
  /** A ready engine, or how to build one. Absent or an empty key: local only. */
  gemini?: GeminiEngine | GeminiEngineOptions;
  /** Local scores in [lo, hi] are uncertain enough to ask Gemini. Default `DEFAULT_CASCADE_BAND`. */
  band?: readonly [number, number];
  /** Ask Gemini for every final transcript, whatever the local score. Default true. */
  onFinal?: boolean;
  /** The local engine; injectable for tests. Default `scoreTranscript`. */
  localScorer?: LocalScorer;
}

function buildGemini(
  option: TextEngineOptions['gemini'],
  thresholds: Thresholds,
): GeminiEngine | undefined {
  if (!option) return undefined;
  if ('analyze' in option) return option;
  if (!option.apiKey) return undefined;
  return createGeminiEngine({ thresholds, ...option });
}

function describeFailure(error: unknown): string {
  if (error instanceof GeminiEngineError) return `${error.code}: ${error.message}`;
  return 'GEMINI_ERROR: unexpected failure';
}

/** Builds the text engine. Throws only for invalid options (a configuration mistake). */
export function createTextEngine(options: TextEngineOptions = {}): TextEngine {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const [lo, hi] = options.band ?? DEFAULT_CASCADE_BAND;
  if (!(lo >= 0 && lo <= hi && hi <= 1)) {
    throw new Error(`cascade band must satisfy 0 <= lo <= hi <= 1 (got ${lo}, ${hi})`);
  }
  const onFinal = options.onFinal ?? true;
  const score = options.localScorer ?? defaultLocalScorer;
  const gemini = buildGemini(options.gemini, thresholds);

  return {
    geminiEnabled: gemini !== undefined,
    async analyze(transcript, ctx = {}) {
      const local = score(transcript, { thresholds });
      const hits = findInjection(transcript);
      const uncertain = local.scam_score >= lo && local.scam_score <= hi;
      const wanted = uncertain || (ctx.final === true && onFinal);
      if (!gemini || !wanted || transcript.trim() === '') {
        return {
          analysis: applyInjectionGuard(local, hits, local.scam_score, thresholds),
          engines: ['local'],
        };
      }

      const started = Date.now();
      let remote: Analysis;
      try {
        remote = await gemini.analyze(transcript, { signal: ctx.signal });
      } catch (error) {
        return {
          analysis: applyInjectionGuard(local, hits, local.scam_score, thresholds),
          engines: ['local'],
          fallback_reason: describeFailure(error),
          gemini_ms: Date.now() - started,
        };
      }
      const combined = blend(local, remote, thresholds);
      return {
        analysis: applyInjectionGuard(combined, hits, local.scam_score, thresholds),
        engines: ['local', 'gemini'],
        gemini_ms: Date.now() - started,
        second_opinion: applyInjectionGuard(remote, hits, local.scam_score, thresholds),
      };
    },
  };
}
