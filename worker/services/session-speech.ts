import type { SessionSpeech } from '../../durable-objects/call-session/contract';
import { processWithRetry, SidecarCallError, type SidecarClient } from './sidecar-client';
import { sidecarDeadlineMs } from './sidecar-deadline';

/**
 * The media sidecar as a CallSession sees it: each window (and the final pass) sent with its
 * call's id, so the pool keeps a call on one instance, retried within the deadline for its
 * length, and any failure told as its code.
 */
export function sessionSpeech(sidecar: SidecarClient): SessionSpeech {
  return {
    async transcribe(wav, { callId, audioMs, attempts, trim, contextMs }) {
      try {
        const result = await processWithRetry(
          sidecar,
          wav,
          { transcribe: true, trim, ...(contextMs ? { context_ms: contextMs } : {}) },
          { attempts, totalMs: sidecarDeadlineMs(audioMs), ...(callId ? { key: callId } : {}) },
        );
        return { ok: true, result };
      } catch (error) {
        return { ok: false, code: error instanceof SidecarCallError ? error.code : 'INTERNAL' };
      }
    },
    speak: (text) => sidecar.speak(text),
  };
}
