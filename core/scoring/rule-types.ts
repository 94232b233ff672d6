/**
 * Shapes shared by the rule tables and the matcher. Pure: no runtime-specific imports.
 */
import type { SeverityName, SignalCategoryName } from './taxonomy';

/** One interpretable rule: a compiled pattern that, when it matches, raises a signal. */
export interface Rule {
  /** Stable id, used in tests and in the eval error table. */
  id: string;
  category: SignalCategoryName;
  severity: SeverityName;
  /** Human sentence shown as the signal's `detail`. */
  detail: string;
  /**
   * The pattern with the `g` flag and without `i`, run on a lower-cased copy of the transcript
   * (match.ts keeps its length): case-sensitive scanning lets V8 skip ahead on literal
   * characters, about twice as fast on long calls.
   */
  lower: RegExp;
  /**
   * `lower` anchored (`y`) instead of global: the matcher tries it only at positions where a
   * match can start (see rule-scan.ts), which finds the same matches as a global scan.
   */
  sticky: RegExp;
  /** How its matches are scoped (scope.ts); by default, by its category. */
  scope?: number;
}

/** A rule that matched, with the first span it matched. */
export interface RuleHit {
  rule: Rule;
  start: number;
  end: number;
  /** How many times it matched (capped), so repetition can add a little weight. */
  count: number;
}

/**
 * Builds a rule. Patterns are written in lower case (the `lower` variant relies on it),
 * without nested quantifiers and with bounded gaps
 * (`[^.?!]{0,40}`), so each scan stays linear in the transcript length.
 */
export function rule(
  id: string,
  category: SignalCategoryName,
  severity: SeverityName,
  detail: string,
  pattern: RegExp,
  scope?: number,
): Rule {
  const base = pattern.flags.replaceAll('i', '').replaceAll('g', '');
  const out: Rule = {
    id,
    category,
    severity,
    detail,
    lower: new RegExp(pattern.source, `${base}g`),
    sticky: new RegExp(pattern.source, `${base}y`),
  };
  if (scope !== undefined) out.scope = scope;
  return out;
}

/**
 * A word-bounded pattern from a list of alternatives, for rules too long to read as one
 * literal. Same constraints as a literal rule pattern (lower case, bounded gaps).
 */
export function anyOf(alternatives: readonly string[]): RegExp {
  return new RegExp(String.raw`\b(?:${alternatives.map((a) => `(?:${a})`).join('|')})\b`);
}
