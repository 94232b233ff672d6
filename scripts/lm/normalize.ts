/**
 * Written transcript → spoken words: lower case, numbers spelled out, punctuation gone, split
 * into sentences. One normaliser for the language model's training text, the reference
 * transcripts a recogniser is scored against, and the scripts of generated test calls, so all
 * three count the same words the same way.
 */
import { digitWords, speakNumber } from './numbers';

/** Abbreviations a speaker expands. */
const EXPANSIONS: Record<string, string[]> = {
  '&': ['and'],
  'w/': ['with'],
  mr: ['mister'],
  mrs: ['missus'],
  ms: ['miss'],
  dr: ['doctor'],
  vs: ['versus'],
  etc: ['et', 'cetera'],
  'e.g': ['for', 'example'],
  'i.e': ['that', 'is'],
};

/** True when a word has a pronunciation; unknown all-caps acronyms are spelled out then. */
export type KnownWord = (word: string) => boolean;

const SENTENCE_END = /(?<=[.!?])\s+|\s*[\n;]+\s*/;
/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION_DOT = /\b(mr|mrs|ms|dr|vs|etc|st|jr|sr)\./gi;

/** Letters of an acronym the recogniser can only hear letter by letter ("SSA" → s s a). */
function spellLetters(word: string): string[] {
  return [...word.toLowerCase()];
}

function alphaWords(token: string, known: KnownWord | undefined): string[] {
  const out: string[] = [];
  for (const part of token.split(/[-–—/_.]+/)) {
    const raw = part.replace(/[^A-Za-z']/g, '').replace(/^'+|'+$/g, '');
    if (!raw) continue;
    const lower = raw.toLowerCase();
    const expanded = EXPANSIONS[lower];
    if (expanded) out.push(...expanded);
    else if (known && /^[A-Z]{2,5}s?$/.test(raw) && !known(lower)) out.push(...spellLetters(raw));
    else out.push(lower);
  }
  return out;
}

/** Words of a token that holds digits: "$1,499", "555-1234", "AMZ0987", "PG-13", "7:10pm". */
function numericWords(token: string, known: KnownWord | undefined): string[] {
  const whole = speakNumber(token);
  if (whole) return whole;
  const parts = token.split(/[-/]+/).filter(Boolean);
  // Grouped digits (phone, SSN, card and case numbers) are read one digit at a time.
  if (parts.length >= 3 && parts.every((p) => /^\d+$/.test(p))) return parts.flatMap(digitWords);
  const out: string[] = [];
  for (const part of parts) {
    for (const run of part.match(/\d+(?:st|nd|rd|th)?|[^\d]+/gi) ?? []) {
      out.push(
        ...(/^\d/.test(run) ? (speakNumber(run) ?? digitWords(run)) : alphaWords(run, known)),
      );
    }
  }
  return out;
}

/** One whitespace token → spoken words. */
export function tokenWords(token: string, known?: KnownWord): string[] {
  const expanded = EXPANSIONS[token.toLowerCase().replace(/[.,!?:;]+$/, '')];
  if (expanded) return expanded;
  const stripped = token.replace(/^[^\w$#]+|[^\w%]+$/g, '').replace(/^#/, '');
  if (!stripped) return [];
  return /\d/.test(stripped) ? numericWords(stripped, known) : alphaWords(stripped, known);
}

/** Splits text into sentences of spoken words; empty sentences are dropped. */
export function spokenSentences(text: string, known?: KnownWord): string[][] {
  const out: string[][] = [];
  for (const sentence of text.replace(ABBREVIATION_DOT, '$1').split(SENTENCE_END)) {
    const words = sentence.split(/\s+/).flatMap((t) => tokenWords(t, known));
    if (words.length > 0) out.push(words);
  }
  return out;
}

/** All spoken words of a text, in order. */
export function spokenWords(text: string, known?: KnownWord): string[] {
  return spokenSentences(text, known).flat();
}
