/**
 * Disfluencies ignored by the n-gram model (see features.ts for why). Pure data.
 */

/** Fillers that only caption-style transcripts contain, lower-case. */
export const FILLERS: ReadonlySet<string> = new Set([
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
