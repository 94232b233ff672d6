/**
 * AudioWorklet that turns the microphone into 16 kHz mono Float32 blocks for the main thread.
 * It runs on the audio rendering thread, so it must never block: it filters, decimates and
 * posts batches of ~100 ms, and leaves WAV packing to the main thread. Built as a bundle of its
 * own (js/recorder-worklet.js): a worklet runs in its own global scope.
 */
import {
  type FromWorklet,
  isToWorklet,
  PROCESSOR_NAME,
  SAMPLE_RATE as TARGET_RATE,
} from './recorder-protocol';

// The AudioWorkletGlobalScope's globals, which TypeScript's DOM library does not describe.
// Declared in this module only, so the page's code cannot reach for them by mistake.
/** The audio context's rate, usually 44.1 or 48 kHz. */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new () => AudioWorkletProcessor & {
    process(inputs: Float32Array[][]): boolean;
  },
): void;

/** Samples per posted batch (100 ms at 16 kHz): few enough messages, low enough latency. */
const BATCH = 1600;

class RecorderProcessor extends AudioWorkletProcessor {
  private readonly step = sampleRate / TARGET_RATE;
  private readonly lowpass = makeLowpass(sampleRate, Math.min(7200, sampleRate * 0.45));
  private position = 0;
  private previous = 0;
  private readonly batch = new Float32Array(BATCH);
  private filled = 0;
  private running = true;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<unknown>) => {
      if (!isToWorklet(event.data)) return;
      this.post();
      if (event.data.type === 'flush') this.send({ type: 'flushed' });
      else this.running = false;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!this.running) return false;
    if (!channels?.[0]) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let mixed = 0;
      for (const channel of channels) mixed += channel[i] ?? 0;
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

  private push(sample: number): void {
    this.batch[this.filled++] = sample;
    if (this.filled === BATCH) this.post();
  }

  private post(): void {
    if (this.filled === 0) return;
    const samples = this.batch.slice(0, this.filled);
    this.send({ type: 'samples', samples }, [samples.buffer]);
    this.filled = 0;
  }

  private send(message: FromWorklet, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }
}

/** Second-order Butterworth low-pass (RBJ biquad) as a closure over its state. */
function makeLowpass(rate: number, cutoff: number): (x: number) => number {
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

registerProcessor(PROCESSOR_NAME, RecorderProcessor);
