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
 *
 * The scanning itself lives in ngram-scanner.ts, which the scorer uses directly.
 */
import { NgramScanner } from './ngram-scanner';

/** One n-gram occurrence with its span in the original transcript. */
export interface NgramSpan {
  gram: string;
  start: number;
  end: number;
}

const scanner = new NgramScanner([]);

/**
 * Distinct unigrams and bigrams of a text, each with its first span, in first-seen order.
 * Bigrams are joined with a space, so they can never collide with a unigram.
 */
export function extractNgrams(text: string): NgramSpan[] {
  scanner.scan(text);
  const out: NgramSpan[] = [];
  for (let k = 0; k < scanner.length; k++) {
    const second = scanner.second[k]!;
    const first = scanner.word(scanner.first[k]!);
    out.push({
      gram: second < 0 ? first : `${first} ${scanner.word(second)}`,
      start: scanner.start[k]!,
      end: scanner.end[k]!,
    });
  }
  return out;
}

/**
 * The value every present n-gram gets: 1/sqrt(distinct n-grams), i.e. a binary bag scaled to
 * unit length, so a 25-word opening and a 2,000-word call are on the same scale.
 */
export function featureValue(distinct: number): number {
  return distinct === 0 ? 0 : 1 / Math.sqrt(distinct);
}
