/**
 * Recommendation and neutral summary for an analysis. Pure: no runtime-specific imports.
 */
import type { Analysis, Signal } from '../schemas/report';
import { clamp01, round4, type Thresholds, type VerdictName, verdictFor } from '../thresholds';
import type { SignalCategoryName } from './taxonomy';

// Ordered by how specific and how dangerous the advice is: a gift-card demand is the most
// decisive thing to warn about, so it wins over a generic "be careful".
const ADVICE: readonly (readonly [string, SignalCategoryName, string])[] = [
  [
    'payment.gift-card',
    'PAYMENT_DEMAND',
    'Hang up. No government agency or company accepts gift cards as payment; anyone who asks for them is a scammer.',
  ],
  [
    '',
    'REMOTE_ACCESS',
    'Hang up and do not install anything or let the caller control your computer or phone. Real support teams do not call you first.',
  ],
  [
    '',
    'PAYMENT_DEMAND',
    'Do not send money, wire funds, buy crypto or move savings because of this call. Hang up and contact your bank through the number on your card.',
  ],
  [
    '',
    'SENSITIVE_INFO_REQUEST',
    'Do not share codes, PINs, passwords, card or social security numbers. Hang up and call the organisation back on its official number.',
  ],
  [
    '',
    'EMOTIONAL_MANIPULATION',
    'Hang up and check on your loved one directly through a number you already know before sending any money.',
  ],
  [
    '',
    'THREAT',
    'Hang up. Government agencies and banks do not threaten arrest or suspension over the phone; verify through their official number.',
  ],
  [
    '',
    'AUTHORITY_IMPERSONATION',
    'Verify who is calling: hang up and call the organisation back on a number from its official website or your card.',
  ],
  [
    '',
    'TOO_GOOD_TO_BE_TRUE',
    'Be sceptical of prizes, refunds or offers you did not ask for; never pay a fee to receive money.',
  ],
  [
    '',
    'ROBOCALL_IVR',
    'Do not press any keys for unsolicited recorded calls; hang up and block the number.',
  ],
];

/** Advice that fits the strongest signals of a verdict. */
export function recommendationFor(verdict: VerdictName, signals: readonly Signal[]): string {
  if (verdict === 'SAFE')
    return 'No scam indicators of concern. Stay alert if the caller later asks for money or personal details.';
  const present = new Set(signals.filter((s) => !s.counter).map((s) => s.category));
  const giftCard = signals.some((s) => s.detail.toLowerCase().includes('gift card'));
  for (const [ruleId, category, text] of ADVICE) {
    if (ruleId === 'payment.gift-card' ? giftCard : present.has(category)) return text;
  }
  return verdict === 'SUSPICIOUS'
    ? 'Proceed with caution: do not share personal or payment details until you have verified the caller independently.'
    : 'Hang up and verify the caller through an official number before doing anything they ask.';
}

/**
 * A short neutral summary: size of the call and the kinds of signals, never its words.
 * `words` counts whitespace-separated runs (`WordCounts.fields`).
 */
export function summaryFor(words: number, signals: readonly Signal[]): string {
  const label = (c: string) => c.toLowerCase().replaceAll('_', ' ');
  const scam = [...new Set(signals.filter((s) => !s.counter).map((s) => label(s.category)))];
  const counter = [...new Set(signals.filter((s) => s.counter).map((s) => label(s.category)))];
  const parts = [`${words}-word transcript.`];
  parts.push(
    scam.length > 0 ? `Scam indicators: ${scam.join(', ')}.` : 'No scam indicators found.',
  );
  if (counter.length > 0) parts.push(`Reassuring signs: ${counter.join(', ')}.`);
  return parts.join(' ');
}

/**
 * `analysis` after an adjustment made outside the engines (a labelled campaign, the caller's
 * trust): its new score (clamped, rounded), the signals the adjustment `added`, and the verdict
 * and recommendation derived again from them. Scam signals stay before counter-signals, as
 * the engines order them: an added scam signal goes after the call's own scam signals, an added
 * counter-signal after its counter-signals.
 */
export function rescored(
  analysis: Analysis,
  score: number,
  added: readonly Signal[],
  thresholds: Thresholds,
): Analysis {
  const scam_score = round4(clamp01(score));
  const verdict = verdictFor(scam_score, thresholds);
  const signals = [
    ...analysis.signals.filter((s) => !s.counter),
    ...added.filter((s) => !s.counter),
    ...analysis.signals.filter((s) => s.counter),
    ...added.filter((s) => s.counter),
  ];
  return {
    ...analysis,
    scam_score,
    verdict,
    signals,
    recommendation: recommendationFor(verdict, signals),
  };
}
