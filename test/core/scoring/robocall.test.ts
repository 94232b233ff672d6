import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { matchRules } from '#core/scoring/match';

// Sentences written for these tests, in the shape of the unsolicited robocalls the FTC data is
// made of, and of the legitimate reminders that share their "press 1".
const PITCHES = [
  // The Medicare robocall's own words, quoted in issue 12.
  "Hi, this is Susan, I'm a Medicare health care advisor on a recorded line. Can you hear me okay?",
  "We've been trying to reach you about your car's extended warranty. This is your final courtesy call before we close your file. Press 1 to speak with a warranty specialist.",
  'Homeowners in your area may qualify for solar panels at zero out of pocket cost through a new state program. Press 1 to see if your home qualifies.',
  'You may be eligible for full student loan forgiveness under the new federal program. Your enrollment window closes Friday. Press 1 now.',
  'Good news for cardholders with over ten thousand dollars in credit card debt. You may qualify for a debt relief program. This is not a loan. Press 1 to speak with a specialist.',
  'This is a special offer for our valued customers: fifty percent off your satellite TV bill for a year. Press 1 now to claim your discount.',
];

const REMINDERS = [
  'This is Greenway Pharmacy with an automated message. Your prescription is ready for pickup. Press 1 to hear our store hours.',
  'This is a reminder of your appointment with Doctor Lee on Tuesday at nine. Press 1 to confirm or press 2 to reschedule.',
  "Hello, this is Hartley's Furniture. Your order has shipped and will be delivered Thursday between eight and noon. Press 1 to confirm the delivery window.",
];

describe('unsolicited robocall pitches', () => {
  it.each(PITCHES)('flags: %s', (text) => {
    const a = scoreTranscript(text);
    expect(a.verdict).not.toBe('SAFE');
    expect(a.signals.map((s) => s.category)).toContain('UNSOLICITED_PITCH');
  });

  it.each(REMINDERS)('keeps a reminder about what the callee has safe: %s', (text) => {
    const a = scoreTranscript(text);
    expect(a.verdict).toBe('SAFE');
    expect(a.signals.some((s) => s.counter)).toBe(true);
  });

  it('reads the script markers apart from the product', () => {
    const ids = (t: string) => matchRules(t).map((h) => h.rule.id);
    expect(ids('Can you hear me okay?')).toContain('ivr.script-opener');
    expect(ids('I am calling on a recorded line.')).toContain('ivr.script-opener');
    expect(ids('Your vehicle warranty is about to expire.')).toContain('pitch.product');
    expect(ids('See if you qualify today.')).toContain('pitch.eligibility');
    // Neither is a scam alone: a dealer talks about warranties, a reminder says "press 1".
    expect(
      scoreTranscript('Your vehicle warranty covers the repair.', { model: false }).verdict,
    ).toBe('SAFE');
  });
});

describe('what speech recognition hears of a Medicare robocall', () => {
  // pocketsphinx's transcript of the shared medicare_robocall.wav opening: "on" is lost.
  it('still hears the recorded-line notice and warns', () => {
    const heard = "i didn't i'm medicare health i got a recorded line you pay";
    expect(matchRules(heard).map((h) => h.rule.id)).toContain('ivr.script-opener');
    expect(scoreTranscript(heard).verdict).not.toBe('SAFE');
  });

  it('does not take an ordinary recording notice for one', () => {
    const notice = 'This call may be recorded for quality and training purposes.';
    expect(matchRules(notice).map((h) => h.rule.id)).not.toContain('ivr.script-opener');
  });
});
