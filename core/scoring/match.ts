/**
 * Runs every rule over a transcript. Pure: no runtime-specific imports.
 */
import { type AcceptMatch, RuleScanner } from './rule-scan';
import type { Rule, RuleHit } from './rule-types';
import { ASK_RULES } from './rules-ask';
import { COUNTER_RULES } from './rules-counter';
import { IDENTITY_RULES } from './rules-identity';
import { LURE_RULES } from './rules-lure';
import { PRESSURE_RULES } from './rules-pressure';
import { ROBOCALL_RULES } from './rules-robocall';
import { isRequest, RequestScope, scopeKind } from './scope';

/** Every rule, scam rules first; the order is part of the deterministic output. */
export const ALL_RULES: readonly Rule[] = [
  ...PRESSURE_RULES,
  ...IDENTITY_RULES,
  ...ROBOCALL_RULES,
  ...ASK_RULES,
  ...LURE_RULES,
  ...COUNTER_RULES,
];

/** A rule list's candidate tables and the scope kind of each of its rules, built once. */
interface Prepared {
  scanner: RuleScanner;
  kinds: Uint8Array;
}
const prepared = new WeakMap<readonly Rule[], Prepared>();

function prepare(rules: readonly Rule[]): Prepared {
  let p = prepared.get(rules);
  if (p === undefined) {
    p = { scanner: new RuleScanner(rules), kinds: Uint8Array.from(rules, scopeKind) };
    prepared.set(rules, p);
  }
  return p;
}

/**
 * Lower case with the same length as `text`, so match offsets are offsets in `text`: the rare
 * character whose lower case is longer ("İ") is kept as it is.
 */
export function lowerSameLength(text: string, lower = text.toLowerCase()): string {
  const lowered = lower;
  if (lowered.length === text.length) return lowered;
  let out = '';
  for (const c of text) {
    const l = c.toLowerCase();
    out += l.length === c.length ? l : c;
  }
  return out;
}

/**
 * The rules that match `text`, each with its first span and a capped match count. A request
 * rule's match counts only where the request is in scope (see scope.ts). `lower` is
 * `text.toLowerCase()`, passed by a caller that has it already (one copy less of a long call).
 */
export function matchRules(
  text: string,
  rules: readonly Rule[] = ALL_RULES,
  lower = text.toLowerCase(),
): RuleHit[] {
  const lowered = lowerSameLength(text, lower);
  const { scanner, kinds } = prepare(rules);
  const scope = new RequestScope(lowered);
  const accept: AcceptMatch = (r, start, end) => scope.counts(kinds[r]!, start, end);
  const matches = scanner.scan(lowered, accept);
  const hits: RuleHit[] = [];
  let liveRequest = false;
  matches.forEach((m, r) => {
    if (m === null) return;
    const rule = rules[r]!;
    hits.push({ rule, start: m.start, end: m.end, count: m.count });
    if (isRequest(kinds[r]!) && rule.severity !== 'low') liveRequest = true;
  });
  // "I'm not asking for your bank details, but I do need your social security number": a
  // denial beside a request still in scope is the scammer's reassurance, not the bank's.
  return liveRequest ? hits.filter((h) => h.rule.category !== 'NO_SENSITIVE_REQUEST') : hits;
}
