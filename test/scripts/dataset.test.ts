import { describe, expect, it } from 'vitest';
import { DatasetError, firstWords, parseRows, readRows } from '../../scripts/lib/dataset';

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

  it('takes the first words', () => {
    expect(firstWords('  a b\n c d ', 3)).toBe('a b c');
  });
});
