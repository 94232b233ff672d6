import { describe, expect, it } from 'vitest';
import { garblePairs, isGarbled } from '#core/scoring/garble';
import { scoreTranscript } from '#core/scoring/index';
import { wordCounts } from '#core/scoring/signals';

const garbled = (t: string) => isGarbled(t.toLowerCase(), wordCounts(t).words);

// Written for these tests in the way a recogniser mangles a muffled phone call: runs of common
// words in orders English never uses. Each stands for a harmless call (a dentist, a delivery,
// a bank's genuine alert, a garage).
const GARBLE = [
  'hello the we calling from the your dentist on the we and tuesday the that at two you can call the front desk',
  'your you parcel is the on the way and the driver the we leave it at the front door thanks',
  'on the fraud team the we noticed a purchase the or the on your debit card the that the we will never ask',
  'the your car is ready your we fixed the brakes and the total is on the invoice call me today',
];

// Ordinary English that puts a short word after "the" or "your".
const CLEAN = [
  "I'm calling from the IT department about the laptop you ordered.",
  "You'll be in the OR at nine, and the on-call nurse will meet you.",
  'The US embassy is closed on Monday; the so called holiday hours apply.',
  'Get from A to B, and remember plan A is cheaper. Say hi to your in-laws.',
];

describe('recogniser garble', () => {
  it.each(GARBLE)('reads as garble: %s', (text) => {
    expect(garblePairs(text.toLowerCase())).toBeGreaterThanOrEqual(2);
    expect(garbled(text)).toBe(true);
  });

  it.each(CLEAN)('is not garble: %s', (text) => {
    expect(garblePairs(text.toLowerCase())).toBe(0);
    expect(garbled(text)).toBe(false);
  });

  it('counts overlapping pairs and needs them dense', () => {
    expect(garblePairs('the the the')).toBe(2);
    // Two slips in a long, otherwise ordinary call are typing, not garble.
    const long = `${'we can see the order on your account and it ships today. '.repeat(8)}the the end, your you know.`;
    expect(garblePairs(long.toLowerCase())).toBe(2);
    expect(garbled(long)).toBe(false);
  });

  it.each(GARBLE)(
    'scores garble with the rules alone, and a harmless one stays safe: %s',
    (text) => {
      const a = scoreTranscript(text);
      expect(a.scam_score).toBe(scoreTranscript(text, { model: false }).scam_score);
      expect(a.signals.some((s) => s.category === 'LANGUAGE_MODEL')).toBe(false);
      expect(a.verdict).toBe('SAFE');
    },
  );

  it('still warns on garble whose phrases the rules read', () => {
    const scam =
      'the we your social security number has been suspended the you press one to speak with an officer or the your arrest warrant';
    expect(garbled(scam)).toBe(true);
    expect(scoreTranscript(scam).verdict).not.toBe('SAFE');
  });
});
