import { toHex as hex } from '#core/encoding';
import {
  EVENT_DATA_SCHEMAS,
  EVENT_VERSIONS,
  type WebhookEventData,
  type WebhookEventType,
} from '#core/schemas/webhook-events';
import type { QueuedEvent } from '../db/webhooks';
import { deadLetter, WEBHOOK_DEAD_LETTER_PREFIX } from '../queues/dead-letter';
import type { Services } from '../services';
import { isDatabaseOrg } from '../services/auth/caller';
import { fanOut, type WebhookMessage } from './fan-out';

/**
 * How any part of CallShield Edge raises a webhook event: `emitEvent(services, org, {type,
 * data})`. The event is put on the webhooks queue, whose consumer records it and makes one
 * delivery per enabled integration of `org` that subscribes to its type. Emitting never waits
 * on the database and never throws: if the queue refuses, the event is fanned out directly,
 * and if that fails too it is kept in R2 (`dead-letter/webhook-events/<id>.json`) and logged.
 */

/** What happened, for `emitEvent`. */
export interface EventInput<T extends WebhookEventType> {
  type: T;
  /** Checked against the type's schema (core/schemas/webhook-events.ts); unknown keys dropped. */
  data: WebhookEventData<T>;
  /**
   * Makes the event id a function of (organisation, type, key), so emitting the same thing
   * twice (a retried job, a replayed stream) is one event with one id, delivered once. For
   * example the analysis id for `analysis.completed`. Without it every call is a new event.
   */
  dedupeKey?: string;
  /** When it happened (the envelope's `timestamp`); now by default. */
  at?: Date;
  /** An example sent by `POST …/test` to one integration only. */
  test?: { integrationId: string };
}

/** The largest event body (the database checks the same). */
const MAX_BODY_BYTES = 65_536;

/** `evt_` + 32 hex digits: random, or derived from the dedupe key. */
async function eventId(org: string, type: string, dedupeKey: string | undefined): Promise<string> {
  if (dedupeKey === undefined) return `evt_${hex(crypto.getRandomValues(new Uint8Array(16)))}`;
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${org}\n${type}\n${dedupeKey}`),
  );
  return `evt_${hex(new Uint8Array(digest)).slice(0, 32)}`;
}

/** The event as it will be delivered (its body is signed byte for byte), or why it can't be. */
export async function buildEvent<T extends WebhookEventType>(
  org: string,
  input: EventInput<T>,
  now: () => number,
): Promise<QueuedEvent | { error: string }> {
  const data = EVENT_DATA_SCHEMAS[input.type].safeParse(input.data);
  if (!data.success)
    return { error: `invalid ${input.type} data: ${data.error.issues[0]?.message}` };
  const id = await eventId(org, input.type, input.dedupeKey);
  const body = JSON.stringify({
    id,
    type: input.type,
    version: EVENT_VERSIONS[input.type],
    timestamp: (input.at ?? new Date(now())).toISOString(),
    organization_id: org,
    ...(input.test ? { test: true } : {}),
    data: data.data,
  });
  if (new TextEncoder().encode(body).byteLength > MAX_BODY_BYTES)
    return { error: `the ${input.type} event is larger than ${MAX_BODY_BYTES} bytes` };
  return {
    id,
    organization_id: org,
    type: input.type,
    version: EVENT_VERSIONS[input.type],
    body,
    test: input.test !== undefined,
    only_integration: input.test?.integrationId ?? null,
  };
}

/**
 * Raises an event for `org`'s integrations. Returns the event id, or null when nothing is sent:
 * `org` is not a database organisation (the open caller of local dev), no database is
 * configured, or the data doesn't fit its schema (a bug, logged as an error).
 */
export async function emitEvent<T extends WebhookEventType>(
  services: Services,
  org: string,
  input: EventInput<T>,
): Promise<string | null> {
  const { logger } = services;
  if (!isDatabaseOrg(org) || !services.db) return null;
  const event = await buildEvent(org, input, services.now);
  if ('error' in event) {
    logger.error('webhook_event_invalid', {
      organization_id: org,
      type: input.type,
      reason: event.error,
    });
    return null;
  }
  const ids = { event_id: event.id, organization_id: org, type: event.type };
  const message: WebhookMessage = { kind: 'event', event };
  if (services.webhookQueue) {
    try {
      await services.webhookQueue.send(message, { contentType: 'json' });
      return event.id;
    } catch (error) {
      logger.warn('webhook_enqueue_failed', { ...ids, error });
    }
  }
  try {
    await fanOut(services, event);
    return event.id;
  } catch (error) {
    await deadLetter(
      services.storage.bucket,
      logger,
      message,
      `enqueue and fan-out failed: ${String(error)}`,
      {
        prefix: WEBHOOK_DEAD_LETTER_PREFIX,
        id: event.id,
        event: 'webhook_event_dead_lettered',
      },
    ).catch((lost: unknown) => logger.error('webhook_event_lost', { ...ids, error: lost }));
    return event.id;
  }
}
