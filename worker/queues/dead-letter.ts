import type { Logger } from '#core/log';

/** Where analyses that could not be written are kept, one JSON object each. */
export const DEAD_LETTER_PREFIX = 'dead-letter/call-analyses/';

/** Where webhook events that could not be recorded are kept (see worker/webhooks/emit.ts). */
export const WEBHOOK_DEAD_LETTER_PREFIX = 'dead-letter/webhook-events/';

/**
 * Keeps an analysis that could not be written (retries exhausted, or refused by the database
 * for good) in R2 and logs it as an error, so nothing is dropped silently: the object holds the
 * whole row, ready to be written again once the cause is fixed. The log line names the
 * analysis and the organisation, never the transcript. Throws when R2 refuses too, so the
 * caller can retry. `kind` files something else the same way (a webhook event, by its id).
 */
export async function deadLetter(
  bucket: R2Bucket,
  logger: Logger,
  body: unknown,
  reason: string,
  kind: { prefix: string; id: string; event: string } | null = null,
): Promise<void> {
  const ids = kind ? { id: kind.id } : idsOf(body);
  const key = kind
    ? `${kind.prefix}${kind.id}.json`
    : `${DEAD_LETTER_PREFIX}${ids.analysis_id ?? crypto.randomUUID()}.json`;
  await bucket.put(
    key,
    JSON.stringify({ reason, dead_lettered_at: new Date().toISOString(), row: body }),
    { httpMetadata: { contentType: 'application/json' } },
  );
  logger.error(kind?.event ?? 'analysis_dead_lettered', { ...ids, reason, r2_key: key });
}

function idsOf(body: unknown): { id?: string; analysis_id?: string; organization_id?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { id, organization_id } = body as Record<string, unknown>;
  const safe = (v: unknown) =>
    typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v.toLowerCase() : undefined;
  return { analysis_id: safe(id), organization_id: safe(organization_id) };
}
