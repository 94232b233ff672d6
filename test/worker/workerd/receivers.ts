import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import { type WebhookEvent, WebhookEventSchema } from '#core/schemas/webhook-events';
import type { ReceivedRequest, ReceiverMode } from '../../fixtures/webhook-receiver';
import '../webhook-receivers-setup';
import { eventually } from './harness';

/**
 * The loopback webhook receivers (test/worker/webhook-receivers-setup.ts), as tests inside
 * workerd reach them: through their control API. Every delivery a test looks at is verified
 * with the `standardwebhooks` package, never with our own code.
 */

async function control<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${inject('webhookReceivers').controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`receiver control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** One endpoint (`name`) on receiver `receiver` (0 or 1; 1 is the one tests stop and start). */
export class Endpoint {
  constructor(
    readonly name: string = crypto.randomUUID(),
    readonly receiver = 0,
  ) {}

  get url(): string {
    const base = inject('webhookReceivers').receiverUrls[this.receiver];
    return `${base}/hooks/${this.name}`;
  }

  mode(mode: ReceiverMode): Promise<unknown> {
    return control('/mode', { receiver: this.receiver, name: this.name, mode });
  }

  async requests(): Promise<ReceivedRequest[]> {
    return (await this.state()).requests;
  }

  state(): Promise<{ requests: ReceivedRequest[]; held: number }> {
    return control('/received', { receiver: this.receiver, name: this.name });
  }

  release(): Promise<unknown> {
    return control('/release', { receiver: this.receiver, name: this.name });
  }

  /** Waits (bounded) until `count` requests were answered 2xx; returns every request. */
  async delivered(count: number, attempts = 150): Promise<ReceivedRequest[]> {
    const done = await eventually(
      async () => {
        const all = await this.requests();
        return all.filter(ok).length >= count ? all : undefined;
      },
      { attempts, everyMs: 200 },
    );
    if (!done) {
      const all = await this.requests();
      throw new Error(`${this.name}: ${all.filter(ok).length} of ${count} deliveries arrived`);
    }
    return done;
  }
}

const ok = (r: ReceivedRequest) =>
  typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300;

/** Stops or starts receiver `receiver` (its port refuses connections while stopped). */
export function setReceiverRunning(receiver: number, running: boolean): Promise<unknown> {
  return control(running ? '/start' : '/stop', { receiver });
}

/**
 * Verifies a request with `standardwebhooks` and each secret in `secrets` (every one must
 * verify it), and parses it as an event. Throws on any failure.
 */
export function verified(request: ReceivedRequest, ...secrets: string[]): WebhookEvent {
  let payload: unknown;
  for (const secret of secrets) payload = new Webhook(secret).verify(request.body, request.headers);
  const event = WebhookEventSchema.parse(payload);
  if (event.id !== request.headers['webhook-id']) throw new Error('webhook-id is not the event id');
  return event;
}

/** The requests answered 2xx. */
export function succeeded(requests: ReceivedRequest[]): ReceivedRequest[] {
  return requests.filter(ok);
}
