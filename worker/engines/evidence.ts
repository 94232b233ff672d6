import type { Evidence } from '#core/schemas/report';

/**
 * Locates a model's `evidence_quote` in the transcript. Pure: no runtime-specific imports.
 *
 * A model paraphrases, changes case and collapses line breaks, so an exact search alone would
 * lose most good quotes; but it also invents quotes, and an invented quote shown to a fraud
 * analyst as "what the caller said" is worse than none. So: exact match first, then a match
 * that ignores case, whitespace runs and curly quotes, and otherwise no evidence at all. The
 * span returned is always cut from the transcript itself, never the model's text.
 */

/** Shorter quotes match by accident ("a", "ok") and prove nothing. */
const MIN_QUOTE_CHARS = 4;

const QUOTE_EDGES = /^[\s"'`“”‘’«».…]+|[\s"'`“”‘’«».…]+$/g;

function foldChar(ch: string): string {
  if (ch === '“' || ch === '”' || ch === '«' || ch === '»') return '"';
  if (ch === '‘' || ch === '’' || ch === '`') return "'";
  return ch.toLowerCase();
}

/** The folded text, and for each of its code units the offset in the original it came from. */
interface Folded {
  text: string;
  origin: number[];
}

function fold(source: string): Folded {
  let text = '';
  const origin: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      pendingSpace = text.length > 0;
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      origin.push(i - 1);
      pendingSpace = false;
    }
    const folded = foldChar(ch);
    text += folded;
    // toLowerCase can lengthen a character (İ → i̇); every unit maps back to the same source char.
    for (let k = 0; k < folded.length; k++) origin.push(i);
  }
  return { text, origin };
}

/**
 * The span of `quote` in `transcript`, or `undefined` when the quote is not there. Offsets are
 * UTF-16 code units, like `String.prototype.slice`.
 */
export function locateQuote(transcript: string, quote: string | undefined): Evidence | undefined {
  if (!quote) return undefined;
  const trimmed = quote.replace(QUOTE_EDGES, '');
  if (trimmed.replace(/\s/g, '').length < MIN_QUOTE_CHARS) return undefined;

  const exact = transcript.indexOf(trimmed);
  if (exact >= 0) return { text: trimmed, start: exact, end: exact + trimmed.length };

  const haystack = fold(transcript);
  const needle = fold(trimmed).text;
  const at = haystack.text.indexOf(needle);
  if (at < 0) return undefined;
  const start = haystack.origin[at];
  const last = haystack.origin[at + needle.length - 1];
  if (start === undefined || last === undefined) return undefined;
  const end = last + 1;
  return { text: transcript.slice(start, end), start, end };
}
