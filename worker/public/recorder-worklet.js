/**
 * AudioWorklet that turns the microphone into 16 kHz mono Float32 blocks for the main thread.
 * It runs on the audio rendering thread, so it must never block: it filters, decimates and
 * posts batches of ~100 ms, and leaves WAV packing to the main thread.
 */

const TARGET_RATE = 16000;
/** Samples per posted batch (100 ms at 16 kHz): few enough messages, low enough latency. */
const BATCH = 1600;

class RecorderProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // `sampleRate` is a global of the worklet scope: the context's rate, usually 44.1/48 kHz.
    this.step = sampleRate / TARGET_RATE;
    this.lowpass = makeLowpass(sampleRate, Math.min(7200, sampleRate * 0.45));
    this.position = 0;
    this.previous = 0;
    this.batch = new Float32Array(BATCH);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') {
        this.post();
        this.port.postMessage({ type: 'flushed' });
      } else if (event.data?.type === 'stop') {
        this.post();
        this.running = false;
      }
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (!this.running) return false;
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let mixed = 0;
      for (const channel of channels) mixed += channel[i];
      // Low-pass before decimating so 8–24 kHz content does not alias into the speech band.
      const current = this.lowpass(mixed / channels.length);
      // Emit every output sample whose position falls between the previous input and this one,
      // interpolating linearly; `position` carries the fraction across render quanta.
      while (this.position <= 1) {
        this.push(this.previous + (current - this.previous) * this.position);
        this.position += this.step;
      }
      this.position -= 1;
      this.previous = current;
    }
    return true;
  }

  push(sample) {
    this.batch[this.filled++] = sample;
    if (this.filled === BATCH) this.post();
  }

  post() {
    if (this.filled === 0) return;
    const out = this.batch.slice(0, this.filled);
    this.port.postMessage({ type: 'samples', samples: out }, [out.buffer]);
    this.filled = 0;
  }
}

/** Second-order Butterworth low-pass (RBJ biquad) as a closure over its state. */
function makeLowpass(rate, cutoff) {
  const w = (2 * Math.PI * cutoff) / rate;
  const alpha = Math.sin(w) / Math.SQRT2;
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b0 = (1 - cos) / 2 / a0;
  const b1 = (1 - cos) / a0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  return (x) => {
    const y = b0 * x + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  };
}

registerProcessor('recorder-processor', RecorderProcessor);
