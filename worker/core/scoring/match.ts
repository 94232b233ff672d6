/**
 * Runs every rule over a transcript. Pure: no runtime-specific imports.
 */
import type { Rule, RuleHit } from './rule-types';
import { ASK_RULES } from './rules-ask';
import { COUNTER_RULES } from './rules-counter';
import { PRESSURE_RULES } from './rules-pressure';

/** Every rule, scam rules first; the order is part of the deterministic output. */
export const ALL_RULES: readonly Rule[] = [...PRESSURE_RULES, ...ASK_RULES, ...COUNTER_RULES];

// Repetition beyond a few matches says little more, and stopping early bounds the work.
const MAX_COUNT = 3;

/** The rules that match `text`, each with its first span and a capped match count. */
export function matchRules(text: string, rules: readonly Rule[] = ALL_RULES): RuleHit[] {
  const hits: RuleHit[] = [];
  // Lower-casing keeps offsets only when it keeps the length (it does for all but a few
  // exotic characters); otherwise fall back to the case-insensitive patterns on the original.
  const lowered = text.toLowerCase();
  const fast = lowered.length === text.length;
  const subject = fast ? lowered : text;
  for (const rule of rules) {
    const re = fast ? rule.lower : rule.pattern;
    re.lastIndex = 0;
    let first: RegExpExecArray | null = null;
    let count = 0;
    for (let m = re.exec(subject); m !== null && count < MAX_COUNT; m = re.exec(subject)) {
      if (m[0].length === 0) {
        // A zero-width match would loop forever; none of our patterns should produce one.
        re.lastIndex += 1;
        continue;
      }
      if (first === null) first = m;
      count += 1;
    }
    re.lastIndex = 0;
    if (first !== null) {
      hits.push({ rule, start: first.index, end: first.index + first[0].length, count });
    }
  }
  return hits;
}
