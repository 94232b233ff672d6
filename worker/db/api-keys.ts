import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { run } from './client';

/** `api_keys` as its admins see it: never the hash, never the key. */
export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z
      .string()
      .meta({ description: 'The first characters of the key, to tell keys apart.' }),
    scopes: z.array(z.string()),
    created_by: z.uuid().nullable(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** The columns of ApiKeySchema: signed-in users must name them (the hash is not granted). */
const COLUMNS =
  'id, name, prefix, scopes, created_by, created_at, last_used_at, expires_at, revoked_at';

/** What authentication needs to know about a live key. */
export interface KeyRecord {
  id: string;
  org: string;
  /** Epoch ms, or null for a key that never expires. */
  expiresAt: number | null;
}

/** The unrevoked key with this hash, through the service role; null when there is none. */
export async function findKeyByHash(
  service: SupabaseClient,
  hash: string,
): Promise<KeyRecord | null> {
  const row = await run(
    service
      .from('api_keys')
      .select('id, organization_id, expires_at')
      .eq('hash', hash)
      .is('revoked_at', null)
      .maybeSingle(),
    z
      .object({ id: z.uuid(), organization_id: z.uuid(), expires_at: z.string().nullable() })
      .nullable(),
  );
  if (!row) return null;
  return {
    id: row.id,
    org: row.organization_id,
    expiresAt: row.expires_at === null ? null : Date.parse(row.expires_at),
  };
}

/** Records that a key was used (service role). */
export async function touchKey(service: SupabaseClient, id: string, at: Date): Promise<void> {
  await run(
    service.from('api_keys').update({ last_used_at: at.toISOString() }).eq('id', id),
    z.null(),
  );
}

/** The organisation's keys, newest first (admins; RLS-checked). */
export function listKeys(user: SupabaseClient, org: string): Promise<ApiKey[]> {
  return run(
    user
      .from('api_keys')
      .select(COLUMNS)
      .eq('organization_id', org)
      .order('created_at', { ascending: false }),
    z.array(ApiKeySchema),
  );
}

/** Stores a new key's prefix and hash (admins; the caller is recorded as its creator). */
export function createKey(
  user: SupabaseClient,
  org: string,
  key: { name: string; prefix: string; hash: string; expiresAt: string | null },
): Promise<ApiKey> {
  return run(
    user
      .from('api_keys')
      .insert({
        organization_id: org,
        name: key.name,
        prefix: key.prefix,
        hash: key.hash,
        expires_at: key.expiresAt,
      })
      .select(COLUMNS)
      .single(),
    ApiKeySchema,
  );
}

/**
 * Revokes a key (admins). Revoking a revoked key changes nothing and succeeds; false when the
 * organisation has no such key.
 */
export async function revokeKey(
  user: SupabaseClient,
  org: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const revoked = await run(
    user
      .from('api_keys')
      .update({ revoked_at: at.toISOString() })
      .eq('organization_id', org)
      .eq('id', id)
      .is('revoked_at', null)
      .select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  if (revoked.length > 0) return true;
  const existing = await run(
    user.from('api_keys').select('id').eq('organization_id', org).eq('id', id),
    z.array(z.object({ id: z.uuid() })),
  );
  return existing.length > 0;
}
