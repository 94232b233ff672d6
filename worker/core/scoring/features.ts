/**
 * Text → n-gram features for the language model, shared by the scorer and `npm run train` so
 * both see exactly the same features. Pure: no runtime-specific imports.
 *
 * Design choices, all aimed at content rather than transcription style (the data ties style
 * to label for some sources): lower-case, apostrophes dropped, every number collapsed to "#",
 * and disfluencies ("um", "uh") removed because only caption-style transcripts contain them.
 * N-grams made only of function words ("this is", "from the") are dropped too: in this data
 * they tell monologues from dialogues (a style cue: training scams are monologue-heavy), and
 * a legitimate voicemail must not look like a scam because of how it is phrased.
 */
import { STOP_WORDS } from './stop-words';

/** One n-gram occurrence with its span in the original transcript. */
export interface NgramSpan {
  gram: string;
  start: number;
  end: number;
}

const TOKEN = /[A-Za-z0-9]+(?:['’][A-Za-z]+)*/g;
const APOSTROPHE = /['’]/g;
const DIGIT = /[0-9]/;
const FILLERS: ReadonlySet<string> = new Set([
  'um',
  'umm',
  'uh',
  'uhm',
  'uhh',
  'hmm',
  'mm',
  'mhm',
  'er',
  'erm',
  'ah',
  'huh',
]);

interface Token {
  word: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const raw = m[0].toLowerCase();
    const word = DIGIT.test(raw) ? '#' : raw.replace(APOSTROPHE, '');
    if (FILLERS.has(word)) continue;
    out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  TOKEN.lastIndex = 0;
  return out;
}

/**
 * Distinct unigrams and bigrams of a text, each with its first span, in first-seen order.
 * Bigrams are joined with a space, so they can never collide with a unigram.
 */
export function extractNgrams(text: string): NgramSpan[] {
  const tokens = tokenize(text);
  const seen = new Map<string, NgramSpan>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const stop = STOP_WORDS.has(t.word);
    if (!stop && !seen.has(t.word)) seen.set(t.word, { gram: t.word, start: t.start, end: t.end });
    const next = tokens[i + 1];
    if (next && !(stop && STOP_WORDS.has(next.word))) {
      const gram = `${t.word} ${next.word}`;
      if (!seen.has(gram)) seen.set(gram, { gram, start: t.start, end: next.end });
    }
  }
  return [...seen.values()];
}

/**
 * The value every present n-gram gets: 1/sqrt(distinct n-grams), i.e. a binary bag scaled to
 * unit length, so a 25-word opening and a 2,000-word call are on the same scale.
 */
export function featureValue(distinct: number): number {
  return distinct === 0 ? 0 : 1 / Math.sqrt(distinct);
}
