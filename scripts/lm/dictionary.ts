/**
 * Pronunciation dictionaries in the CMU Sphinx format (`word PH PH …`, alternates as
 * `word(2) …`): reading them, and writing the project dictionary the decoder loads, which
 * holds only the language model's words so pocketsphinx starts faster than with all 134,000.
 */
import { readFile } from 'node:fs/promises';

/** word → its pronunciations, in the order the file gave them. */
export type Pronunciations = Map<string, string[]>;

/** Phones of the en-us acoustic model; a brand entry using anything else is a typo. */
const PHONES = new Set(
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(
    ' ',
  ),
);

/** Parses dictionary text; throws naming the line of a malformed entry. */
export function parseDictionary(text: string, file: string, checkPhones = false): Pronunciations {
  const out: Pronunciations = new Map();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith(';')) return;
    const [head, ...phones] = line.split(/\s+/);
    const word = head!.replace(/\(\d+\)$/, '').toLowerCase();
    const bad = checkPhones ? phones.find((p) => !PHONES.has(p)) : undefined;
    if (phones.length === 0 || bad !== undefined) {
      throw new Error(`${file}:${i + 1}: bad pronunciation entry "${line}"`);
    }
    const list = out.get(word) ?? [];
    list.push(phones.join(' '));
    out.set(word, list);
  });
  return out;
}

/** Reads a dictionary file. */
export async function readDictionary(file: string, checkPhones = false): Promise<Pronunciations> {
  return parseDictionary(await readFile(file, 'utf8'), file, checkPhones);
}

/** The project's entries win over the general dictionary's for the same word. */
export function mergeDictionaries(
  general: Pronunciations,
  project: Pronunciations,
): Pronunciations {
  const out = new Map(general);
  for (const [word, prons] of project) out.set(word, prons);
  return out;
}

/** Writes the entries of `words` (sorted) in the Sphinx format. */
export function formatDictionary(dict: Pronunciations, words: Iterable<string>): string {
  const lines: string[] = [];
  for (const word of [...words].sort()) {
    const prons = dict.get(word);
    if (!prons) continue;
    prons.forEach((p, i) => {
      lines.push(`${i === 0 ? word : `${word}(${i + 1})`} ${p}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
