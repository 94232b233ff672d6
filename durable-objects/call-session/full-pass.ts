/**
 * The final pass: once a call ends, its audio is transcribed again in one piece.
 *
 * Speech recognisers hear far more with context: pocketsphinx turned the 10–15 s chunk of a
 * real robocall into "they use committed what had whittier" on its own, and into "suspicious
 * in fraudulent activities committed in the state of texas" as part of the whole call. Partial
 * results must come chunk by chunk; the final verdict can afford the better transcript.
 */

import { joinWavs } from '#core/audio/join-wav';
import type { CallSessionDeps } from './contract';
import type { FinalInput } from './finalize';
import type { SessionStore } from './storage';

/** The final transcript (full pass when possible) scored by the text engine, Gemini included. */
export async function gatherFinalInput(
  store: SessionStore,
  deps: CallSessionDeps,
): Promise<FinalInput> {
  const fullPass = await transcribeWholeCall(store, deps);
  const transcript = fullPass?.text || store.transcript();
  return {
    transcript,
    source: fullPass?.text ? 'full_pass' : 'chunks',
    text: transcript ? await deps.scoreFinal(transcript) : null,
    fullPassEngine: fullPass?.engine,
  };
}

/** Transcribes the whole call in one piece, when there was speech and it is short enough. */
async function transcribeWholeCall(store: SessionStore, deps: CallSessionDeps) {
  const heardSpeech = store.chunks().some((c) => c.transcription === 'ok');
  if (!heardSpeech || store.audioMs() > deps.settings.streams.fullPassMaxMs) return null;
  const wav = joinWavs(store.chunkAudio());
  if (!wav) return null;
  // Past the deadline for the call's length the final goes out with the chunk transcript.
  const heard = await deps.speech.transcribe(wav, {
    callId: store.stream()?.streamId ?? '',
    audioMs: store.audioMs(),
    attempts: 1,
    trim: true,
  });
  if (heard.ok) return { text: heard.result.text.trim(), engine: heard.result.engine.name };
  // The chunk transcript stands; the final says which one it used.
  deps.logger.warn('full_pass_unavailable', {
    stream_id: store.stream()?.streamId,
    code: heard.code,
  });
  return null;
}
