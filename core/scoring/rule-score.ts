/**
 * Turns rule hits into a logit. Pure: no runtime-specific imports.
 *
 * Why a logit: every piece of evidence adds or subtracts log-odds, which is readable ("a gift
 * card demand adds 2.2") and fuses with the language model's logit by plain addition.
 * One category counts once (its strongest hit, plus a little for distinct extra hits), so a
 * transcript that says "immediately" ten times is not ten times as urgent. Co-occurrence terms
 * encode that authority + payment demand + threat is far worse than any of them alone.
 */
import type { RuleHit } from './rule-types';
import type { SeverityName, SignalCategoryName } from './taxonomy';

/** Log-odds of a transcript with no signals at all. */
export const RULE_BIAS = -3.2;

const SEVERITY_STRENGTH: Record<SeverityName, number> = { low: 0.45, medium: 0.75, high: 1 };

/** Weight of a category at full strength (counter categories subtract). */
export const CATEGORY_WEIGHTS: Partial<Record<SignalCategoryName, number>> = {
  AUTHORITY_IMPERSONATION: 1.3,
  URGENCY: 0.9,
  THREAT: 1.3,
  PAYMENT_DEMAND: 2.4,
  SENSITIVE_INFO_REQUEST: 1.3,
  REMOTE_ACCESS: 2.0,
  SECRECY: 1.4,
  TOO_GOOD_TO_BE_TRUE: 1.2,
  ROBOCALL_IVR: 1.1,
  UNSOLICITED_PITCH: 1.0,
  CALLBACK_PRESSURE: 0.8,
  EMOTIONAL_MANIPULATION: 1.6,
  INDEPENDENT_VERIFICATION: -1.8,
  NO_SENSITIVE_REQUEST: -1.6,
  ESTABLISHED_RELATIONSHIP: -1.2,
};

type Pair = readonly [SignalCategoryName, SignalCategoryName, number];

/** Extra log-odds when two categories appear together: the classic scam shapes. */
const PAIRS: readonly Pair[] = [
  ['AUTHORITY_IMPERSONATION', 'PAYMENT_DEMAND', 1.2],
  ['AUTHORITY_IMPERSONATION', 'THREAT', 0.8],
  ['AUTHORITY_IMPERSONATION', 'SENSITIVE_INFO_REQUEST', 0.8],
  ['AUTHORITY_IMPERSONATION', 'REMOTE_ACCESS', 0.8],
  ['THREAT', 'PAYMENT_DEMAND', 0.8],
  // The support-scam shape (a fake alarm, then remote access) and the account-scare shape.
  ['THREAT', 'REMOTE_ACCESS', 0.8],
  ['THREAT', 'SENSITIVE_INFO_REQUEST', 0.6],
  ['URGENCY', 'PAYMENT_DEMAND', 0.6],
  ['URGENCY', 'THREAT', 0.5],
  ['SECRECY', 'PAYMENT_DEMAND', 0.8],
  ['EMOTIONAL_MANIPULATION', 'PAYMENT_DEMAND', 1.0],
  ['TOO_GOOD_TO_BE_TRUE', 'PAYMENT_DEMAND', 0.8],
  ['TOO_GOOD_TO_BE_TRUE', 'SENSITIVE_INFO_REQUEST', 0.6],
  ['ROBOCALL_IVR', 'TOO_GOOD_TO_BE_TRUE', 0.6],
  ['ROBOCALL_IVR', 'URGENCY', 0.5],
  ['ROBOCALL_IVR', 'THREAT', 0.7],
  ['ROBOCALL_IVR', 'AUTHORITY_IMPERSONATION', 0.5],
  // A scripted call selling a regulated product: the bulk of illegal robocalls.
  ['ROBOCALL_IVR', 'UNSOLICITED_PITCH', 1.2],
  ['UNSOLICITED_PITCH', 'URGENCY', 0.5],
  ['UNSOLICITED_PITCH', 'AUTHORITY_IMPERSONATION', 0.4],
];

/** Strength of each category in [0, ~1.5]: strongest hit, plus 0.25 per extra distinct rule. */
export function categoryStrengths(hits: readonly RuleHit[]): Map<SignalCategoryName, number> {
  const best = new Map<SignalCategoryName, number>();
  const extra = new Map<SignalCategoryName, number>();
  for (const hit of hits) {
    const c = hit.rule.category;
    const s = SEVERITY_STRENGTH[hit.rule.severity];
    const prev = best.get(c);
    if (prev === undefined) {
      best.set(c, s);
    } else {
      best.set(c, Math.max(prev, s));
      extra.set(c, (extra.get(c) ?? 0) + 1);
    }
  }
  const out = new Map<SignalCategoryName, number>();
  for (const [c, s] of best) out.set(c, s * (1 + 0.25 * Math.min(2, extra.get(c) ?? 0)));
  return out;
}

/** The rules' log-odds that the call is a scam. */
export function ruleLogit(hits: readonly RuleHit[]): number {
  const strengths = categoryStrengths(hits);
  let z = RULE_BIAS;
  let scamCategories = 0;
  for (const [c, s] of strengths) {
    const w = CATEGORY_WEIGHTS[c] ?? 0;
    z += w * s;
    if (w > 0) scamCategories += 1;
  }
  for (const [a, b, bonus] of PAIRS) {
    const sa = strengths.get(a);
    const sb = strengths.get(b);
    if (sa !== undefined && sb !== undefined) z += bonus * Math.min(1, sa, sb);
  }
  // Breadth: scams stack many tactics; legitimate calls rarely touch more than two.
  if (scamCategories > 2) z += 0.5 * (scamCategories - 2);
  return z;
}

/** How many distinct counter-signal rules matched (each is separate evidence of legitimacy). */
export function counterCount(hits: readonly RuleHit[]): number {
  let n = 0;
  for (const h of hits) if ((CATEGORY_WEIGHTS[h.rule.category] ?? 0) < 0) n += 1;
  return n;
}

// The asks that make a call a scam when paired with a pressure tactic or a story.
const ASKS: ReadonlySet<SignalCategoryName> = new Set(['PAYMENT_DEMAND', 'REMOTE_ACCESS']);

// Categories that show the caller wants something or applies pressure (a "press 1" menu
// pushes the callee to act). An identity claim (a bank's fraud team calls about a payment),
// urgency words or a request to call back (what legitimate callers ask for most) alone do not.
const LEVERS: ReadonlySet<SignalCategoryName> = new Set([
  'PAYMENT_DEMAND',
  'SENSITIVE_INFO_REQUEST',
  'REMOTE_ACCESS',
  'SECRECY',
  'THREAT',
  'EMOTIONAL_MANIPULATION',
  'TOO_GOOD_TO_BE_TRUE',
  'ROBOCALL_IVR',
  'UNSOLICITED_PITCH',
]);

/** True when any rule found an ask or a pressure lever. */
export function hasLever(hits: readonly RuleHit[]): boolean {
  return hits.some((h) => LEVERS.has(h.rule.category));
}

/** True when the hits form a classic scam shape: an ask (payment, remote access) plus a lever. */
export function hasScamShape(hits: readonly RuleHit[]): boolean {
  const present = new Set(hits.map((h) => h.rule.category));
  return PAIRS.some(([a, b]) => present.has(a) && present.has(b) && (ASKS.has(a) || ASKS.has(b)));
}

/** Logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** What the fusion weighs of the rules besides v3's score (see char-model-fuse.ts). */
export function ruleEvidence(hits: readonly RuleHit[]): { counter: boolean; shape: boolean } {
  return { counter: counterCount(hits) > 0, shape: hasScamShape(hits) };
}
