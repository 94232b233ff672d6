import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { ALL_RULES, matchRules } from '#core/scoring/match';
import type { SignalCategoryName } from '#core/scoring/taxonomy';
import {
  ACOUSTIC_CATEGORIES,
  CAMPAIGN_CATEGORIES,
  isCounterSignal,
  SIGNAL_CATEGORIES,
} from '#core/scoring/taxonomy';

/** One sentence per text category that must raise it. */
const EXAMPLES: Record<string, string> = {
  AUTHORITY_IMPERSONATION:
    'This is a call from the Social Security Administration about your file.',
  URGENCY: 'You must respond within 24 hours or the offer is gone.',
  THREAT: 'If you ignore this there will be a warrant for your arrest.',
  PAYMENT_DEMAND: 'Go to the store and buy Google Play gift cards for the payment.',
  SENSITIVE_INFO_REQUEST: 'Please read me your social security number to continue.',
  REMOTE_ACCESS: 'Download AnyDesk so our technician can fix your computer.',
  SECRECY: 'Keep this confidential and do not tell anyone at the bank.',
  TOO_GOOD_TO_BE_TRUE: 'Congratulations, you have won a free cruise to the Bahamas.',
  ROBOCALL_IVR: 'Press 1 now to speak with a live representative.',
  UNSOLICITED_PITCH: 'You may qualify for a new solar program at zero out of pocket cost.',
  CALLBACK_PRESSURE: 'Call us back at 1-888-555-0100 as soon as you get this.',
  EMOTIONAL_MANIPULATION: "Grandma, I'm in jail and I need bail money, please help me.",
  INDEPENDENT_VERIFICATION: 'If in doubt, call the number on the back of your card.',
  NO_SENSITIVE_REQUEST: 'Remember, we will never ask for your PIN over the phone.',
  ESTABLISHED_RELATIONSHIP: 'I am calling to confirm your appointment for Tuesday at noon.',
};

/** Categories the rules find: not the model's, not the audio's, not the campaigns'. */
const NOT_RULES: readonly string[] = [
  'LANGUAGE_MODEL',
  ...ACOUSTIC_CATEGORIES,
  ...CAMPAIGN_CATEGORIES,
];
const TEXT_CATEGORIES = SIGNAL_CATEGORIES.filter((c) => !NOT_RULES.includes(c));

describe('rule categories', () => {
  it('has an example for every text category of the taxonomy', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...TEXT_CATEGORIES].sort());
  });

  it('counts a legitimate campaign as a counter-signal and a scam campaign as a signal', () => {
    expect(SIGNAL_CATEGORIES).toEqual(expect.arrayContaining([...CAMPAIGN_CATEGORIES]));
    expect(isCounterSignal('KNOWN_LEGITIMATE_CAMPAIGN')).toBe(true);
    expect(isCounterSignal('KNOWN_SCAM_CAMPAIGN')).toBe(false);
  });

  it.each(Object.entries(EXAMPLES))('detects %s', (category, text) => {
    const a = scoreTranscript(text, { model: false });
    expect(a.signals.map((s) => s.category)).toContain(category as SignalCategoryName);
  });

  it('marks counter-signals with counter: true and only those', () => {
    const a = scoreTranscript(
      `${EXAMPLES.NO_SENSITIVE_REQUEST ?? ''} ${EXAMPLES.PAYMENT_DEMAND ?? ''}`,
      { model: false },
    );
    for (const s of a.signals) {
      expect(s.counter === true).toBe(s.category === 'NO_SENSITIVE_REQUEST');
    }
  });

  it('quotes evidence whose offsets slice back to the quoted text', () => {
    const text = Object.values(EXAMPLES).join('  \n');
    const a = scoreTranscript(text);
    expect(a.signals.length).toBeGreaterThan(10);
    for (const s of a.signals) {
      expect(s.evidence).toBeDefined();
      const e = s.evidence!;
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(e.text.length).toBeGreaterThan(0);
    }
  });

  it('compiles every rule for lower-cased text (global and sticky) with unique ids', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(ids.size).toBe(ALL_RULES.length);
    for (const r of ALL_RULES) {
      expect(r.lower.flags).toBe('g');
      expect(r.sticky.flags).toBe('y');
      // Lower-case patterns only (an escape such as \W aside): the text they run on is lower-cased.
      expect(r.lower.source, r.id).not.toMatch(/(?<!\\)[A-Z]/);
    }
  });

  it('leaves no regex state behind between calls', () => {
    const text = EXAMPLES.PAYMENT_DEMAND ?? '';
    expect(matchRules(text)).toEqual(matchRules(text));
  });

  it('matches case-insensitively and across curly apostrophes', () => {
    const a = scoreTranscript('DON’T TELL ANYONE about this GIFT CARD payment.', { model: false });
    const cats = a.signals.map((s) => s.category);
    expect(cats).toContain('SECRECY');
    expect(cats).toContain('PAYMENT_DEMAND');
  });
  // Who a refund belongs to decides what it means: offered to the callee it is a lure, claimed
  // by the caller it is a customer chasing their own money.
  const ruleIds = (text: string) => matchRules(text).map((h) => h.rule.id);

  it.each([
    'You are owed a refund of two hundred dollars.',
    'We will refund you once you log in.',
    'This is the refund department calling about your refund.',
  ])('flags a refund offered to the callee: %s', (text) => {
    expect(ruleIds(text)).toContain('lure.refund');
  });

  it.each([
    'I have been waiting a month for my refund.',
    "I'd prefer a replacement but a refund to my card is fine too.",
  ])('does not treat the caller claiming their own refund as a lure: %s', (text) => {
    expect(ruleIds(text)).not.toContain('lure.refund');
  });

  it.each([
    'I want my money back.',
    "I still haven't received my refund.",
    'The kettle I bought from your store stopped working after a week.',
    'I have been waiting three weeks for my order.',
    'The parcel arrived damaged.',
    'You charged me twice this month.',
    "I'm calling to complain about the service.",
  ])('recognises a customer chasing their own purchase: %s', (text) => {
    expect(ruleIds(text)).toContain('counter.customer-grievance');
  });
});
