/**
 * TF-IDF features as the plain baseline uses them: word 1–2-grams (tokens of two or more word
 * characters) and character 3–5-grams inside word boundaries (each word padded with one space
 * each side), lower-cased, sublinear term frequency (1 + ln tf), smoothed idf
 * (ln((1 + n) / (1 + df)) + 1), each block scaled to unit length on its own and then set side
 * by side. No I/O.
 *
 * Texts are counted once against a growing {@link GramDictionary}, so cross-validation can
 * refit the vocabulary and idf per fold without re-tokenising.
 */

/** Interns n-gram strings as small integers. */
export class GramDictionary {
  private readonly ids = new Map<string, number>();
  id(gram: string): number {
    let id = this.ids.get(gram);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(gram, id);
    }
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

/** A text's n-gram counts in both blocks, by dictionary id. */
export interface CountedText {
  word: Map<number, number>;
  char: Map<number, number>;
}

const WORD_TOKEN = /[\p{L}\p{N}_]{2,}/gu;

function bump(counts: Map<number, number>, id: number): void {
  counts.set(id, (counts.get(id) ?? 0) + 1);
}

/** Word 1–2-gram and char_wb 3–5-gram counts of `text`. */
export function countText(text: string, words: GramDictionary, chars: GramDictionary): CountedText {
  const lower = text.toLowerCase();
  const word = new Map<number, number>();
  const tokens = lower.match(WORD_TOKEN) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    bump(word, words.id(tokens[i]!));
    if (i + 1 < tokens.length) bump(word, words.id(`${tokens[i]} ${tokens[i + 1]}`));
  }
  const char = new Map<number, number>();
  for (const w of lower.split(/\s+/)) {
    if (w === '') continue;
    const padded = ` ${w} `;
    for (let n = 3; n <= 5; n++) {
      // A word shorter than n gives its whole padded form once.
      if (padded.length <= n) {
        bump(char, chars.id(padded));
        continue;
      }
      for (let i = 0; i + n <= padded.length; i++) bump(char, chars.id(padded.slice(i, i + n)));
    }
  }
  return { word, char };
}

/** One block's fitted vocabulary: dictionary id → column, and each column's idf. */
export interface BlockVocabulary {
  column: Map<number, number>;
  idf: Float64Array;
}

/** Fits a block over the training texts, keeping n-grams in at least `minDf` of them. */
export function fitBlock(
  counts: readonly Map<number, number>[],
  minDf: number,
  offset = 0,
): BlockVocabulary {
  const df = new Map<number, number>();
  for (const c of counts) for (const id of c.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  const kept = [...df.entries()].filter(([, n]) => n >= minDf).sort((a, b) => a[0] - b[0]);
  const column = new Map<number, number>();
  const idf = new Float64Array(kept.length);
  const n = counts.length;
  kept.forEach(([id, d], j) => {
    column.set(id, offset + j);
    idf[j] = Math.log((1 + n) / (1 + d)) + 1;
  });
  return { column, idf };
}

/** A sparse row: sorted columns and their values. */
export interface SparseRow {
  cols: Int32Array;
  vals: Float64Array;
}

/** Appends one block's unit-length tf-idf entries of `counts` to `cols`/`vals`. */
function pushBlock(
  counts: Map<number, number>,
  block: BlockVocabulary,
  offset: number,
  cols: number[],
  vals: number[],
): void {
  const from = cols.length;
  let norm = 0;
  for (const [id, tf] of counts) {
    const c = block.column.get(id);
    if (c === undefined) continue;
    const v = (1 + Math.log(tf)) * block.idf[c - offset]!;
    cols.push(c);
    vals.push(v);
    norm += v * v;
  }
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (let i = from; i < vals.length; i++) vals[i]! *= inv;
}

/** The two fitted blocks; char columns come after the word columns. */
export interface TfidfVocabulary {
  word: BlockVocabulary;
  char: BlockVocabulary;
  dim: number;
}

/** Fits both blocks (word min_df and char min_df) on the training texts. */
export function fitTfidf(
  texts: readonly CountedText[],
  minDfWords: number,
  minDfChars: number,
): TfidfVocabulary {
  const word = fitBlock(
    texts.map((t) => t.word),
    minDfWords,
  );
  const char = fitBlock(
    texts.map((t) => t.char),
    minDfChars,
    word.idf.length,
  );
  return { word, char, dim: word.idf.length + char.idf.length };
}

/** A counted text as a sparse tf-idf row over the fitted vocabulary. */
export function transform(text: CountedText, vocab: TfidfVocabulary): SparseRow {
  const cols: number[] = [];
  const vals: number[] = [];
  pushBlock(text.word, vocab.word, 0, cols, vals);
  pushBlock(text.char, vocab.char, vocab.word.idf.length, cols, vals);
  return { cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}
