import { ms, percentile } from './stats';

export interface LoadOptions {
  url: string;
  init: () => RequestInit;
  /** Hard cap on requests. */
  requests: number;
  /** Hard cap on wall time, in milliseconds. */
  durationMs: number;
  concurrency: number;
}

/**
 * A bounded closed-loop load: `concurrency` workers send requests back to back until either
 * cap is reached. Reports throughput, latency percentiles and failures.
 */
export async function runLoad(options: LoadOptions): Promise<Record<string, string>> {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async () => {
    while (sent < options.requests && performance.now() < deadline) {
      sent++;
      const t0 = performance.now();
      try {
        const res = await fetch(options.url, {
          ...options.init(),
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: String(latencies.length),
    concurrency: String(options.concurrency),
    'req/s': (latencies.length / seconds).toFixed(0),
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    failures: String(failures),
  };
}
