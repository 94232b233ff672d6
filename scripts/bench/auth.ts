import { ms, percentile } from './stats';

/** What the auth bench measured. */
export interface AuthOverhead {
  rows: Record<string, string>[];
  notes: string[];
}

/**
 * What an organisation API key adds to `POST /analyze/text`: the same request is sent with and
 * without the key, one at a time, alternating (in a shuffled order each round) so that machine
 * load and JIT warm-up fall on both alike. With auth off, a request without credentials acts
 * for the open organisation and is stored the same way, so the only difference is
 * authentication: after the first request the key's lookup is served from the cache.
 * Bounded by `rounds` and `durationMs`.
 */
export async function benchApiKeyOverhead(
  workerUrl: string,
  apiKey: string,
  transcript: string,
  options: { rounds: number; durationMs: number } = { rounds: 1_000, durationMs: 60_000 },
): Promise<AuthOverhead> {
  const body = JSON.stringify({ transcript });
  const send = async (withKey: boolean) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (withKey) headers['X-API-Key'] = apiKey;
    const t0 = performance.now();
    const res = await fetch(`${workerUrl}/analyze/text`, { method: 'POST', headers, body });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`auth bench: ${res.status} ${withKey ? 'with' : 'without'} key`);
    return performance.now() - t0;
  };
  // Warm both paths (the first keyed request fills the key cache from the database).
  for (let i = 0; i < 20; i++) {
    await send(true);
    await send(false);
  }
  const keyed: number[] = [];
  const open: number[] = [];
  const deadline = performance.now() + options.durationMs;
  for (let round = 0; round < options.rounds && performance.now() < deadline; round++) {
    const keyFirst = Math.random() < 0.5;
    for (const withKey of keyFirst ? [true, false] : [false, true])
      (withKey ? keyed : open).push(await send(withKey));
  }
  const row = (label: string, samples: number[]) => ({
    requests: label,
    n: String(samples.length),
    p50: ms(percentile(samples, 50)),
    p95: ms(percentile(samples, 95)),
  });
  const added = (p: number) => percentile(keyed, p) - percentile(open, p);
  return {
    rows: [row('without credentials (auth off)', open), row('with X-API-Key (cached)', keyed)],
    notes: [
      `API-key auth adds ${ms(added(50))} at p50 and ${ms(added(95))} at p95 (target: ≤ 5 ms at p95).`,
    ],
  };
}
