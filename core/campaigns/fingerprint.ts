/**
 * Script fingerprints: the same robocall script, heard through different voices, phone lines and
 * speech-recognition errors, should get close fingerprints; different scripts distant ones. Pure
 * TypeScript (no runtime APIs), so the Worker, the CallSession Durable Object and the bench
 * compute the same bytes.
 *
 * A fingerprint is a MinHash signature of the transcript's character shingles:
 * - Words are normalised so that voices and recognisers agree: lower-case, letters and digits
 *   only (`i'm` → `im`, hyphens split), fillers dropped (core/scoring/fillers.ts), every run of
 *   number words or digits folded into one `#` ("eight three three" and "833" are the same
 *   number to a script), and common function words dropped (STOPWORDS): pocketsphinx swaps and
 *   drops them more than any other words, and they say nothing about the script.
 * - Shingles are SHINGLE_CHARS-character windows over the words written without spaces.
 *   Compared on the campaign set with exact Jaccard (docs/campaigns.md), at the threshold that
 *   merges ≤ 1% of different-script pairs: word bigrams kept 6% of same-script pairs together,
 *   4-character shingles 14%. A misheard word ("miracle" for "vehicle") still shares some of its
 *   characters; a misheard word breaks every word shingle it is in. Sound-alike keys, 3-, 5-
 *   and 6-character shingles, function words kept, containment and stoplists or IDF weights
 *   learned from text measured no clear gain (scripts/campaigns/variants.ts, docs/campaigns.md).
 * - HASHES 32-bit min-hashes (a shingle's FNV-1a hash mixed by a seeded murmur3 finaliser per
 *   position). The share of equal positions estimates the Jaccard similarity of the shingle
 *   sets, standard error ≤ 0.044 at 128 hashes; 516 bytes stored per call.
 * - LSH: BANDS bands of BAND_ROWS hashes. Two fingerprints share a band key with probability
 *   1 − (1 − J²)^64: 0.76 at J = 0.15, 0.92 at J = 0.2, 0.9997 at J = 0.4, so a lookup sees
 *   nearly every campaign near the match threshold and scores only those candidates.
 *
 * Incremental: {@link FingerprintBuilder} keeps the last SHINGLE_CHARS − 1 characters and the
 * running minima; feeding a live call's words chunk by chunk gives exactly the one-shot
 * fingerprint. Chunks must end at word boundaries (a transcript chunk always does).
 */
import { fromBase64, toBase64 } from '../encoding';
import { FILLERS } from '../scoring/fillers';

/** Min-hashes per fingerprint. */
export const HASHES = 128;
/** Hashes per LSH band. */
export const BAND_ROWS = 2;
/** LSH bands (HASHES / BAND_ROWS). */
export const BANDS = HASHES / BAND_ROWS;
/** Characters per shingle, over the normalised words written without spaces. */
export const SHINGLE_CHARS = 4;
/** Serialised size: a u32 word count then HASHES u32s, little-endian. */
export const FINGERPRINT_BYTES = 4 + HASHES * 4;

/** A transcript's script fingerprint. */
export interface Fingerprint {
  /** HASHES minima; all 0xffffffff while no shingle has been seen. */
  signature: Uint32Array;
  /** Normalised words fed so far (how much evidence the signature holds). */
  words: number;
}

/** Words that say nothing about which script is read, and that recognisers get wrong most. */
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of to in on at by for from with as is are was were be been am do ' +
    'does did has have had will would can could should may might shall it its this that these ' +
    'those there here then than so not no yes i im me my we us our you your youre he she him her ' +
    'they them their what which who whom when where how all any some just about up out into ' +
    'now very also get got'
  ).split(' '),
);

const NUMBER_WORDS: ReadonlySet<string> = new Set(
  (
    'zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen ' +
    'fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ' +
    'ninety hundred thousand million billion'
  ).split(' '),
);

const NUMBER = '#';
const EMPTY = 0xffffffff;

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit. */
function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Per-position seeds: fixed forever, or stored fingerprints stop matching new ones. */
const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A word as every recogniser spells it, `#` for a number, or '' when it is left out (fillers,
 * and function words unless `keepFunctionWords`: scripts/campaigns/variants.ts measures both).
 */
export function normaliseWord(raw: string, keepFunctionWords = false): string {
  const word = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!word || FILLERS.has(word) || (!keepFunctionWords && STOPWORDS.has(word))) return '';
  return /^[0-9]+$/.test(word) || NUMBER_WORDS.has(word) ? NUMBER : word;
}

/** A {@link FingerprintBuilder}'s state, as JSON-safe text (under 800 characters). */
export interface FingerprintBuilderState {
  /** {@link fingerprintToBase64} of the fingerprint so far. */
  fingerprint: string;
  tail: string;
  last: string;
}

