/**
 * Numbers as a speaker says them, so written transcripts ("$1,499", "555-1234", "10th") train
 * the language model and score the recogniser in the words it actually hears.
 */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = [
  [1_000_000_000, 'billion'],
  [1_000_000, 'million'],
  [1_000, 'thousand'],
] as const;
/** Above this a number is read out digit by digit (account, phone and case numbers). */
const MAX_CARDINAL = 999_999_999_999;

function underHundred(n: number): string[] {
  if (n < 20) return [ONES[n]!];
  const tens = TENS[Math.floor(n / 10)]!;
  return n % 10 === 0 ? [tens] : [tens, ONES[n % 10]!];
}

function underThousand(n: number): string[] {
  if (n < 100) return underHundred(n);
  const rest = n % 100;
  return [ONES[Math.floor(n / 100)]!, 'hundred', ...(rest ? underHundred(rest) : [])];
}

/** 1499 → one thousand four hundred ninety nine. Integers 0…{@link MAX_CARDINAL}. */
export function cardinalWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CARDINAL) return digitWords(String(n));
  if (n === 0) return ['zero'];
  const out: string[] = [];
  let rest = n;
  for (const [size, name] of SCALES) {
    if (rest >= size) {
      out.push(...underThousand(Math.floor(rest / size)), name);
      rest %= size;
    }
  }
  if (rest > 0) out.push(...underThousand(rest));
  return out;
}

/** "0987" → zero nine eight seven. Non-digits are dropped. */
export function digitWords(digits: string): string[] {
  return [...digits].filter((c) => c >= '0' && c <= '9').map((c) => ONES[Number(c)]!);
}

const ORDINAL_OF: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** 21 → twenty first. */
export function ordinalWords(n: number): string[] {
  const words = cardinalWords(n);
  const last = words.at(-1)!;
  const ordinal =
    ORDINAL_OF[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words.slice(0, -1), ordinal];
}

/** 1985 → nineteen eighty five; 2005 → two thousand five; 2019 → twenty nineteen. */
export function yearWords(n: number): string[] {
  if (n >= 2000 && n < 2010) return cardinalWords(n);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return [...underHundred(hi), 'hundred'];
  return [...underHundred(hi), ...(lo < 10 ? ['oh', ONES[lo]!] : underHundred(lo))];
}

/**
 * Reads one numeric token (already stripped of surrounding punctuation) aloud. Grouped digits
 * with dashes or slashes (phone, SSN, dates) and long bare numbers are read digit by digit,
 * as callers read them; money, percentages, ordinals, times and plausible years as words.
 * Null when the token is not one number (letters, dashes: see the normaliser).
 */
export function speakNumber(token: string): string[] | null {
  let m = /^\$(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?$/.exec(token);
  if (m) {
    const dollars = cardinalWords(Number(m[1]!.replaceAll(',', '')));
    const cents = m[2] && Number(m[2]) > 0 ? ['and', ...cardinalWords(Number(m[2])), 'cents'] : [];
    return [...dollars, 'dollars', ...cents];
  }
  m = /^(\d+(?:\.\d+)?)%$/.exec(token);
  if (m) return [...decimalWords(m[1]!), 'percent'];
  m = /^(\d+)(st|nd|rd|th)$/i.exec(token);
  if (m) return ordinalWords(Number(m[1]));
  m = /^(\d{1,2}):(\d{2})(am|pm)?$/i.exec(token);
  if (m) {
    const minutes = Number(m[2]);
    const clock =
      minutes === 0
        ? [...cardinalWords(Number(m[1]))]
        : [
            ...cardinalWords(Number(m[1])),
            ...(minutes < 10 ? ['oh', ONES[minutes]!] : cardinalWords(minutes)),
          ];
    return m[3] ? [...clock, ...[...m[3].toLowerCase()]] : clock;
  }
  if (/^\d{1,3}(,\d{3})+$/.test(token)) return cardinalWords(Number(token.replaceAll(',', '')));
  if (/^\d+\.\d+$/.test(token)) return decimalWords(token);
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    if (token.length > 1 && token.startsWith('0')) return digitWords(token);
    if (token.length === 4 && n >= 1100 && n < 2100) return yearWords(n);
    return token.length <= 4 ? cardinalWords(n) : digitWords(token);
  }
  return null;
}

function decimalWords(token: string): string[] {
  const [whole, frac] = token.split('.');
  const head = cardinalWords(Number(whole));
  return frac ? [...head, 'point', ...digitWords(frac)] : head;
}
