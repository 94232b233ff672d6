import type { Analysis } from '#core/schemas/report';
import { scoreTranscript } from '#core/scoring/index';
import type { Thresholds } from '#core/thresholds';

/** The local engine's signature: synchronous, deterministic, no network. */
export type LocalScorer = (transcript: string, options?: { thresholds?: Thresholds }) => Analysis;

/** The embedded local engine (`worker/core/scoring`). */
export const defaultLocalScorer: LocalScorer = (transcript, options) =>
  scoreTranscript(transcript, options);
