import type { Role } from '../../db/organization-members';

/** Who presented which credentials, before an organisation is chosen. */
export type Identity =
  /** A Supabase Auth user (their access token is kept for requests under row-level security). */
  | { kind: 'user'; userId: string; email: string | null; accessToken: string }
  /** An organisation API key: bound to its organisation. */
  | { kind: 'api_key'; keyId: string; org: string }
  /** No credentials while auth is off (local dev). */
  | { kind: 'open'; org: string };

/**
 * Who a request acts as: one organisation and a role in it. Routes read it as `c.var.caller`
 * after `requireRole` (worker/middleware/auth.ts) has resolved and checked it.
 */
export interface Caller {
  /** How the caller proved who they are (`ticket`: a WebSocket ticket issued to one of the others). */
  via: 'user' | 'api_key' | 'open' | 'ticket';
  /** The organisation acted for: a UUID, or `public` for the open caller without `OPEN_ORG_ID`. */
  org: string;
  role: Role;
  /** The user (a user caller, or whoever a ticket was issued to). */
  userId: string | null;
  /** The API key (a key caller, or the key a ticket was issued to). */
  apiKeyId: string | null;
  /** The user's own access token, for database requests under row-level security. */
  accessToken: string | null;
}

/**
 * What an API key may do in its organisation: create and read analyses, never manage members
 * or keys (a leaked key must not be able to mint more keys or let someone in).
 */
export const API_KEY_ROLE: Role = 'analyst';
/** The open caller of local dev: analyses, nothing else. */
export const OPEN_ROLE: Role = 'analyst';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `org` is a database organisation (analyses of any other are not stored). */
export function isDatabaseOrg(org: string): boolean {
  return UUID.test(org);
}
