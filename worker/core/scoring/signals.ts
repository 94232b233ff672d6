/**
 * Rule hits → report signals, and the confidence of a score. Pure: no runtime-specific imports.
 */
import type { Signal } from '../../schemas/report';
import { clamp01, round4, type Thresholds } from '../thresholds';
import type { RuleHit } from './rule-types';
import { isCounterSignal, type SeverityName } from './taxonomy';

const SEVERITY_RANK: Record<SeverityName, number> = { high: 0, medium: 1, low: 2 };

/** One signal per matched rule, quoting its first match; scam signals first, strongest first. */
export function signalsFromHits(transcript: string, hits: readonly RuleHit[]): Signal[] {
  const ordered = [...hits].sort((a, b) => {
    const ca = isCounterSignal(a.rule.category) ? 1 : 0;
    const cb = isCounterSignal(b.rule.category) ? 1 : 0;
    if (ca !== cb) return ca - cb;
    const sev = SEVERITY_RANK[a.rule.severity] - SEVERITY_RANK[b.rule.severity];
    return sev !== 0 ? sev : a.start - b.start;
  });
  return ordered.map((hit) => {
    const signal: Signal = {
      category: hit.rule.category,
      detail: hit.rule.detail,
      severity: hit.rule.severity,
      evidence: { text: transcript.slice(hit.start, hit.end), start: hit.start, end: hit.end },
    };
    if (isCounterSignal(hit.rule.category)) signal.counter = true;
    return signal;
  });
}

/**
 * Confidence in the verdict: high when the score sits far from every threshold and the
 * transcript is long enough to judge; a 10-word snippet never gets full confidence.
 */
export function confidenceFor(score: number, words: number, thresholds: Thresholds): number {
  const s = clamp01(score);
  const margin = Math.min(
    Math.abs(s - thresholds.suspicious),
    Math.abs(s - thresholds.likelyScam),
    Math.abs(s - thresholds.scam),
  );
  // Saturates once the score is 0.2 away from the nearest line.
  const separation = Math.min(1, margin / 0.2);
  const evidence = Math.min(1, words / 60);
  return round4(clamp01(0.35 + 0.45 * separation + 0.2 * evidence));
}

/** Words in a transcript (whitespace-separated), counted without allocating an array. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (!space && !inWord) n += 1;
    inWord = !space;
  }
  return n;
}
