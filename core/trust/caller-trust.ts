/**
 * What the caller's identity does to a scored phone call (docs/campaigns.md, "Caller trust").
 * Pure: the Worker reads Twilio's STIR/SHAKEN result and the number's history in the
 * organisation and hands them here, after the campaign adjustment (core/campaigns/adjust.ts).
 *
 * - CALLER_ID_UNVERIFIED: the carrier could not vouch for the number. A failed verification
 *   (`TN-Validation-Failed*`: the signature did not check out, the caller ID may be spoofed)
 *   raises the score by UNVERIFIED_FAILED_RAISE; an unverifiable one (`No-TN-Validation`) or a
 *   C attestation (the carrier only passed the call on) by UNVERIFIED_WEAK_RAISE. A and B
 *   attestations, and calls without the parameter (Twilio sends it only for calls that carry a
 *   SHAKEN identity header, in the United States), add nothing.
 * - NUMBER_REPORTED: earlier calls from this number, in this organisation, were confirmed scams
 *   by its reviewers (REPORT_RAISE each) or scored SCAM/LIKELY_SCAM (FLAGGED_CALL_RAISE each),
 *   together at most NUMBER_MAX_RAISE. For an organisation that shares caller counts, the other
 *   sharing organisations' reports and flagged calls count the same way, within the same bound.
 * - Trust only raises, by at most TRUST_MAX_RAISE in all, and never decides a call alone: a
 *   call whose transcript holds no scam signal stays under the SUSPICIOUS line (its signals
 *   still show), so trust moves a verdict only together with the call's own evidence. A
 *   verified number (A) never lowers a score: spoofing is not the only way to scam, and
 *   scammers call from their own numbers too.
 * - The verdict and recommendation are always re-derived from the adjusted score.
 */
import type { Analysis, Signal } from '../schemas/report';
import { rescored } from '../scoring/recommend';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../thresholds';

/** The values of Twilio's `StirVerstat` webhook parameter. */
export const STIR_VERSTATS = [
  'TN-Validation-Passed-A',
  'TN-Validation-Passed-B',
  'TN-Validation-Passed-C',
  'TN-Validation-Failed-A',
  'TN-Validation-Failed-B',
  'TN-Validation-Failed-C',
  'TN-Validation-Failed',
  'No-TN-Validation',
] as const;
export type StirVerstat = (typeof STIR_VERSTATS)[number];

/** Raise of a failed STIR/SHAKEN verification. */
export const UNVERIFIED_FAILED_RAISE = 0.1;
/** Raise of an unverifiable call or a C attestation. */
export const UNVERIFIED_WEAK_RAISE = 0.05;
/** Raise per call from this number that a reviewer confirmed a scam. */
export const REPORT_RAISE = 0.1;
/** Raise per earlier call from this number that scored SCAM or LIKELY_SCAM. */
export const FLAGGED_CALL_RAISE = 0.05;
/** The most a number's history raises a score. */
export const NUMBER_MAX_RAISE = 0.25;
/** The most caller trust raises a score in all. */
export const TRUST_MAX_RAISE = 0.3;
/** Without scam evidence in the transcript, a call stays this much under the SUSPICIOUS line. */
export const ALONE_GAP = 0.01;

/** Counts of calls from one number. */
export interface CallerCounts {
  calls: number;
  calls_likely_scam: number;
  calls_scam: number;
  /** Calls from this number that reviewers confirmed a scam (net of those taken back). */
  reported_scam: number;
}

/** An organisation's earlier calls from one number (public.caller_numbers). */
export interface CallerHistory extends CallerCounts {
  /**
   * The other organisations' counts, for an organisation that shares caller counts
   * (public.caller_history()); null or absent when it does not, or nobody else has any.
   */
  shared?: CallerCounts | null;
}

/** What is known of a phone call's caller. */
export interface CallerTrust {
  /** Twilio's `StirVerstat`; null when it sent none (or one we don't know). */
  verstat: StirVerstat | null;
  /** The number's history in the organisation; null when there is none to read. */
  history: CallerHistory | null;
}

