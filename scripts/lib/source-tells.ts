/**
 * Source tells for `npm run train`: words far more common in one source than in the other
 * sources of the same label. Among rows of one label the label cannot explain a difference, so
 * such a word tells sources apart (a style, a template, a topic); if it is neutral in a real
 * call it is a candidate for the model's skipped words (core/scoring/style-words.ts).
 * Computed on raw lower-cased words, so words the model already skips still show. No I/O.
 */
import { FILLERS } from '#core/scoring/fillers';
import { STOP_WORDS } from '#core/scoring/stop-words';
import { STYLE_WORDS } from '#core/scoring/style-words';
import type { LabelledRow } from './dataset';

/** One word that tells a source apart. */
export interface SourceTell {
  label: string;
  source: string;
  word: string;
  /** Share of the source's rows (of this label) with the word, and of the other sources'. */
  inSource: number;
  elsewhere: number;
  /** True when the model already skips the word. */
  skipped: boolean;
}

// The BothBosu sets are one generator; comparing them with each other finds nothing useful.
const groupOf = (source: string): string => (source.startsWith('bothbosu') ? 'bothbosu_*' : source);

function documentFrequency(rows: readonly LabelledRow[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const r of rows) {
    const words = new Set(
      r.transcript
        .toLowerCase()
        .replace(/['’]/g, '')
        .match(/[a-z]+/g),
    );
    for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return df;
}

/**
 * The `top` strongest tells of each source, per label, among words in at least `minShare` of
 * the source's rows and at least `ratio` times as common there as elsewhere.
 */
export function sourceTells(
  rows: readonly LabelledRow[],
  top = 12,
  minShare = 0.15,
  ratio = 4,
): SourceTell[] {
  const out: SourceTell[] = [];
  for (const label of ['scam', 'safe']) {
    const ofLabel = rows.filter((r) => r.label === label);
    const groups = [...new Set(ofLabel.map((r) => groupOf(r.source)))].sort();
    if (groups.length < 2) continue;
    for (const source of groups) {
      const inRows = ofLabel.filter((r) => groupOf(r.source) === source);
      const outRows = ofLabel.filter((r) => groupOf(r.source) !== source);
      const dfIn = documentFrequency(inRows);
      const dfOut = documentFrequency(outRows);
      const tells: SourceTell[] = [];
      for (const [word, n] of dfIn) {
        if (STOP_WORDS.has(word)) continue;
        const inSource = n / inRows.length;
        const elsewhere = (dfOut.get(word) ?? 0) / outRows.length;
        if (inSource < minShare || inSource < ratio * (elsewhere + 0.01)) continue;
        const skipped = STYLE_WORDS.has(word) || FILLERS.has(word);
        tells.push({ label, source, word, inSource, elsewhere, skipped });
      }
      tells.sort((a, b) => b.inSource / (b.elsewhere + 0.01) - a.inSource / (a.elsewhere + 0.01));
      out.push(...tells.slice(0, top));
    }
  }
  return out;
}

/** One line per (label, source): its tells, skipped words marked with an asterisk. */
export function renderSourceTells(tells: readonly SourceTell[]): string {
  const lines = new Map<string, string[]>();
  for (const t of tells) {
    const key = `[tells ${t.label}] ${t.source}`;
    const item = `${t.skipped ? '*' : ''}${t.word} ${Math.round(100 * t.inSource)}/${Math.round(100 * t.elsewhere)}%`;
    lines.set(key, [...(lines.get(key) ?? []), item]);
  }
  return [...lines].map(([k, v]) => `${k}: ${v.join(', ')}`).join('\n');
}
