/**
 * Runs every rule over a transcript. Pure: no runtime-specific imports.
 */
import { type RuleMatch, RuleScanner, scanGlobal } from './rule-scan';
import type { Rule, RuleHit } from './rule-types';
import { ASK_RULES } from './rules-ask';
import { COUNTER_RULES } from './rules-counter';
import { PRESSURE_RULES } from './rules-pressure';

/** Every rule, scam rules first; the order is part of the deterministic output. */
export const ALL_RULES: readonly Rule[] = [...PRESSURE_RULES, ...ASK_RULES, ...COUNTER_RULES];

// Candidate tables are built once per rule list (in practice only ALL_RULES).
const scanners = new WeakMap<readonly Rule[], RuleScanner>();

/** The rules that match `text`, each with its first span and a capped match count. */
export function matchRules(text: string, rules: readonly Rule[] = ALL_RULES): RuleHit[] {
  // Lower-casing keeps offsets only when it keeps the length (it does for all but a few
  // exotic characters); otherwise fall back to the case-insensitive patterns on the original.
  const lowered = text.toLowerCase();
  let matches: (RuleMatch | null)[];
  if (lowered.length === text.length) {
    let scanner = scanners.get(rules);
    if (scanner === undefined) {
      scanner = new RuleScanner(rules);
      scanners.set(rules, scanner);
    }
    matches = scanner.scan(lowered);
  } else {
    matches = rules.map((rule) => scanGlobal(text, rule.pattern));
  }
  const hits: RuleHit[] = [];
  matches.forEach((m, r) => {
    if (m !== null) hits.push({ rule: rules[r]!, start: m.start, end: m.end, count: m.count });
  });
  return hits;
}
