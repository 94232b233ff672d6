import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { matchRules } from '#core/scoring/match';
import { RequestScope } from '#core/scoring/scope';
import type { SignalCategoryName } from '#core/scoring/taxonomy';

const categories = (text: string): SignalCategoryName[] =>
  matchRules(text).map((h) => h.rule.category);

describe('a denied request is a counter-signal, not a request', () => {
  it.each([
    'We will never ask for your PIN or your online banking password.',
    "Don't give anyone your PIN.",
    'Never share this code with anyone.',
    'Lakeshore Credit Union will never ask you for the codes we send you by text.',
    "I won't ask you for your password, your PIN, or any code sent to your phone.",
    'Please do not share your card number or PIN with anyone who calls you.',
  ])('%s', (text) => {
    const cats = categories(text);
    expect(cats).not.toContain('SENSITIVE_INFO_REQUEST');
    expect(cats).toContain('NO_SENSITIVE_REQUEST');
  });

  it('says so for the sentences of the legitimate bank alert in issue 12', () => {
    const text =
      'This is a message from your bank about a card payment. Please call the customer service number printed on the back of your card. We will never ask for your full card number or PIN.';
    const a = scoreTranscript(text);
    expect(a.signals.map((s) => s.category)).not.toContain('SENSITIVE_INFO_REQUEST');
    expect(a.signals.filter((s) => s.counter).map((s) => s.category)).toEqual(
      expect.arrayContaining(['NO_SENSITIVE_REQUEST', 'INDEPENDENT_VERIFICATION']),
    );
    expect(a.verdict).toBe('SAFE');
  });

  it('does not flag the CallShield "Legitimate Bank Alert" sample for its negated request', () => {
    // Read from the shared eval data rather than copied into the repository.
    const dev = resolve(import.meta.dirname, '../../../../shared/eval/dev.jsonl');
    if (!existsSync(dev)) {
      console.warn(`skipped: ${dev} is absent`);
      return;
    }
    const row = readFileSync(dev, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"callshield-19"'))
      .map((l) => JSON.parse(l) as { transcript: string })[0];
    expect(row?.transcript).toContain('PIN');
    const a = scoreTranscript(row!.transcript);
    expect(a.signals.map((s) => s.category)).not.toContain('SENSITIVE_INFO_REQUEST');
    expect(a.verdict).toBe('SAFE');
  });
});

describe('what stays a request', () => {
  it.each([
    // A condition, not a denial.
    "If you don't give me the verification code, your account will be closed today.",
    // The denial covers its own clause; the request after "just" is live.
    'We never ask for your PIN, just read me the code we sent to your phone.',
    // Secrecy about the call is no denial of the ask in it.
    'Read me your password, and do not tell anyone about this call.',
  ])('%s', (text) => {
    expect(categories(text)).toContain('SENSITIVE_INFO_REQUEST');
  });

  it('keeps a gift card payment asked for in secret', () => {
    expect(categories("Don't tell anyone about this gift card payment.")).toContain(
      'PAYMENT_DEMAND',
    );
  });
});

describe('who is asking', () => {
  it('takes the speaker’s own secret as no request', () => {
    expect(categories('I forgot my password and now I am locked out.')).not.toContain(
      'SENSITIVE_INFO_REQUEST',
    );
    expect(categories('Please read me your password.')).toContain('SENSITIVE_INFO_REQUEST');
    expect(
      categories('I just got a text with a security code from you, but I never tried to log in.'),
    ).not.toContain('SENSITIVE_INFO_REQUEST');
    expect(categories('I would recommend changing your password in the app.')).not.toContain(
      'SENSITIVE_INFO_REQUEST',
    );
    expect(categories('I have sent you a security code, read it to me.')).toContain(
      'SENSITIVE_INFO_REQUEST',
    );
  });

  it('takes a gift card the callee is given as no payment demand', () => {
    expect(
      categories('You will receive a $25 gift card for every friend you refer.'),
    ).not.toContain('PAYMENT_DEMAND');
    expect(categories('Pay the fine with a $25 gift card.')).toContain('PAYMENT_DEMAND');
  });

  it('takes a payment the callee made and asks about as no payment demand', () => {
    expect(
      categories('I am returning your call about the wire transfer you asked about this morning.'),
    ).not.toContain('PAYMENT_DEMAND');
    expect(categories('Send the money by wire transfer before noon.')).toContain('PAYMENT_DEMAND');
  });

  it('takes a threat ruled out in the same breath as no threat', () => {
    expect(categories('I will cancel the alarm and no police will be dispatched.')).not.toContain(
      'THREAT',
    );
    expect(categories('If you do not pay, the police will come to your house.')).toContain(
      'THREAT',
    );
  });
});

describe('RequestScope', () => {
  it('spans a denial to the end of its clause', () => {
    const text = 'we will never ask for your pin. read me the code.';
    const scope = new RequestScope(text);
    expect(scope.denied(text.indexOf('pin'))).toBe(true);
    expect(scope.denied(text.indexOf('code'))).toBe(false);
  });

  it('reads "my" and "my own" before a secret, and only as whole words', () => {
    const text = 'my pin, my own password, enemy pin';
    const scope = new RequestScope(text);
    expect(scope.own(text.indexOf('pin'))).toBe(true);
    expect(scope.own(text.indexOf('password'))).toBe(true);
    expect(scope.own(text.lastIndexOf('pin'))).toBe(false);
  });
});
