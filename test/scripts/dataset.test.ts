import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  firstWords,
  parseRows,
  readRows,
  readTrainingRows,
} from '../../scripts/lib/dataset';

const row = (id: string, label: string) =>
  JSON.stringify({ id, source: 's', label, transcript: 'hello there' });

describe('dataset', () => {
  it('parses JSONL and skips blank lines', () => {
    const rows = parseRows(`${row('1', 'scam')}\n\n${row('2', 'safe')}\n`);
    expect(rows.map((r) => r.id)).toEqual(['1', '2']);
  });

  it('names the bad line', () => {
    expect(() => parseRows(`${row('1', 'scam')}\n{oops`, 'f.jsonl')).toThrow(
      'f.jsonl:2: not valid JSON',
    );
    expect(() => parseRows(`${row('1', 'maybe')}`, 'f.jsonl')).toThrow(/f\.jsonl:1: "label"/);
    expect(() => parseRows('{"id":1}', 'f.jsonl')).toThrow(/f\.jsonl:1: "id" must be a string/);
    expect(() => parseRows('\n', 'f.jsonl')).toThrow(DatasetError);
  });

  it('reports a missing file clearly', async () => {
    await expect(readRows('/nonexistent/dir/x.jsonl')).rejects.toThrow(
      '/nonexistent/dir/x.jsonl: no such file',
    );
  });

  it('adds extra files (an organisation’s reviewed calls) and refuses an id twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callshield-dataset-'));
    try {
      const train = join(dir, 'train.jsonl');
      const reviewed = join(dir, 'reviewed.jsonl');
      await writeFile(train, `${row('t1', 'scam')}\n${row('t2', 'safe')}\n`);
      // The export's lines, as GET /api/v1/analyses/export writes them.
      await writeFile(
        reviewed,
        `${JSON.stringify({ id: '7d1c2f0e-0000-4000-8000-000000000001', source: 'reviewed_upload', label: 'scam', transcript: 'pay in gift cards' })}\n`,
      );
      const rows = await readTrainingRows(train, [reviewed]);
      expect(rows.map((r) => [r.id, r.source])).toEqual([
        ['t1', 's'],
        ['t2', 's'],
        ['7d1c2f0e-0000-4000-8000-000000000001', 'reviewed_upload'],
      ]);
      await expect(readTrainingRows(train, [train])).rejects.toThrow(
        `${train}: id "t1" is already in ${train}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes the first words', () => {
    expect(firstWords('  a b\n c d ', 3)).toBe('a b c');
  });
});
