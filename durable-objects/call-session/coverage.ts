/**
 * How much of a call was heard, and what its final says when that was too little. Pure: no
 * runtime APIs.
 *
 * A call whose speech service failed halfway is not a call that said nothing: when the sidecar
 * died during a live stream, 6 of 7 chunks came back `unavailable` and the final used to read
 * SAFE, "No scam indicators of concern". The verdict still follows the score of what was heard
 * (every verdict comes from the thresholds), but the final says the call could not be judged,
 * and sends it to review.
 */
import type { ChunkResult, Coverage } from '#core/schemas/stream-protocol';

/**
 * Below this share of the call's audio heard, the call is not judged. Half: a verdict on the
 * other half would rest on a guess about what the caller said there.
 */
export const MIN_HEARD_SHARE = 0.5;

/** One window of the call as stored. */
export interface HeardWindow {
  durationMs: number;
  transcription: ChunkResult['transcription'];
}

/**
 * The call's coverage. A window is heard when it was transcribed or measured silent; when the
 * final pass transcribed the whole call again (`fullPass`), every window was heard.
 */
export function coverageOf(windows: readonly HeardWindow[], fullPass: boolean): Coverage {
  const heard = fullPass ? windows : windows.filter((w) => w.transcription !== 'unavailable');
  const ms = (list: readonly HeardWindow[]) => list.reduce((sum, w) => sum + w.durationMs, 0);
  const receivedMs = ms(windows);
  const heardMs = ms(heard);
  return {
    windows_received: windows.length,
    windows_heard: heard.length,
    received_ms: receivedMs,
    heard_ms: heardMs,
    judged: receivedMs === 0 || heardMs >= MIN_HEARD_SHARE * receivedMs,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a final says instead when its call could not be judged. */
export function unjudged(
  coverage: Coverage,
  final: { verdict: string; recommendation: string },
): { recommendation: string; review_reason: string } {
  const why = `This call could not be judged: only ${seconds(coverage.heard_ms)} of its ${seconds(coverage.received_ms)} of audio could be transcribed.`;
  return {
    review_reason: why,
    // A SAFE verdict on what little was heard is no all-clear; a higher one still warns.
    recommendation:
      final.verdict === 'SAFE'
        ? `${why} Do not treat it as safe: review it, or verify the caller independently.`
        : `${why} From what was heard: ${final.recommendation}`,
  };
}
