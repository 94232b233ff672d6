import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A fault-injecting proxy in front of the workers project's two sidecars, for the Durable
 * Object, route and job tests. Faults are chosen by the chunk's WAV sample rate, so parallel
 * tests never see each other's faults and every other chunk reaches a sidecar untouched.
 *
 * Which sidecar (docs/testing.md, *Real engines, and the fake one*): transcriptions go to the
 * one on the fake engine, which answers the test speech's own text at once, unless the test
 * judges what pocketsphinx hears. Those reach the real one by
 * - a WAV at {@link REAL_ENGINE_RATE} (the `realSpeechChunks` fixture: the Durable Object,
 *   whose SIDECAR_URL a test cannot change, sends each chunk at the rate it came in), or
 * - a SIDECAR_URL whose path starts `/pocketsphinx` (`{proxy}/pocketsphinx`, also before a
 *   path fault: `{proxy}/pocketsphinx/fault/hold/{token}`), for routes and jobs.
 * GET requests (the health check) always reach the real one, so /api/health names pocketsphinx.
 */

/** A chunk at this rate is transcribed by real pocketsphinx (see above). */
export const REAL_ENGINE_RATE = 22_000;

export const FAULT_RATES = {
  /** Always 503 OVERLOADED with Retry-After (retryable; every retry fails too). */
  overloaded: 11_025,
  /** The connection is cut without an answer. */
  reset: 22_050,
  /** 502 with a body that is not the sidecar's JSON. */
  garbage: 12_000,
  /** Never answers: the chunk's time budget runs out. */
  hang: 24_000,
  /** The first attempt gets 503; the retry goes through to a sidecar. */
  flaky: 32_000,
  /** Chunks go through; the final pass (the only request with trim=true) never answers. */
  hangFullPass: 36_000,
  /**
   * The second distinct chunk window (trim=false) fails every try with 502; the rest go
   * through. Chunk requests at this rate are recorded: `GET /__seen` lists them.
   */
  secondWindowFails: 26_000,
} as const;

/**
 * Rates at which the fake engine's answer is replaced by a script the test chose: the proxy
 * rewrites the sidecar's JSON (`text`, segments and words, the script's words spread over the
 * span the fake's words had), so a stream can carry a transcript other than the scam call's.
 * The final pass (the whole call) is rewritten the same way.
 */
export const SCRIPT_RATES = {
  /** A pharmacy "reminder" that scores SAFE alone: the live campaign tests' script. */
  refillReminder: 14_000,
} as const;

/** What each of SCRIPT_RATES answers. */
export const SCRIPTS: Record<keyof typeof SCRIPT_RATES, string> = {
  refillReminder:
    'this is a courtesy reminder from lakeside pharmacy your prescription refill is ready and we ' +
    'need to confirm your account details before we can process it press one now to speak with ' +
    'a pharmacy team member or call us back today to avoid any delay with your medication',
};

/** The fake engine's answer `body` as if it had heard `script` over the same span. */
function rewriteTranscript(body: Buffer, script: string): Buffer {
  const answer = JSON.parse(body.toString('utf8')) as {
    text?: string;
    segments?: { start_ms: number; end_ms: number; text: string }[];
    words?: { word: string; start_ms: number; end_ms: number }[];
  };
  const spans = answer.words?.length ? answer.words : (answer.segments ?? []);
  if (spans.length === 0 || typeof answer.text !== 'string') return body;
  const start = Math.min(...spans.map((w) => w.start_ms));
  const end = Math.max(...spans.map((w) => w.end_ms));
  const words = script.split(' ');
  const each = (end - start) / words.length;
  answer.text = script;
  answer.segments = [
    { ...(answer.segments?.[0] ?? {}), start_ms: start, end_ms: end, text: script },
  ];
  answer.words = words.map((word, i) => ({
    word,
    start_ms: Math.round(start + i * each),
    end_ms: Math.round(start + (i + 1) * each),
  }));
  return Buffer.from(JSON.stringify(answer));
}

/** A chunk request the proxy saw at FAULT_RATES.secondWindowFails. */
export interface SeenWindow {
  /** The request's `context_ms`, null when it sent none. */
  context_ms: number | null;
  /** Length of the WAV it carried (context and chunk). */
  audio_ms: number;
}

/**
 * Rates whose requests the proxy holds until a test releases them: `GET /__held?rate=R`
 * answers once a request at R is being held, `POST /__release?rate=R` forwards every held one
 * to its sidecar. A test decides exactly when the sidecar "finishes", whatever the
 * machine's speed. Each test uses its own rate, so tests in parallel never release each other.
 */
export const HOLD_RATES = {
  alarmWhileBusy: 20_000,
  chunkWhileFinalizing: 18_000,
  takeoverInFlight: 30_000,
} as const;

/**
 * Faults for requests without audio in the body (analysis jobs: the sidecar fetches the audio
 * itself), chosen by path: a client whose SIDECAR_URL is `{proxy}/fault/{mode}/{token}` sends
 * `/fault/{mode}/{token}/v1/process`. The token keeps parallel tests apart; the prefix is
 * removed before the request reaches a sidecar.
 * - `reset-once`: the first request of the token is cut (a sidecar dying mid-request); later
 *   ones go through.
 * - `reset-twice`: the first two requests of the token are cut (the pool's client tries a cut
 *   connection once more on the same instance, so it takes two to fail a call).
 * - `reset-always`: every request is cut.
 * - `hold`: held until `POST /__release?key={token}` (`GET /__held?key={token}` waits for one).
 * - `overloaded`: every request gets 503 OVERLOADED (a media pool busy on every instance).
 * - `pass`: straight through (counted, like the others: `GET /__count?key={token}`).
 */
