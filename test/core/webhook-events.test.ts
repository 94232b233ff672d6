import { describe, expect, it } from 'vitest';
import {
  EVENT_DATA_SCHEMAS,
  EVENT_VERSIONS,
  WEBHOOK_EVENT_TYPES,
  WebhookEventSchema,
} from '#core/schemas/webhook-events';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';

describe('webhook event schemas', () => {
  it.each(WEBHOOK_EVENT_TYPES)('has a valid example of %s', (type) => {
    expect(EVENT_DATA_SCHEMAS[type].parse(EXAMPLE_EVENT_DATA[type])).toEqual(
      EXAMPLE_EVENT_DATA[type],
    );
  });

  it('parses a whole event and rejects a wrong version or id', () => {
    const event = {
      id: `evt_${'a'.repeat(32)}`,
      type: 'call.alert',
      version: EVENT_VERSIONS['call.alert'],
      timestamp: '2026-12-03T10:00:00.000Z',
      organization_id: '00000000-0000-4000-8000-000000000001',
      data: EXAMPLE_EVENT_DATA['call.alert'],
    };
    expect(WebhookEventSchema.parse(event)).toEqual(event);
    expect(WebhookEventSchema.safeParse({ ...event, version: 2 }).success).toBe(false);
    expect(WebhookEventSchema.safeParse({ ...event, id: 'evt_1' }).success).toBe(false);
    expect(WebhookEventSchema.safeParse({ ...event, type: 'call.ended' }).success).toBe(false);
  });
});
