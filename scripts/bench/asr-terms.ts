/**
 * Scam terms: the words and phrases of the signal taxonomy that a recogniser must not invent.
 * A legitimate call whose transcript gains one of these (one its script never said) has been
 * handed evidence by the recogniser, the failure a domain language model trained on scam text
 * risks most. Matched on normalised spoken words; `*` ends a prefix, `#` is a spoken digit.
 *
 * {@link SCAM_TERMS} name what only scams ask for or threaten with; {@link CUE_WORDS} are
 * everyday words that scams lean on but honest callers say too ("immediately", "refund").
 * Cue words do turn up in legitimate calls: robotic voices' "an automated message" is heard as
 * "immediately" with either language model (`npm run bench -- --only=asr` counts both kinds).
 */
import { spokenWords } from '../lm/normalize';

/** Grouped by the taxonomy category they usually evidence. */
export const SCAM_TERMS: Readonly<Record<string, readonly string[]>> = {
  AUTHORITY_IMPERSONATION: [
    'social security',
    'irs',
    'internal revenue',
    'ssa',
    'federal agent',
    'department of justice',
    'sheriff',
    'medicare',
  ],
  THREAT: [
    'arrest*',
    'warrant',
    'lawsuit',
    'legal action',
    'legal enforcement',
    'criminal',
    'jail',
    'suspend*',
    'fraudulent',
    'deport*',
  ],
  PAYMENT_DEMAND: [
    'gift card*',
    'google play',
    'itunes',
    'wire transfer',
    'western union',
    'moneygram',
    'bitcoin',
    'crypto*',
    'zelle',
    'venmo',
    'cash app',
  ],
  SENSITIVE_INFO_REQUEST: [
    'pin',
    'password*',
    'verification code',
    'routing number',
    'credit card number',
    'card number',
    'account number',
  ],
  REMOTE_ACCESS: ['teamviewer', 'anydesk', 'ultraviewer', 'logmein', 'remote access'],
  URGENCY: ['final notice', 'last chance', 'act now'],
  SECRECY: ["don't tell"],
  TOO_GOOD_TO_BE_TRUE: ['you have won', 'lottery', 'sweepstakes'],
  ROBOCALL_IVR: ['press #'],
  LURE: ['suspicious activity'],
};

/** Words scams lean on that honest callers say too: reported, not forbidden. */
export const CUE_WORDS: readonly string[] = [
  'immediately',
  'urgent*',
  'confidential',
  'prize',
  'refund',
  'amazon',
  'warranty',
  'medicare',
];

/** Spoken digits, for `#` in a term. */
export const DIGIT_WORDS: ReadonlySet<string> = new Set([
  'zero',
  'oh',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
]);

function matchAt(words: readonly string[], at: number, pattern: readonly string[]): boolean {
  return pattern.every((p, k) => {
    const w = words[at + k];
    if (w === undefined) return false;
    if (p === '#') return DIGIT_WORDS.has(w);
    return p.endsWith('*') ? w.startsWith(p.slice(0, -1)) : w === p;
  });
}

/** How often `term` (words, `*` prefix, `#` digit) occurs in a word sequence. */
export function countTerm(words: readonly string[], term: string): number {
  const pattern = term.split(' ');
  let n = 0;
  for (let i = 0; i < words.length; i++) if (matchAt(words, i, pattern)) n++;
  return n;
}

/** The terms of `terms` that occur in `text` (after normalisation), once each. */
export function termsIn(text: string, terms: readonly string[]): string[] {
  const words = spokenWords(text);
  return terms.filter((term) => countTerm(words, term) > 0);
}

/** Terms of `terms` the transcript has that the script did not say. */
export function inventedTerms(
  script: string,
  transcript: string,
  terms: readonly string[] = Object.values(SCAM_TERMS).flat(),
): string[] {
  const said = new Set(termsIn(script, terms));
  return termsIn(transcript, terms).filter((t) => !said.has(t));
}
