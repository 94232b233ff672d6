import { describe, expect, it } from 'vitest';
import type { LabelledRow } from '../../scripts/lib/dataset';
import { renderSourceTells, sourceTells } from '../../scripts/lib/source-tells';

const row = (i: number, source: string, label: 'scam' | 'safe', transcript: string) => ({
  id: `${source}-${i}`,
  source,
  label,
  transcript,
});

describe('source tells', () => {
  // Two scam sources: one says "ma'am" in every row; both say "payment".
  const rows: LabelledRow[] = [
    ...Array.from({ length: 10 }, (_, i) => row(i, 'captions', 'scam', "yes ma'am, the payment")),
    ...Array.from({ length: 10 }, (_, i) => row(i, 'robocall', 'scam', 'press one for payment')),
    ...Array.from({ length: 10 }, (_, i) => row(i, 'bothbosu_single', 'safe', 'dentist visit')),
  ];

  it('finds words far more common in one source than in the others of its label', () => {
    const tells = sourceTells(rows);
    const words = (source: string) => tells.filter((t) => t.source === source).map((t) => t.word);
    expect(words('captions')).toEqual(['maam']);
    expect(words('robocall')).toEqual(expect.arrayContaining(['press']));
    // A word every scam source uses tells nothing; one label with one source has no contrast.
    expect(tells.map((t) => t.word)).not.toContain('payment');
    expect(tells.some((t) => t.label === 'safe')).toBe(false);
  });

  it('marks the words the model already skips', () => {
    const text = renderSourceTells(sourceTells(rows));
    expect(text).toContain('[tells scam] captions: *maam 100/0%');
  });
});
