import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/schemas/report';
import type { LabelledRow } from '../../scripts/lib/dataset';
import { evaluate, renderErrors, renderText } from '../../scripts/lib/eval-report';

// A fake scorer: "scam" words make a high score, so results are known in advance.
const fake = (t: string): Analysis => {
  const score = t.includes('giftcard') ? 0.9 : t.includes('maybe') ? 0.4 : 0.1;
  return { scam_score: score, confidence: 1, verdict: 'SAFE', signals: [], recommendation: '' };
};

const rows: LabelledRow[] = [
  { id: 'a', source: 'x', label: 'scam', transcript: 'pay by giftcard now' },
  { id: 'b', source: 'x', label: 'scam', transcript: 'maybe a scam' },
  { id: 'c', source: 'y', label: 'safe', transcript: 'maybe dinner' },
  { id: 'd', source: 'y', label: 'safe', transcript: 'hello friend' },
  { id: 'e', source: 'y', label: 'scam', transcript: `${'word '.repeat(30)}giftcard` },
];

describe('evaluate', async () => {
  const r = await evaluate(rows, fake, 'fake');

  it('computes figures at the SUSPICIOUS and LIKELY_SCAM cuts', () => {
    expect(r.overall).toMatchObject({ tp: 3, fn: 0, fp: 1, tn: 1 });
    expect(r.at_likely_scam.overall).toMatchObject({ tp: 2, fn: 1, fp: 0, tn: 2 });
    expect(r.by_source.y?.fpr).toBe(0.5);
  });

  it('scores only the first words for early detection', () => {
    // Row e's scam word is at word 31, so it is missed at 25 words and caught from 50 on.
    expect(r.early['25']?.overall.fn).toBe(1);
    expect(r.early['50']?.overall.fn).toBe(0);
    expect(Object.keys(r.early)).toEqual(['25', '50', '100', '200']);
  });

  it('bins whole-call scores into a reliability table', () => {
    expect(r.reliability).toHaveLength(10);
    // 0.1: d (safe); 0.4: b (scam) and c (safe); 0.9: a and e (scams).
    expect(r.reliability[1]).toMatchObject({ n: 1, scams: 0, share: 0 });
    expect(r.reliability[4]).toMatchObject({ n: 2, scams: 1, share: 0.5 });
    expect(r.reliability[9]).toMatchObject({ n: 2, scams: 2, share: 1 });
    expect(r.reliability[0]).toMatchObject({ n: 0, share: null });
    expect(renderText(r)).toContain('reliability');
  });

  it('lists misclassified rows and renders them as TSV', () => {
    expect(r.errors.map((e) => e.id)).toEqual(['c']);
    const tsv = renderErrors(r.errors);
    expect(tsv.split('\n')[0]).toBe('id\tsource\tlabel\tscore\tverdict\ttop_signals');
    expect(tsv).toContain('c\ty\tsafe\t0.4');
    expect(renderText(r)).toContain('OVERALL');
  });
});
