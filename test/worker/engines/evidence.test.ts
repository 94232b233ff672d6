import { describe, expect, it } from 'vitest';
import { locateQuote } from '../../../worker/engines/evidence';

const TRANSCRIPT =
  'Caller: This is   the Social\nSecurity office. Don’t hang up, İstanbul team here.';

describe('locateQuote', () => {
  it('finds an exact quote', () => {
    expect(locateQuote(TRANSCRIPT, 'Security office')).toEqual({
      text: 'Security office',
      start: 29,
      end: 44,
    });
  });

  it('finds a quote that differs in case and whitespace, and returns the transcript’s own text', () => {
    const found = locateQuote(TRANSCRIPT, 'this is the social security OFFICE');
    expect(found?.text).toBe('This is   the Social\nSecurity office');
    expect(TRANSCRIPT.slice(found?.start, found?.end)).toBe(found?.text);
  });

  it('matches straight quotes against curly ones and strips the model’s quotation marks', () => {
    const found = locateQuote(TRANSCRIPT, '"don\'t hang up…"');
    expect(found?.text).toBe('Don’t hang up');
  });

  it('maps offsets back through characters whose lower case is longer', () => {
    const found = locateQuote(TRANSCRIPT, 'i̇stanbul team');
    expect(found?.text).toBe('İstanbul team');
  });

  it.each([
    ['an invented quote', 'send gift cards now'],
    ['a quote too short to prove anything', 'is'],
    ['an empty quote', ''],
    ['no quote', undefined],
  ])('returns nothing for %s', (_label, quote) => {
    expect(locateQuote(TRANSCRIPT, quote)).toBeUndefined();
  });
});
