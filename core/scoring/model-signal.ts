/**
 * The language model's contribution as a report signal. Pure: no runtime-specific imports.
 */
import type { Signal } from '../schemas/report';
import { round4 } from '../thresholds';
import type { ModelResult } from './model';

// Below this probability the model does not argue for "scam", so no signal is shown.
const SHOW_FROM = 0.5;

/** A LANGUAGE_MODEL signal quoting the strongest scam n-gram, or null when the model is not worried. */
export function modelSignal(
  transcript: string,
  result: ModelResult,
  probability: number,
): Signal | null {
  if (probability < SHOW_FROM) return null;
  const severity = probability >= 0.9 ? 'high' : probability >= 0.7 ? 'medium' : 'low';
  const signal: Signal = {
    category: 'LANGUAGE_MODEL',
    detail: `Wording typical of scam calls (model probability ${round4(probability)}).`,
    severity,
  };
  if (result.top) {
    const { start, end } = result.top;
    signal.evidence = { text: transcript.slice(start, end), start, end };
  }
  return signal;
}
