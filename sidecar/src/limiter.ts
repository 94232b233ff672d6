/**
 * Bounded concurrency with a bounded FIFO queue. Decoding and recognition are CPU-bound, so
 * running more jobs than cores only makes every caller slower; beyond the queue we shed load
 * with 503 + Retry-After and let the Worker retry or fall back.
 */
import { SidecarError } from './errors';

interface Waiter {
  start: () => void;
}

/** Snapshot for /healthz. */
export interface LimiterStats {
  in_flight: number;
  queued: number;
  max_concurrency: number;
  max_queue: number;
}

/** Runs async jobs at most `maxConcurrency` at a time, `maxQueue` waiting. */
export class ConcurrencyLimiter {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  /** Smoothed job duration, for an honest Retry-After. */
  private avgJobMs = 2000;

  constructor(
    readonly maxConcurrency: number,
    readonly maxQueue: number,
  ) {}

  stats(): LimiterStats {
    return {
      in_flight: this.inFlight,
      queued: this.queue.length,
      max_concurrency: this.maxConcurrency,
      max_queue: this.maxQueue,
    };
  }

  /** Seconds until a slot is likely free, clamped to [1, 60]. */
  retryAfterSeconds(): number {
    const waves = (this.queue.length + 1) / this.maxConcurrency;
    return Math.min(60, Math.max(1, Math.ceil((waves * this.avgJobMs) / 1000)));
  }

  /**
   * Runs `job` when a slot is free. Rejects immediately with OVERLOADED when the queue is full,
   * and with `signal.reason` if the signal aborts while waiting. The slot is held until the job
   * has really settled, even if the caller stopped waiting for it.
   */
  async run<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    if (this.inFlight < this.maxConcurrency) {
      this.inFlight++;
    } else {
      if (this.queue.length >= this.maxQueue) {
        throw new SidecarError('OVERLOADED', 'The media sidecar is at capacity; retry later', {
          retryAfterS: this.retryAfterSeconds(),
        });
      }
      // The finishing job hands its slot over directly, so nobody can jump the queue.
      await this.wait(signal);
    }
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.avgJobMs = 0.8 * this.avgJobMs + 0.2 * (performance.now() - started);
      const next = this.queue.shift();
      if (next) next.start();
      else this.inFlight--;
    }
  }

  private wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }
}