/** The value of a `StirVerstat` parameter, or null for a missing or unknown one. */
export function parseVerstat(value: unknown): StirVerstat | null {
  return (STIR_VERSTATS as readonly unknown[]).includes(value) ? (value as StirVerstat) : null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The CALLER_ID_UNVERIFIED signal and its raise, or null when the caller ID is vouched for. */
function unverified(verstat: StirVerstat | null): { signal: Signal; raise: number } | null {
  if (verstat === null || verstat === 'TN-Validation-Passed-A') return null;
  if (verstat === 'TN-Validation-Passed-B') return null;
  const failed = verstat.startsWith('TN-Validation-Failed');
  const why = failed
    ? 'the carrier signature did not verify, so the number may be spoofed'
    : verstat === 'No-TN-Validation'
      ? 'the number could not be verified'
      : 'the carrier only passed the call on and does not vouch for the number';
  return {
    raise: failed ? UNVERIFIED_FAILED_RAISE : UNVERIFIED_WEAK_RAISE,
    signal: {
      category: 'CALLER_ID_UNVERIFIED',
      detail: `STIR/SHAKEN "${verstat}": ${why}.`,
      severity: failed ? 'medium' : 'low',
    },
  };
}

/** What counts against a number: reviewers' reports and calls scored SCAM or LIKELY_SCAM. */
function against(counts: CallerCounts): { reports: number; flagged: number } {
  return {
    reports: Math.max(0, counts.reported_scam),
    flagged: Math.max(0, counts.calls_scam) + Math.max(0, counts.calls_likely_scam),
  };
}

/** "2 earlier calls, 1 confirmed scam by reviewers": the parts of the evidence that say something. */
function summarise(counts: CallerCounts, calls: string, where = ''): string {
  const { reports, flagged } = against(counts);
  const parts = [`${plural(Math.max(0, counts.calls), calls)}${where}`];
  if (reports > 0) parts.push(`${plural(reports, 'confirmed scam')} by reviewers`);
  if (flagged > 0) parts.push(`${flagged} scored scam or likely scam`);
  return parts.join(', ');
}

/** The NUMBER_REPORTED signal and its raise, or null when nothing bad is known of the number. */
function reported(history: CallerHistory | null): { signal: Signal; raise: number } | null {
  if (!history) return null;
  const own = against(history);
  const shared = history.shared ? against(history.shared) : { reports: 0, flagged: 0 };
  const reports = own.reports + shared.reports;
  const flagged = own.flagged + shared.flagged;
  if (reports === 0 && flagged === 0) return null;
  const detail = history.shared
    ? `This number: ${summarise(history, 'earlier call', ' here')}; across organisations sharing counts: ${summarise(history.shared, 'call')}.`
    : `This number: ${summarise(history, 'earlier call')}.`;
  return {
    raise: Math.min(NUMBER_MAX_RAISE, reports * REPORT_RAISE + flagged * FLAGGED_CALL_RAISE),
    signal: {
      category: 'NUMBER_REPORTED',
      detail,
      severity: reports > 0 ? 'high' : 'medium',
    },
  };
}

/** The trust signals of a caller alone (a call of which nothing was heard still shows them). */
export function callerTrustSignals(trust: CallerTrust | null): Signal[] {
  if (!trust) return [];
  return [unverified(trust.verstat), reported(trust.history)].flatMap((f) => (f ? [f.signal] : []));
}

/** `analysis` as what is known of its caller changes it; the same object when nothing is. */
export function adjustForCallerTrust(
  analysis: Analysis,
  trust: CallerTrust | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Analysis {
  if (!trust) return analysis;
  const found = [unverified(trust.verstat), reported(trust.history)].filter((f) => f !== null);
  if (found.length === 0) return analysis;
  const raise = Math.min(
    TRUST_MAX_RAISE,
    found.reduce((sum, f) => sum + f.raise, 0),
  );
  const evidence = analysis.signals.some((s) => !s.counter);
  const ceiling = evidence ? 1 : thresholds.suspicious - ALONE_GAP;
  const before = analysis.scam_score;
  const score = Math.max(before, Math.min(before + raise, ceiling));
  return rescored(
    analysis,
    score,
    found.map((f) => f.signal),
    thresholds,
  );
}
