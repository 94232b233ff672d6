import { type GenerativeModel, GoogleGenerativeAI } from '@google/generative-ai';
import type { Analysis, Signal } from '#core/schemas/report';
import { CATEGORY_DESCRIPTIONS, isCounterSignal } from '#core/scoring/taxonomy';
import {
  clamp01,
  DEFAULT_THRESHOLDS,
  round4,
  type Thresholds,
  type VerdictName,
  verdictFor,
} from '#core/thresholds';
import { DEFAULT_GEMINI_MODEL, DEFAULT_GEMINI_TIMEOUT_MS } from '../config/sections/text-engine';
import { GeminiEngineError, toGeminiError } from './errors';
import { locateQuote } from './evidence';
import {
  GEMINI_RESPONSE_SCHEMA,
  type GeminiAnswer,
  GeminiAnswerSchema,
  GeminiSignalSchema,
  SYSTEM_INSTRUCTION,
  userPrompt,
} from './gemini-prompt';

/**
 * The Gemini text engine: one `generateContent` call with a JSON response schema, validated
 * with zod, turned into an `Analysis` whose numbers are clamped and whose verdict comes from
 * the thresholds, never from the model. Only `fetch` underneath, so it runs in workerd.
 *
 * Failures surface as `GeminiEngineError`; the cascade turns them into a local fallback.
 */

const MAX_SIGNALS = 20;
const MAX_DETAIL_CHARS = 300;
const MAX_RECOMMENDATION_CHARS = 500;
const MAX_SUMMARY_CHARS = 1_000;

/** How to reach Gemini and how long to wait for it. */
export interface GeminiEngineOptions {
  apiKey: string;
  /** Default `DEFAULT_GEMINI_MODEL`. */
  model?: string;
  /** API root without the version, e.g. a loopback fake in tests. Default Google's. */
  baseUrl?: string;
  /** Per-attempt deadline in ms. Default `DEFAULT_GEMINI_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Pause before the single retry, in ms. Default 250. */
  retryBackoffMs?: number;
  /** A 429 that asks for a longer wait than this is not retried (it would fail again). */
  maxRetryDelayMs?: number;
  thresholds?: Thresholds;
}

/** Scores a transcript with Gemini. Rejects only with `GeminiEngineError`. */
export interface GeminiEngine {
  readonly model: string;
  analyze(transcript: string, options?: { signal?: AbortSignal }): Promise<Analysis>;
}

const DEFAULT_RECOMMENDATION: Record<VerdictName, string> = {
  SAFE: 'No strong scam indicators; stay alert to requests for money or codes.',
  SUSPICIOUS: 'Be cautious: verify the caller through an official number before acting.',
  LIKELY_SCAM: 'Likely a scam: do not share information or send money; hang up and verify.',
  SCAM: 'This is a scam: hang up, share nothing, and report the call.',
};

function parseAnswer(text: string): GeminiAnswer {
  // Some models fence JSON even when asked for application/json; the fence carries no data.
  const body = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new GeminiEngineError('GEMINI_BAD_RESPONSE', 'model answer is not JSON', { cause });
  }
  const parsed = GeminiAnswerSchema.safeParse(json);
  if (!parsed.success) {
    throw new GeminiEngineError('GEMINI_BAD_RESPONSE', 'model answer does not match the schema');
  }
  return parsed.data;
}

function toSignals(raw: readonly unknown[], transcript: string): Signal[] {
  const signals: Signal[] = [];
  for (const item of raw.slice(0, MAX_SIGNALS)) {
    const parsed = GeminiSignalSchema.safeParse(item);
    if (!parsed.success) continue;
    const { category, severity } = parsed.data;
    const evidence = locateQuote(transcript, parsed.data.evidence_quote);
    const detail = parsed.data.detail.trim().slice(0, MAX_DETAIL_CHARS);
    signals.push({
      category,
      severity,
      detail: detail || CATEGORY_DESCRIPTIONS[category],
      ...(evidence ? { evidence } : {}),
      ...(isCounterSignal(category) ? { counter: true } : {}),
    });
  }
  return signals;
}

/** Turns a validated answer into an `Analysis`; exported for the cascade's tests. */
export function answerToAnalysis(
  answer: GeminiAnswer,
  transcript: string,
  thresholds: Thresholds,
): Analysis {
  const score = round4(clamp01(answer.score));
  const verdict = verdictFor(score, thresholds);
  const recommendation = answer.recommendation.trim().slice(0, MAX_RECOMMENDATION_CHARS);
  const summary = answer.summary.trim().slice(0, MAX_SUMMARY_CHARS);
  return {
    scam_score: score,
    confidence: round4(clamp01(answer.confidence)),
    verdict,
    signals: toSignals(answer.signals, transcript),
    recommendation: recommendation || DEFAULT_RECOMMENDATION[verdict],
    ...(summary ? { transcript_summary: summary } : {}),
    engine: 'gemini',
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds a Gemini engine. The client is created once; each `analyze` is one or two calls. */
export function createGeminiEngine(options: GeminiEngineOptions): GeminiEngine {
  const modelName = options.model ?? DEFAULT_GEMINI_MODEL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_GEMINI_TIMEOUT_MS;
  const backoffMs = options.retryBackoffMs ?? 250;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 2_000;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const model: GenerativeModel = new GoogleGenerativeAI(options.apiKey).getGenerativeModel(
    {
      model: modelName,
      systemInstruction: SYSTEM_INSTRUCTION,
      generationConfig: {
        responseMimeType: 'application/json',
        responseSchema: GEMINI_RESPONSE_SCHEMA,
        // Scoring must be repeatable: the same call should get the same score twice.
        temperature: 0,
      },
    },
    options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : undefined,
  );

  async function attempt(transcript: string, outer?: AbortSignal): Promise<Analysis> {
    const controller = new AbortController();
    let timedOut = false;
    // Our own timer rather than the SDK's `timeout`, which never clears its timer.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await model.generateContent(
        { contents: [{ role: 'user', parts: [{ text: userPrompt(transcript) }] }] },
        { signal: controller.signal },
      );
      return answerToAnalysis(parseAnswer(result.response.text()), transcript, thresholds);
    } catch (error) {
      // The caller gave up (client gone, stream closed): not Gemini's fault, not worth a retry.
      if (outer?.aborted && !timedOut) {
        throw new GeminiEngineError('GEMINI_ABORTED', 'cancelled by the caller', { cause: error });
      }
      throw toGeminiError(error, timedOut, timeoutMs);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  return {
    model: modelName,
    async analyze(transcript, analyzeOptions = {}) {
      const { signal } = analyzeOptions;
      try {
        return await attempt(transcript, signal);
      } catch (error) {
        const first = toGeminiError(error, false, timeoutMs);
        const waitMs = Math.max(backoffMs, first.retryAfterMs ?? 0);
        if (!first.retryable || signal?.aborted || waitMs > maxRetryDelayMs) throw first;
        await sleep(waitMs);
      }
      try {
        return await attempt(transcript, signal);
      } catch (error) {
        const second = toGeminiError(error, false, timeoutMs);
        throw new GeminiEngineError(second.code, `${second.message} (after one retry)`, {
          status: second.status,
          cause: second,
        });
      }
    },
  };
}
