import { describe, expect, it } from 'vitest';
import { ASCII_CLASS, CLASSES, NON_ASCII } from '#core/scoring/char-classes';
import { ALL_RULES } from '#core/scoring/match';
import { prefixSets } from '#core/scoring/regex-prefix';
import { RuleScanner, scanGlobal } from '#core/scoring/rule-scan';
import { rule } from '#core/scoring/rule-types';

// Awkward spots for a prefix filter: text ends, curly apostrophes, digits, symbols, overlaps.
const TEXTS = [
  'buy google play gift cards, then gift card pin code. giftcards! itunes cards',
  'this is officer brown, badge number 4471. the police department will arrest you',
  'send $500 dollars by wire transfer today or the irs will sue. u.s. marshals',
  'don’t tell anyone, i’m in jail, grandma… please don’t tell mom',
  'press 1 to speak with a representative. press one. press 9',
  'your appointment is confirmed; you requested a call back at 1-800-555-0100',
  'remote access remote access remote access remote access anydesk',
  'grandma',
  'ssn',
  '',
];

describe('rule scan', () => {
  const scanner = new RuleScanner(ALL_RULES);

  it('finds exactly what a global scan of every rule finds', () => {
    for (const text of TEXTS) {
      const expected = ALL_RULES.map((r) => scanGlobal(text, r.lower));
      expect(scanner.scan(text)).toEqual(expected);
    }
  });

  it('counts only accepted matches, exactly as a global scan with the same filter', () => {
    // Reject every match that starts at an odd offset: rejected matches still end where the
    // rule's next match may start, so overlapping later matches are not found either.
    const accept = (_r: number, start: number, _end: number) => start % 2 === 0;
    for (const text of TEXTS) {
      const expected = ALL_RULES.map((r, i) =>
        scanGlobal(text, r.lower, (s, e) => accept(i, s, e)),
      );
      expect(scanner.scan(text, (r, s, e) => accept(r, s, e))).toEqual(expected);
    }
  });

  it('falls back to a global scan for a pattern the prefix analysis cannot read', () => {
    const echo = rule('test.echo', 'URGENCY', 'low', 'Repeated word.', /\b(\w+) \1\b/);
    expect(prefixSets(echo.sticky.source, echo.sticky.flags, 6)).toBeNull();
    const text = 'now now hurry hurry';
    expect(new RuleScanner([echo]).scan(text)).toEqual([scanGlobal(text, echo.lower)]);
  });
});

describe('regex prefix analysis', () => {
  // Every sticky match must start where the tables allow it, or the scan would miss it.
  const CASES: [RegExp, string][] = [
    [/\bx(?:y|)z/, 'xz xyz axz'],
    [/[^.?!]{0,3}q/, 'q aq ..q abcq'],
    [/ab{0,40}c/, 'ac abbbbbc'],
    [/(?:ab)+c/, 'abc ababc'],
    [/a\u2019b/, 'a’b'],
    [/\b(?:x|\$)\d/, '$5 x5 a$5'],
    [/[a-c\d]-?[^\w\s]/, 'a-! 5# c.'],
    [/(?=foo)f|ba(?!r)z?/, 'foo baz ba bar'],
  ];

  const classOf = (code: number) => (code < 128 ? ASCII_CLASS[code]! : NON_ASCII);

  it('allows the start of every match, for sample patterns and every rule on sample texts', () => {
    const cases: [RegExp, string][] = [
      ...CASES,
      ...ALL_RULES.flatMap((r) => TEXTS.map((t): [RegExp, string] => [r.lower, t])),
    ];
    let checked = 0;
    for (const [re, text] of cases) {
      const prefix = prefixSets(re.source, '', 4);
      expect(prefix, re.source).not.toBeNull();
      const sticky = new RegExp(re.source, 'y');
      for (let p = 0; p < text.length; p++) {
        sticky.lastIndex = p;
        if (sticky.exec(text) === null) continue;
        checked += 1;
        if (prefix!.wordStart) expect(/\w/.test(text[p - 1] ?? ' '), re.source).toBe(false);
        for (let j = 0; j < 4 && p + j < text.length; j++) {
          const a = classOf(text.charCodeAt(p + j));
          expect(prefix!.positions[j]![a], `${re.source} at ${p}+${j}`).toBe(1);
          if (j < 3 && p + j + 1 < text.length) {
            const b = classOf(text.charCodeAt(p + j + 1));
            expect(prefix!.pairs[j]![a * CLASSES + b], `${re.source} at ${p}+${j}`).toBe(1);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('rules out what a pattern cannot start with', () => {
    const prefix = prefixSets(/\bgift ?cards?/.source, '', 4)!;
    expect(prefix.wordStart).toBe(true);
    expect(prefix.positions[0]![classOf(103)]).toBe(1); // g
    expect(prefix.positions[0]![classOf(116)]).toBe(0); // t
    expect(prefix.pairs[0]![classOf(103) * CLASSES + classOf(97)]).toBe(0); // "ga"
  });
});
