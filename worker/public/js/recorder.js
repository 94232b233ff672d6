/**
 * Audio sources for the live stream: the microphone through the resampling worklet, and a
 * local file decoded and resampled by the browser. Both deliver 16 kHz mono Float32 samples.
 */
import { SAMPLE_RATE } from './chunker.js';
import { mixToMono } from './wav.js';

const WORKLET_URL = new URL('../recorder-worklet.js', import.meta.url);
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
const RAW_AUDIO = {
  channelCount: 1,
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

/**
 * Opens the microphone and streams its samples, resampled to 16 kHz mono.
 * @param {(samples: Float32Array) => void} onSamples
 * @returns {Promise<{stop: () => Promise<void>, inputRate: number}>}
 */
export async function startMicrophone(onSamples) {
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
  const node = new AudioWorkletNode(context, 'recorder-processor', {
    numberOfInputs: 1,
    numberOfOutputs: 0,
  });
  let flushed = null;
  node.port.onmessage = (event) => {
    if (event.data.type === 'samples') onSamples(event.data.samples);
    else if (event.data.type === 'flushed') flushed?.();
  };
  source.connect(node);
  await context.resume();

  return {
    inputRate: context.sampleRate,
    stop: async () => {
      // Ask for the samples still batched in the worklet before tearing the graph down.
      await new Promise((resolve) => {
        flushed = resolve;
        node.port.postMessage({ type: 'flush' });
        setTimeout(resolve, FLUSH_TIMEOUT_MS);
      });
      node.port.postMessage({ type: 'stop' });
      source.disconnect();
      for (const track of media.getTracks()) track.stop();
      await context.close();
    },
  };
}

/**
 * Decodes an audio file (any format the browser knows) to 16 kHz mono samples.
 * @param {Blob} file
 * @returns {Promise<Float32Array>}
 */
export async function decodeFile(file) {
  const bytes = await file.arrayBuffer();
  // decodeAudioData resamples to its context's rate, so a 16 kHz offline context does it all.
  const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
  const audio = await context.decodeAudioData(bytes);
  return mixToMono(audio);
}
