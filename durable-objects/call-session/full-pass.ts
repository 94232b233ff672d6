/**
 * The final pass: once a call ends, its audio is transcribed again in one piece.
 *
 * Speech recognisers hear far more with context: pocketsphinx turned the 10–15 s chunk of a
 * real robocall into "they use committed what had whittier" on its own, and into "suspicious
 * in fraudulent activities committed in the state of texas" as part of the whole call. Partial
 * results must come chunk by chunk; the final verdict can afford the better transcript.
 */

import { joinWavs } from '#core/audio/join-wav';
import type { Services } from '../../worker/services';
import { processWithRetry, SidecarCallError } from '../../worker/services/sidecar-client';
import { sidecarDeadlineMs } from '../../worker/services/sidecar-deadline';
import type { FinalInput } from './finalize';
import type { SessionStore } from './storage';

/** The final transcript (full pass when possible) scored by the text engine, Gemini included. */
export async function gatherFinalInput(
  store: SessionStore,
  services: Services,
): Promise<FinalInput> {
  const fullPass = await transcribeWholeCall(store, services);
  const transcript = fullPass?.text || store.transcript();
  return {
    transcript,
    source: fullPass?.text ? 'full_pass' : 'chunks',
    text: transcript ? await services.textEngine.analyze(transcript, { final: true }) : null,
    fullPassEngine: fullPass?.engine,
  };
}

/** Transcribes the whole call in one piece, when there was speech and it is short enough. */
async function transcribeWholeCall(store: SessionStore, services: Services) {
  const heardSpeech = store.chunks().some((c) => c.transcription === 'ok');
  if (!heardSpeech || store.audioMs() > services.config.streams.fullPassMaxMs) return null;
  const wav = joinWavs(store.chunkAudio());
  if (!wav) return null;
  try {
    // Past the deadline for the call's length the final goes out with the chunk transcript.
    const result = await processWithRetry(
      services.sidecar,
      wav,
      { transcribe: true, trim: true },
      { attempts: 1, totalMs: sidecarDeadlineMs(store.audioMs()) },
    );
    return { text: result.text.trim(), engine: result.engine.name };
  } catch (error) {
    // The chunk transcript stands; the final says which one it used.
    services.logger.warn('full_pass_unavailable', {
      stream_id: store.stream()?.streamId,
      code: error instanceof SidecarCallError ? error.code : 'INTERNAL',
    });
    return null;
  }
}
