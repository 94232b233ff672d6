/**
 * Audio sources for the live stream: the microphone through the resampling worklet, and a
 * local file decoded and resampled by the browser. Both deliver 16 kHz mono Float32 samples.
 */
import { isFromWorklet, PROCESSOR_NAME, SAMPLE_RATE, type ToWorklet } from './recorder-protocol';

/** The worklet's bundle, next to this page's (scripts/build-console.ts builds both). */
const WORKLET_URL = new URL('./recorder-worklet.js', import.meta.url);
/** How long stop() waits for the worklet to hand over its last samples. */
const FLUSH_TIMEOUT_MS = 1000;
/**
 * The microphone as it is, with the browser's call processing off. Echo cancellation, noise
 * suppression and automatic gain control are made for a person listening to a voice call;
 * what listens here is a speech recogniser, trained on unprocessed audio (pocketsphinx
 * normalises level itself, by each utterance's cepstral mean). Measured with the e2e console
 * test's scripts through Chromium's fake microphone, the audio sent aligned against the WAV it
 * plays (signal to distortion, per second):
 * - all three on (this page's old setting; AGC is on by default): −1 to 7 dB throughout, and
 *   pocketsphinx never heard "suspended" (4 runs: "your social security has been an").
 * - echo cancellation and noise suppression off, AGC on: 11–24 dB once settled, but the
 *   gain ramp (up to 2.5×) clipped the first 2–3 s, under 6 dB there.
 * - all off: 15–30 dB from the first second, no clipped sample, and nearly the same words as
 *   the file decoded directly ("…has been suspended due to…" in 3 of 4 runs).
 * Echo cancellation would also remove the caller's voice when the call plays from this
 * computer's speaker. A noisy room was not measured here. A quiet microphone needs no AGC: the
 * sidecar's silence and speech limits (−50 and −55 dBFS) are far below speech at any usable
 * input volume.
 */
const RAW_AUDIO: MediaTrackConstraints = {
  channelCount: 1,
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

/** A running microphone. */
export interface Microphone {
  /** Hands over the samples still batched in the worklet, then releases the microphone. */
  stop(): Promise<void>;
  /** The audio context's own rate, before resampling. */
  inputRate: number;
}

/** Opens the microphone and streams its samples, resampled to 16 kHz mono. */
export async function startMicrophone(
  onSamples: (samples: Float32Array) => void,
): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('This browser cannot record audio (no getUserMedia; is the page on https?).');
  }
  const media = await navigator.mediaDevices.getUserMedia({ audio: RAW_AUDIO });
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(WORKLET_URL);
  } catch (error) {
    for (const track of media.getTracks()) track.stop();
    await context.close();
    throw error;
  }
  const source = context.createMediaStreamSource(media);
  const node = new AudioWorkletNode(context, PROCESSOR_NAME, {
    numberOfInputs: 1,
    numberOfOutputs: 0,
  });
  const tell = (message: ToWorklet) => node.port.postMessage(message);
  let flushed: (() => void) | null = null;
  node.port.onmessage = (event: MessageEvent<unknown>) => {
    if (!isFromWorklet(event.data)) return;
    if (event.data.type === 'samples') onSamples(event.data.samples);
    else flushed?.();
  };
  source.connect(node);
  await context.resume();

  return {
    inputRate: context.sampleRate,
    stop: async () => {
      // Ask for the samples still batched in the worklet before tearing the graph down.
      await new Promise<void>((resolve) => {
        flushed = resolve;
        tell({ type: 'flush' });
        setTimeout(resolve, FLUSH_TIMEOUT_MS);
      });
      tell({ type: 'stop' });
      source.disconnect();
      for (const track of media.getTracks()) track.stop();
      await context.close();
    },
  };
}

/** Decodes an audio file (any format the browser knows) to 16 kHz mono samples. */
export async function decodeFile(file: Blob): Promise<Float32Array> {
  const bytes = await file.arrayBuffer();
  // decodeAudioData resamples to its context's rate, so a 16 kHz offline context does it all.
  const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
  const audio = await context.decodeAudioData(bytes);
  return mixToMono(audio);
}

/** Averages the channels of a decoded AudioBuffer into one. */
function mixToMono(audio: AudioBuffer): Float32Array {
  if (audio.numberOfChannels === 1) return audio.getChannelData(0).slice();
  const out = new Float32Array(audio.length);
  for (let c = 0; c < audio.numberOfChannels; c++) {
    audio.getChannelData(c).forEach((sample, i) => {
      out[i] = (out[i] ?? 0) + sample / audio.numberOfChannels;
    });
  }
  return out;
}
