/**
 * What the page (recorder.ts) and the microphone worklet (recorder-worklet.ts) say to each
 * other, and the rate they agree on. The worklet is a bundle of its own, so this module holds
 * only what both need.
 */

/** The rate every sample the page handles is at: the stream's 16 kHz mono. */
export const SAMPLE_RATE = 16000;

/** The name the worklet registers its processor under. */
export const PROCESSOR_NAME = 'recorder-processor';

/** Page → worklet: hand over what is batched (answered by `flushed`), or stop for good. */
export type ToWorklet = { type: 'flush' } | { type: 'stop' };

/** Worklet → page: a batch of 16 kHz samples, or the answer to `flush`. */
export type FromWorklet = { type: 'samples'; samples: Float32Array } | { type: 'flushed' };

/** Narrows a message event's data to a worklet message (anything else is not one). */
export function isFromWorklet(data: unknown): data is FromWorklet {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  if (data.type === 'flushed') return true;
  return data.type === 'samples' && 'samples' in data && data.samples instanceof Float32Array;
}

/** Narrows a message event's data to a page message. */
export function isToWorklet(data: unknown): data is ToWorklet {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    (data.type === 'flush' || data.type === 'stop')
  );
}
