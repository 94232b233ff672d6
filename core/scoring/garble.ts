/**
 * Recogniser garble: how a transcript reads when speech recognition could not make out the
 * audio. A recogniser always writes words; given a muffled phone line it writes runs of the
 * commonest ones in orders English never uses: an article or a possessive straight before a
 * pronoun, a conjunction, a preposition or another article ("on the we the or the got",
 * "your you the that the", "the your we take"). Both language models read such a run as
 * wording, and wording they were never trained on: a reminder's garble scored like a scam's
 * opening. The rules, which need whole phrases, are not fooled by it, so on a garbled
 * transcript they alone decide (index.ts). Pure: no runtime-specific imports.
 *
 * Words left out on purpose, because real text puts them after "the": "it" (the IT
 * department), "or" (the OR), "us" (the US), "so" (the so called), "can" (the can), "to"
 * and "a" as the first word ("from a to b", "plan a is").
 */

const DETERMINER = '(?:the|an|your|my|our|their)';
const FUNCTION_WORD =
  '(?:the|a|an|we|you|i|he|she|they|and|but|of|is|are|was|were|with|for|at|from|that|your|my|our|me|him|them|be|been|would|could|should|if|as|on|in|by|not)';

/**
 * An impossible pair. The second word is looked ahead, so "the the the" counts twice; a hyphen
 * or apostrophe after it means a compound or a contraction ("the in-laws", "the on-call
 * nurse"), not a pair.
 */
const PAIR = new RegExp(String.raw`\b${DETERMINER} +(?=${FUNCTION_WORD}(?![\w'’-]))`, 'g');

/** At least this many impossible pairs… */
export const GARBLE_MIN_PAIRS = 2;
/** …and at least one per this many words: a long call can hold two typing slips. */
export const GARBLE_WORDS_PER_PAIR = 25;

/** How many impossible pairs the lower-cased text holds. */
export function garblePairs(lower: string): number {
  PAIR.lastIndex = 0;
  let n = 0;
  while (PAIR.exec(lower) !== null) n += 1;
  return n;
}

/** True when a transcript of `words` words reads as recogniser garble. */
export function isGarbled(lower: string, words: number): boolean {
  const pairs = garblePairs(lower);
  return pairs >= GARBLE_MIN_PAIRS && pairs * GARBLE_WORDS_PER_PAIR >= words;
}
