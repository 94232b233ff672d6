import { describe, expect, it } from 'vitest';
import { parseDictionary } from '../../../scripts/lm/dictionary';
import { spokenSentences, spokenWords } from '../../../scripts/lm/normalize';
import { cardinalWords, speakNumber } from '../../../scripts/lm/numbers';

describe('numbers as spoken', () => {
  it.each([
    ['$1499', 'one thousand four hundred ninety nine dollars'],
    ['$299.99', 'two hundred ninety nine dollars and ninety nine cents'],
    ['$10,000', 'ten thousand dollars'],
    ['10%', 'ten percent'],
    ['21st', 'twenty first'],
    ['7:05pm', 'seven oh five p m'],
    ['1985', 'nineteen eighty five'],
    ['2007', 'two thousand seven'],
    ['0987', 'zero nine eight seven'],
    ['1234567', 'one two three four five six seven'],
  ])('%s → %s', (token, spoken) => {
    expect(speakNumber(token)?.join(' ')).toBe(spoken);
  });

  it('spells large cardinals and gives up on what is not one number', () => {
    expect(cardinalWords(3_000_012).join(' ')).toBe('three million twelve');
    expect(speakNumber('AMZ0987')).toBeNull();
  });
});

describe('spoken words of a transcript', () => {
  it('splits sentences, drops punctuation and reads grouped digits one by one', () => {
    expect(spokenSentences('Hi, Mr. Smith! Call 1-800-555-1234 now.')).toEqual([
      ['hi', 'mister', 'smith'],
      [
        'call',
        'one',
        'eight',
        'zero',
        'zero',
        'five',
        'five',
        'five',
        'one',
        'two',
        'three',
        'four',
        'now',
      ],
    ]);
  });

  it('spells unknown acronyms letter by letter, keeps known ones and contractions', () => {
    const known = (w: string) => ['irs', "don't"].includes(w);
    expect(spokenWords("The IRS and the SSA: don't wait", known)).toEqual([
      'the',
      'irs',
      'and',
      'the',
      's',
      's',
      'a',
      "don't",
      'wait',
    ]);
  });

  it('reads letters and digits of codes apart', () => {
    expect(spokenWords('order AMZ0987 rated PG-13')).toEqual([
      'order',
      'amz',
      'zero',
      'nine',
      'eight',
      'seven',
      'rated',
      'pg',
      'thirteen',
    ]);
  });
});

describe('pronunciation dictionaries', () => {
  it('collects alternates and rejects phones the acoustic model lacks', () => {
    const d = parseDictionary('zelle Z EH L\nread R IY D\nread(2) R EH D\n', 'x.dict', true);
    expect(d.get('read')).toEqual(['R IY D', 'R EH D']);
    expect(() => parseDictionary('venmo V EH N M OH\n', 'x.dict', true)).toThrow('x.dict:1');
  });
});
