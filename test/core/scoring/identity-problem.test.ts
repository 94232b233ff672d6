/**
 * Issue #22's product decision, sentence by sentence: a caller naming a well-known company,
 * bank or agency who reports a problem the callee never raised warns, even before anything is
 * asked; a support line handling the callee's own request does not. Whole calls of both kinds
 * are in hard-cases-e.jsonl.
 */
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { matchRules } from '#core/scoring/match';

const ruleIds = (text: string): string[] => matchRules(text).map((h) => h.rule.id);

describe('a named company, bank or agency', () => {
  it.each([
    'Hello, this is Amazon.',
    'Hi, I am calling from Coinbase security.',
    'Hello, this is the Chase security team.',
    'Hi, this is Walmart customer care.',
    'This call is from the Social Security Administration.',
    'Hello, this is DHL express.',
  ])('is an identity claim: %s', (text) => {
    expect(ruleIds(text)).toContain('authority.named-company');
  });

  it.each([
    'I ordered a lamp on Amazon last week.',
    'We had lunch at the Apple Valley diner.',
    'Do you want to watch something on Netflix tonight?',
  ])('is not when the callee merely mentions it: %s', (text) => {
    expect(ruleIds(text)).not.toContain('authority.named-company');
  });
});

describe('a problem the caller reports', () => {
  it.each([
    'Your iCloud account has been breached.',
    'Your Social Security number has been suspended.',
    'Your protection plan has been automatically renewed for two years.',
    'We are calling about an order placed on your account for a new laptop.',
    "We've detected several unauthorized transactions this morning.",
    'Someone tried to withdraw your bitcoin from a new device.',
    'A package in your name has been seized by customs.',
    'There is a problem with your tax return.',
    'Your benefits will be stopped at the end of the month.',
  ])('counts: %s', (text) => {
    expect(ruleIds(text)).toContain('threat.unraised-problem');
  });

  it.each([
    'Your order has shipped and will arrive on Thursday.',
    'Your card works abroad and has no foreign transaction fee.',
    'Your refund went back to the card you paid with.',
    'I have a table under your name for eight people.',
    'Someone from our team will call you about your appointment.',
  ])('routine service news does not: %s', (text) => {
    expect(ruleIds(text)).not.toContain('threat.unraised-problem');
  });

  it('does not count once the callee raised the problem themselves', () => {
    const own =
      'Thank you for calling Wells Fargo. Hi, my debit card was stolen this morning. ' +
      'I am sorry. Your card has been locked now and a new one is on its way.';
    expect(ruleIds(own)).not.toContain('threat.unraised-problem');
    const cancel =
      'Norton support. I would like to cancel my subscription please. ' +
      'Okay, your subscription has been cancelled.';
    expect(ruleIds(cancel)).not.toContain('threat.unraised-problem');
    // The same report with nothing raised first counts.
    expect(ruleIds('Norton support here. Your subscription has been renewed.')).toContain(
      'threat.unraised-problem',
    );
  });
});

describe('verdicts (the product decision)', () => {
  it.each([
    'Hello, this is Amazon customer service. We are calling about an order placed on your account for an iPhone. If you did not place this order, stay on the line.',
    'Hi, this is Apple support. Your iCloud account has been breached and someone downloaded your photos.',
    'Hello, I am calling from the Social Security office. Your benefits have been put on hold because of an issue with your identity.',
  ])('warns before anything is asked: %s', (text) => {
    expect(scoreTranscript(text).verdict).not.toBe('SAFE');
  });

  it.each([
    'Thank you for calling Amazon, this is Rachel. Hi, I ordered shoes and they sent the wrong size. I will send the right pair today and email you a return label.',
    'Hello, this is Xfinity calling to confirm the technician visit you scheduled for Thursday afternoon.',
    "Hello, this is Kevin from Microsoft support returning your call about the ticket you opened. Outlook keeps asking for your password; let's remove the old profile and add it again.",
  ])('a support line handling the callee’s own request stays SAFE: %s', (text) => {
    expect(scoreTranscript(text).verdict).toBe('SAFE');
  });
});