export const PATH_FAULTS = [
  'reset-once',
  'reset-twice',
  'reset-always',
  'hold',
  'overloaded',
  'pass',
] as const;

function sampleRate(body: Buffer): number {
  return body.byteLength >= 28 && body.toString('ascii', 0, 4) === 'RIFF'
    ? body.readUInt32LE(24)
    : 0;
}

function overloaded(res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
  res.end(
    JSON.stringify({ error: { code: 'OVERLOADED', message: 'queue full', retryable: true } }),
  );
}

/** The two sidecars' base URLs. */
export interface ProxyTargets {
  /** Real pocketsphinx. */
  real: string;
  /** The fake engine (sidecar/src/asr/fake.ts). */
  fake: string;
}

/** Starts the proxy on `port`, forwarding to the sidecars at `targets`. */
export async function startFaultProxy(port: number, targets: ProxyTargets): Promise<Server> {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const holds = new Holds();
  const windows: { key: string; seen: SeenWindow }[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname === '/__seen') {
      const list = windows.map((w) => w.seen);
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(list));
    }
    if (url.pathname === '/__held' || url.pathname === '/__release') {
      const held = url.searchParams.get('rate') ?? url.searchParams.get('key') ?? '';
      if (url.pathname === '/__held') await holds.waitHeld(held);
      else holds.release(held);
      return res.writeHead(200).end('{}');
    }
    if (url.pathname === '/__count') {
      const count = counts.get(url.searchParams.get('key') ?? '') ?? 0;
      return res.writeHead(200).end(JSON.stringify({ count }));
    }
    const rate = sampleRate(body);
    const real = /^\/pocketsphinx(?=\/|$)/.exec(url.pathname);
    const target =
      real || rate === REAL_ENGINE_RATE || req.method === 'GET' ? targets.real : targets.fake;
    const path = real ? url.pathname.slice(real[0].length) || '/' : url.pathname;
    let forwardPath = `${path}${url.search}`;
    const fault = /^\/fault\/([a-z-]+)\/([\w-]+)(\/.*)$/.exec(path);
    if (fault) {
      const [, mode, token = '', rest = '/'] = fault;
      const seenBefore = counts.get(token) ?? 0;
      counts.set(token, seenBefore + 1);
      const cut =
        mode === 'reset-always' ||
        (mode === 'reset-once' && seenBefore === 0) ||
        (mode === 'reset-twice' && seenBefore < 2);
      if (cut) return req.socket.destroy();
      if (mode === 'overloaded') return overloaded(res);
      if (mode === 'hold') await holds.hold(token);
      forwardPath = `${rest}${url.search}`;
    }
    if (rate === FAULT_RATES.secondWindowFails && url.searchParams.get('trim') === 'false') {
      const key = createHash('sha256').update(body).digest('hex');
      const context = url.searchParams.get('context_ms');
      windows.push({
        key,
        seen: {
          context_ms: context === null ? null : Number(context),
          audio_ms: Math.round(((body.byteLength - 44) / 2 / rate) * 1000),
        },
      });
      const distinct = [...new Set(windows.map((w) => w.key))];
      if (distinct.indexOf(key) === 1) return res.writeHead(502).end('<html>bad gateway</html>');
    }
    if ((Object.values(HOLD_RATES) as number[]).includes(rate)) await holds.hold(String(rate));
    if (rate === FAULT_RATES.hangFullPass && url.searchParams.get('trim') === 'true') return;
    if (rate === FAULT_RATES.overloaded) return overloaded(res);
    if (rate === FAULT_RATES.reset) return req.socket.destroy();
    if (rate === FAULT_RATES.garbage) return res.writeHead(502).end('<html>bad gateway</html>');
    if (rate === FAULT_RATES.hang) return; // the caller's timeout ends it
    if (rate === FAULT_RATES.flaky) {
      const key = createHash('sha256').update(body).digest('hex');
      if (!seen.has(key)) {
        seen.add(key);
        return overloaded(res);
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
        headers.set(name, value);
    }
    try {
      const upstream = await fetch(`${target}${forwardPath}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : body,
      });
      let answer: Buffer = Buffer.from(await upstream.arrayBuffer());
      const script = Object.entries(SCRIPT_RATES).find(([, r]) => r === rate)?.[0];
      if (script && upstream.ok)
        answer = rewriteTranscript(answer, SCRIPTS[script as keyof typeof SCRIPT_RATES]);
      const answered = Object.fromEntries(upstream.headers);
      if (script) delete answered['content-length'];
      res.writeHead(upstream.status, answered);
      res.end(answer);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** Requests held per key (a sample rate, or a job test's token), and tests waiting on them. */
class Holds {
  private readonly held = new Map<string, (() => void)[]>();
  private readonly watchers = new Map<string, (() => void)[]>();

  /** Resolves when a test releases `rate`. */
  hold(rate: string): Promise<void> {
    return new Promise((resolve) => {
      this.held.set(rate, [...(this.held.get(rate) ?? []), resolve]);
      for (const wake of this.watchers.get(rate) ?? []) wake();
      this.watchers.delete(rate);
    });
  }

  /** Resolves once a request at `rate` is held (at once if one already is). */
  waitHeld(rate: string): Promise<void> {
    if (this.held.get(rate)?.length) return Promise.resolve();
    return new Promise((resolve) =>
      this.watchers.set(rate, [...(this.watchers.get(rate) ?? []), resolve]),
    );
  }

  release(rate: string): void {
    for (const go of this.held.get(rate) ?? []) go();
    this.held.delete(rate);
  }
}
