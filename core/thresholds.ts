/**
 * Score → verdict mapping. Pure: no runtime-specific imports.
 *
 * The verdict is always derived from the score through these thresholds, never set by an
 * engine directly, so a report can't say SAFE with a score of 0.9.
 */

/** The four verdicts, mildest first. */
export const VERDICTS = ['SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM'] as const;
export type VerdictName = (typeof VERDICTS)[number];

/** Lower bounds of SUSPICIOUS, LIKELY_SCAM and SCAM. */
export interface Thresholds {
  suspicious: number;
  likelyScam: number;
  scam: number;
}

/** CallShield's defaults: < 0.30 SAFE, < 0.60 SUSPICIOUS, < 0.85 LIKELY_SCAM, else SCAM. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  suspicious: 0.3,
  likelyScam: 0.6,
  scam: 0.85,
});

/** Clamps to [0, 1]; NaN becomes 0 so a broken engine can never produce a scam verdict. */
export function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Rounds to 4 decimals, the precision every score and confidence is reported with. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The verdict for a score (clamped first). */
export function verdictFor(
  score: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): VerdictName {
  const s = clamp01(score);
  if (s >= thresholds.scam) return 'SCAM';
  if (s >= thresholds.likelyScam) return 'LIKELY_SCAM';
  if (s >= thresholds.suspicious) return 'SUSPICIOUS';
  return 'SAFE';
}

/** Throws when thresholds are not strictly increasing inside (0, 1). */
export function assertValidThresholds(t: Thresholds): Thresholds {
  const ok =
    0 < t.suspicious && t.suspicious < t.likelyScam && t.likelyScam < t.scam && t.scam <= 1;
  if (!ok) {
    throw new Error(
      `thresholds must satisfy 0 < suspicious < likelyScam < scam <= 1 (got ${t.suspicious}, ${t.likelyScam}, ${t.scam})`,
    );
  }
  return t;
}
