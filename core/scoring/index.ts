/**
 * The local scoring engine: interpretable rules fused with a small word n-gram model into v3
 * (fuse.ts), then v3 and a character n-gram model joined by a learned, calibrated fusion
 * (char-model-fuse.ts). Pure: no runtime-specific imports, so it runs in workerd, Node and the
 * CLI tools alike.
 */
import type { Analysis, Signal } from '../schemas/report';
import { clamp01, DEFAULT_THRESHOLDS, round4, type Thresholds, verdictFor } from '../thresholds';
import { CHAR_MODEL, charModelScore } from './char-model';
import { fusedScore } from './char-model-fuse';
import { engineLogit } from './fuse';
import { isGarbled } from './garble';
import { ALL_RULES, matchRules } from './match';
import { modelScore } from './model';
import { modelSignal } from './model-signal';
import { recommendationFor, summaryFor } from './recommend';
import { ruleEvidence, ruleLogit, sigmoid } from './rule-score';
import { confidenceFor, signalsFromHits, wordCounts } from './signals';

export { reportAnalysis, splitSignals } from './present';
export { reviewDecision } from './review';

/** Options of {@link scoreTranscript}. */
export interface ScoreOptions {
  /** Verdict thresholds; the CallShield defaults when omitted. */
  thresholds?: Thresholds;
  /** Fuse the language model with the rules (default true); false scores with rules only. */
  model?: boolean;
  /** Fuse the character n-gram model in (default true; ignored when `model` is false). */
  charModel?: boolean;
}

/** Scores a transcript with the local engine. Deterministic: same input, same output. */
export function scoreTranscript(transcript: string, options: ScoreOptions = {}): Analysis {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  // Lower-cased once for the rules, the garble check and the character model.
  const lower = transcript.toLowerCase();
  const hits = matchRules(transcript, ALL_RULES, lower);
  const signals = signalsFromHits(transcript, hits);
  const { words, fields } = wordCounts(transcript);
  // Recogniser garble is read by the rules alone: both models take its runs of common words
  // for wording (garble.ts).
  const rulesOnly = options.model === false || isGarbled(lower, words);
  let logit: number;
  if (rulesOnly) {
    logit = ruleLogit(hits);
  } else {
    const model = modelScore(transcript);
    logit = engineLogit(hits, model.evidence);
    const extra = modelSignal(transcript, model, sigmoid(model.logit));
    // Shown after the rule signals it supports, before the counter-signals.
    if (extra) signals.splice(signals.findIndex((s) => s.counter) >>> 0, 0, extra);
  }
  let score = round4(clamp01(sigmoid(logit)));
  if (!rulesOnly && options.charModel !== false) {
    const v3Score = score;
    const rules = ruleEvidence(hits);
    // Whether the fused score raised the verdict: then the signal quotes the words the model
    // weighs most, read from the counts it has just made (so only when the model changed what
    // the caller is told).
    const lifts = () =>
      score > v3Score && verdictFor(score, thresholds) !== verdictFor(v3Score, thresholds);
    const fuse = (probability: number) => {
      score = round4(clamp01(fusedScore(probability, v3Score, words, rules, CHAR_MODEL.fusion)));
      return lifts();
    };
    const char = charModelScore(transcript, CHAR_MODEL, fuse, lower);
    if (lifts()) {
      const signal: Signal = {
        category: 'LANGUAGE_MODEL',
        detail: `Character n-gram model: wording typical of scam calls (probability ${round4(char.probability)}).`,
        severity: score >= thresholds.likelyScam ? 'high' : 'medium',
      };
      if (char.evidence) {
        const { start, end } = char.evidence;
        signal.evidence = { text: transcript.slice(start, end), start, end };
      }
      signals.splice(signals.findIndex((s) => s.counter) >>> 0, 0, signal);
    }
  }
  const verdict = verdictFor(score, thresholds);
  return {
    scam_score: score,
    confidence: confidenceFor(score, words, thresholds),
    verdict,
    signals,
    recommendation: recommendationFor(verdict, signals),
    transcript_summary: summaryFor(fields, signals),
    engine: 'local',
  };
}
