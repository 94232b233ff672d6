import { adjustForCampaign, type LabelledCampaignMatch } from '#core/campaigns/adjust';
import type { ChunkResult, FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import { reviewDecision, splitSignals } from '#core/scoring/index';
import { round4, type Thresholds, verdictFor } from '#core/thresholds';
import {
  adjustForCallerTrust,
  type CallerTrust,
  callerTrustSignals,
} from '#core/trust/caller-trust';
import type { TextScore } from './contract';
import { coverageOf, type HeardWindow, unjudged } from './coverage';
import { dedupeSignals, finalCombinedScore } from './stream-scoring';

/** What the pipeline gathered for the final result. */
export interface FinalInput {
  transcript: string;
  /** `full_pass` when the whole call was transcribed again in one piece (see full-pass.ts). */
  source: 'chunks' | 'full_pass';
  /** The text engine's result for `transcript` (local, plus Gemini when configured); null if nothing was heard. */
  text: TextScore | null;
  /** Speech engine of the full pass, when there was one (it then heard the whole call). */
  fullPassEngine?: string;
  /** The labelled campaign the call matched while live (campaign-watch.ts); it changes `text`. */
  campaign?: LabelledCampaignMatch | null;
  /** What is known of a phone call's caller (caller-trust.ts); it changes `text` after that. */
  trust?: CallerTrust | null;
}

/** The call as stored when it ends: its chunks in order, and where each signal first showed. */
export interface CallSoFar {
  chunks: (HeardWindow & { engine: string | null; result: ChunkResult })[];
  firstSeen: Map<string, number>;
  audioMs: number;
}

/**
 * The final result of a stream. combined_score follows `finalCombinedScore` (stream-scoring.ts):
 * the larger of the last chunk's cumulative score, which the user watched, and the score of
 * the final transcript. A stream with no chunks is SAFE at 0. A call of which too little was
 * heard says it could not be judged, and goes to review (coverage.ts). Pure: no runtime APIs.
 */
export function finalizeStream(
  call: CallSoFar,
  reason: FinalReason,
  thresholds: Thresholds,
  input: FinalInput,
): StreamFinal {
  const { chunks } = call;
  const last = chunks.at(-1)?.result;
  const campaign = input.campaign ?? null;
  const analysis = input.text
    ? adjustForCallerTrust(
        adjustForCampaign(input.text.analysis, campaign, thresholds),
        input.trust ?? null,
        thresholds,
      )
    : null;
  const combined = finalCombinedScore(last?.cumulative_score ?? 0, analysis?.scam_score ?? 0);
  const verdict = verdictFor(combined, thresholds);
  const review = analysis
    ? reviewDecision({ ...analysis, scam_score: combined, verdict }, thresholds)
    : { review_required: false, review_reason: null };
  const engines = new Set<string>(input.text?.engines ?? ['local']);
  for (const engine of [...chunks.map((c) => c.engine), input.fullPassEngine])
    if (engine) engines.add(engine);
  const coverage = coverageOf(chunks, input.fullPassEngine !== undefined);
  const recommendation =
    analysis?.recommendation ?? (chunks.length ? 'No speech was heard.' : 'No audio was received.');
  const told = coverage.judged
    ? { recommendation, ...review }
    : { ...unjudged(coverage, { verdict, recommendation }), review_required: true };
  return {
    reason,
    total_chunks: chunks.length,
    combined_score: combined,
    // The final transcript can score higher than any chunk did; the peak includes it.
    max_score: round4(Math.max(last?.max_score ?? 0, combined)),
    verdict,
    confidence: analysis?.confidence ?? 0,
    // Nothing heard: the caller's trust signals still show why the chunks scored what they did.
    ...splitSignals(
      dedupeSignals(
        analysis?.signals ?? callerTrustSignals(input.trust ?? null),
        call.firstSeen,
        chunks.length,
      ),
    ),
    // What the words alone scored (CallShield always sends null here).
    text_score: analysis?.scam_score ?? null,
    recommendation: told.recommendation,
    transcript_summary: analysis?.transcript_summary ?? '',
    transcript: input.transcript,
    transcript_source: input.source,
    review_required: told.review_required,
    review_reason: told.review_reason,
    duration_ms: call.audioMs,
    coverage,
    engines: [...engines],
    finalized_at: new Date().toISOString(),
    ...(campaign ? { campaign_id: campaign.campaign } : {}),
  };
}