/** Accumulates a growing transcript's fingerprint, a chunk of words at a time. */
export class FingerprintBuilder {
  private readonly minima = new Uint32Array(HASHES).fill(EMPTY);
  /** The last SHINGLE_CHARS − 1 characters, where the next word's shingles start. */
  private tail = '';
  private last = '';
  private words = 0;

  /** Feeds the next words of the transcript (whole words; any white space between). */
  feed(text: string): this {
    for (const raw of text.split(/[\s\-/]+/)) {
      const word = normaliseWord(raw);
      // A run of numbers is one number: "one four nine nine" and "1,499" both fold to '#'.
      if (!word || (word === NUMBER && this.last === NUMBER)) continue;
      this.last = word;
      this.words++;
      const joined = this.tail + word;
      for (let i = 0; i + SHINGLE_CHARS <= joined.length; i++) {
        this.addShingle(fnv1a(joined.slice(i, i + SHINGLE_CHARS)));
      }
      this.tail = joined.slice(-(SHINGLE_CHARS - 1));
    }
    return this;
  }

  private addShingle(h: number) {
    for (let i = 0; i < HASHES; i++) {
      const v = fmix32(h ^ SEEDS[i]!);
      if (v < this.minima[i]!) this.minima[i] = v;
    }
  }

  /**
   * What the builder needs to carry on where it stopped (a live call's session stores it, so a
   * session woken after hibernation feeds on instead of starting again): the fingerprint so far
   * and the two characters and word that the next word's shingles and number folding read.
   */
  state(): FingerprintBuilderState {
    return {
      fingerprint: fingerprintToBase64(this.fingerprint()),
      tail: this.tail,
      last: this.last,
    };
  }

  /** A builder that carries on from {@link FingerprintBuilder.state}; throws FingerprintFormatError. */
  static fromState(state: FingerprintBuilderState): FingerprintBuilder {
    const fp = fingerprintFromBase64(state.fingerprint);
    const builder = new FingerprintBuilder();
    builder.minima.set(fp.signature);
    builder.words = fp.words;
    builder.tail = state.tail.slice(-(SHINGLE_CHARS - 1));
    builder.last = state.last;
    return builder;
  }

  /** The fingerprint of everything fed so far (a copy; feeding on does not change it). */
  fingerprint(): Fingerprint {
    return { signature: this.minima.slice(), words: this.words };
  }
}

/** The fingerprint of a whole transcript. */
export function fingerprint(text: string): Fingerprint {
  return new FingerprintBuilder().feed(text).fingerprint();
}

function isEmpty(fp: Fingerprint): boolean {
  return fp.signature.every((v) => v === EMPTY);
}

/** Estimated Jaccard similarity of the two transcripts' shingle sets, 0 to 1 (0 if either is empty). */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (isEmpty(a) || isEmpty(b)) return 0;
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a.signature[i] === b.signature[i]) same++;
  return same / HASHES;
}

/** LSH keys (`band:hash`, BANDS of them); none for an empty fingerprint. */
export function bands(fp: Fingerprint): string[] {
  if (isEmpty(fp)) return [];
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = SEEDS[b]!;
    for (let r = 0; r < BAND_ROWS; r++) h = fmix32(h ^ fp.signature[b * BAND_ROWS + r]!);
    keys.push(`${b}:${h.toString(16).padStart(8, '0')}`);
  }
  return keys;
}

/** Thrown when bytes or text are not a serialised fingerprint. */
export class FingerprintFormatError extends Error {
  override name = 'FingerprintFormatError';
}

/** FINGERPRINT_BYTES bytes: the word count, then the signature, as little-endian u32s. */
export function fingerprintToBytes(fp: Fingerprint): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(FINGERPRINT_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.min(fp.words, EMPTY), true);
  for (const [i, v] of fp.signature.entries()) view.setUint32(4 + i * 4, v, true);
  return bytes;
}

/** The inverse of {@link fingerprintToBytes}. */
export function fingerprintFromBytes(bytes: Uint8Array): Fingerprint {
  if (bytes.length !== FINGERPRINT_BYTES) {
    throw new FingerprintFormatError(
      `a fingerprint is ${FINGERPRINT_BYTES} bytes, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = Uint32Array.from({ length: HASHES }, (_, i) => view.getUint32(4 + i * 4, true));
  return { signature, words: view.getUint32(0, true) };
}

/** Base64 of {@link fingerprintToBytes} (688 characters). */
export function fingerprintToBase64(fp: Fingerprint): string {
  return toBase64(fingerprintToBytes(fp));
}

/** The inverse of {@link fingerprintToBase64}. */
export function fingerprintFromBase64(text: string): Fingerprint {
  return fingerprintFromBytes(fromBase64(text));
}
