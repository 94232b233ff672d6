import { reviewDecision, scoreTranscript } from '../../worker/core/scoring';
import { round4, type Thresholds, verdictFor } from '../../worker/core/thresholds';
import type { FINAL_REASONS, FinalResult } from './protocol';
import type { SessionStore } from './storage';
import { dedupeSignals } from './stream-scoring';

/** The whole call transcribed again in one piece (see full-pass.ts). */
export interface FullPass {
  text: string;
  engine: string;
}

/**
 * The final result of a stream from what is stored. The transcript is the full pass when there
 * is one, else the chunks' words. combined_score = max(the last chunk's cumulative score, which
 * the user watched; the full-pass transcript's score), so a better transcript can raise the
 * verdict but never hide what the call already showed. A stream with no chunks is SAFE at 0.
 */
export function finalizeStream(
  store: SessionStore,
  reason: (typeof FINAL_REASONS)[number],
  thresholds: Thresholds,
  fullPass: FullPass | null = null,
): FinalResult {
  const stream = store.stream();
  const chunks = store.chunks();
  const last = chunks.at(-1)?.partial;
  const useFullPass = fullPass !== null && fullPass.text.trim().length > 0;
  const transcript = useFullPass ? fullPass.text.trim() : store.transcript();
  const heard = transcript.trim().length > 0;
  const analysis = heard ? scoreTranscript(transcript, { thresholds }) : null;
  const streamed = last?.cumulative_score ?? 0;
  const combined = round4(
    useFullPass && analysis ? Math.max(streamed, analysis.scam_score) : streamed,
  );
  const verdict = verdictFor(combined, thresholds);
  const review = analysis
    ? reviewDecision({ ...analysis, scam_score: combined, verdict }, thresholds)
    : { review_required: false, review_reason: null };
  const engines = [
    ...new Set(
      [...chunks.map((c) => c.engine), useFullPass ? fullPass.engine : null].filter(
        (e): e is string => e !== null,
      ),
    ),
  ];
  return {
    type: 'final_result',
    stream_id: stream?.streamId ?? '',
    reason,
    total_chunks: chunks.length,
    combined_score: combined,
    max_score: round4(last?.max_score ?? 0),
    verdict,
    confidence: analysis?.confidence ?? 0,
    signals: analysis ? dedupeSignals(analysis.signals, store.firstSeen(), chunks.length) : [],
    recommendation:
      analysis?.recommendation ??
      (chunks.length ? 'No speech was heard.' : 'No audio was received.'),
    transcript_summary: analysis?.transcript_summary ?? '',
    transcript,
    transcript_source: useFullPass ? 'full_pass' : 'chunks',
    review_required: review.review_required,
    review_reason: review.review_reason,
    duration_ms: store.audioMs(),
    engines: ['local', ...engines],
    finalized_at: new Date().toISOString(),
  };
}
