import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { Webhook } from 'standardwebhooks';
import type { BenchSection } from './sidecar';
import { ms, percentile } from './stats';

/**
 * Webhook delivery on loopback: `events` events to `endpoints` endpoints of the dev
 * organisation (round robin), each sent by `POST /api/v1/integrations/{id}/test` and delivered
 * by the Worker's queue to a `node:http` receiver that verifies every signature with
 * `standardwebhooks`. Delay = arrival at the receiver − the moment the event was asked for.
 * Test events skip the fan-out hop that real events take (one more queue batch, up to 1 s).
 * Bounded by `durationMs`; traffic stays on 127.0.0.1.
 */
export async function benchWebhooks(
  workerUrl: string,
  ownerJwt: string,
  receiverPort: number,
  options = { events: 1_000, endpoints: 10, concurrency: 20, durationMs: 180_000 },
): Promise<BenchSection> {
  const load = [loadavg()[0] ?? 0];
  const arrived = new Map<string, number>();
  let verified = 0;
  let duplicates = 0;
  const secrets = new Map<string, string>();
  const server = await listen(receiverPort, (path, headers, body) => {
    const id = headers['webhook-id'] ?? '';
    const secret = secrets.get(path);
    if (secret) {
      try {
        new Webhook(secret).verify(body, headers);
        verified++;
      } catch {
        // counted as unverified below
      }
    }
    if (arrived.has(id)) duplicates++;
    else arrived.set(id, performance.now());
  });
  const api = async <T>(path: string, method: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${workerUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ownerJwt}`,
        // No content type without a body: an empty JSON body is refused as invalid JSON.
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`webhooks bench: ${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  const ids: string[] = [];
  try {
    for (let i = 0; i < options.endpoints; i++) {
      const path = `/hooks/${i}`;
      const made = await api<{ id: string; secret: string }>('/api/v1/integrations', 'POST', {
        url: `http://127.0.0.1:${receiverPort}${path}`,
        events: ['call.alert'],
        description: 'bench',
      });
      ids.push(made.id);
      secrets.set(path, made.secret);
    }
    const deadline = performance.now() + options.durationMs;
    const sentAt = new Map<string, number>();
    const send = async (i: number) => {
      const started = performance.now();
      const queued = await api<{ event_id: string }>(
        `/api/v1/integrations/${ids[i % ids.length]}/test`,
        'POST',
      );
      sentAt.set(queued.event_id, started);
    };
    // Warm up every endpoint (and the isolate) before timing.
    await Promise.all(ids.map((_, i) => send(i)));
    await waitFor(() => arrived.size >= ids.length, deadline);
    sentAt.clear();
    arrived.clear();
    verified = 0;
    const firstSent = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.events && performance.now() < deadline) await send(next++);
      }),
    );
    await waitFor(() => [...sentAt.keys()].every((id) => arrived.has(id)), deadline);
    load.push(loadavg()[0] ?? 0);
    const delays = [...sentAt].flatMap(([id, at]) => {
      const got = arrived.get(id);
      return got === undefined ? [] : [got - at];
    });
    const lastArrival = Math.max(...arrived.values());
    return {
      title: `Webhooks: ${options.events} events to ${options.endpoints} endpoints on loopback (wrangler dev)`,
      rows: [
        {
          events: String(sentAt.size),
          delivered: String(delays.length),
          verified: String(verified),
          duplicates: String(duplicates),
          'rate (events/s)': ((delays.length / (lastArrival - firstSent)) * 1000).toFixed(1),
          'p50 delay': ms(percentile(delays, 50)),
          'p95 delay': ms(percentile(delays, 95)),
          'max delay': ms(Math.max(...delays)),
        },
      ],
      notes: [
        `load average (1 min) ${load.map((l) => l.toFixed(2)).join(' → ')} (start → end); figures taken under other load are not the machine's`,
        `${options.concurrency} requests in flight; test events skip the fan-out batch real events take (≤ 1 s more each)`,
      ],
    };
  } finally {
    for (const id of ids) await api(`/api/v1/integrations/${id}`, 'DELETE').catch(() => {});
    await new Promise((resolve) => server.close(resolve));
  }
}

async function listen(
  port: number,
  onDelivery: (path: string, headers: Record<string, string>, body: string) => void,
): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      onDelivery(req.url ?? '', headers, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

async function waitFor(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
}
