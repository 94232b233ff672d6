import type { Logger } from '#core/log';
import type { AppConfig } from '../../config';
import { findKeyByHash, type KeyRecord, touchKey } from '../../db/api-keys';
import type { Database } from '../../db/client';
import { apiErrorFor, DbError } from '../../db/errors';
import { type Organization, organizationsOf } from '../../db/organizations';
import { ApiError } from '../../errors';
import { hashApiKey, looksLikeApiKey } from './api-key';
import { API_KEY_ROLE, type Caller, type Identity, OPEN_ROLE } from './caller';
import { TtlCache } from './ttl-cache';
import { type UserJwtVerifier, userJwtVerifier } from './user-jwt';

/**
 * A found API key is trusted for this long without asking the database again, so a revoked
 * key is refused everywhere within 30 s (the promise is 60 s). Keys that were not found are
 * not cached: a key created a moment ago works at once.
 */
export const KEY_CACHE_TTL_MS = 30_000;
/** A user's memberships are trusted this long; an organisation not among them is re-read at once. */
export const MEMBERSHIP_CACHE_TTL_MS = 30_000;
/**
 * While the database is unavailable, keys and memberships seen within this long keep working
 * (anything else gets 503). A revocation made just before an outage therefore waits for the
 * database to come back.
 */
export const STALE_IF_DB_DOWN_MS = 10 * 60_000;
/** `last_used_at` is written at most once per key per isolate in this long. */
export const LAST_USED_EVERY_MS = 60_000;
/** Entries per cache and isolate: plenty for the keys and users one isolate sees. */
const CACHE_ENTRIES = 1_000;

const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Runs work after the response (`waitUntil`); the middleware passes the request's. */
export type Background = (work: Promise<unknown>) => void;

/** The credentials a request carries: `X-API-Key`, else `Authorization: Bearer`. */
export function presentedCredential(headers: Headers): string | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  return headers.get('x-api-key')?.trim() || bearer || null;
}

/**
 * Turns credentials into an identity, and an identity plus the requested organisation
 * (`x-orgid`) into a caller. One per isolate (built by the services factory), so its caches
 * are shared by every request the isolate serves.
 */
export class Authenticator {
  private readonly keys: TtlCache<string, KeyRecord>;
  private readonly touched: TtlCache<string, true>;
  private readonly memberships: TtlCache<string, Organization[]>;
  private readonly verifyUser: UserJwtVerifier | null;

  constructor(
    private readonly deps: {
      config: AppConfig;
      db: Database | null;
      now: () => number;
      logger: Logger;
    },
  ) {
    const { now } = deps;
    this.keys = new TtlCache({ ttlMs: KEY_CACHE_TTL_MS, maxEntries: CACHE_ENTRIES, now });
    this.touched = new TtlCache({ ttlMs: LAST_USED_EVERY_MS, maxEntries: CACHE_ENTRIES, now });
    this.memberships = new TtlCache({
      ttlMs: MEMBERSHIP_CACHE_TTL_MS,
      maxEntries: CACHE_ENTRIES,
      now,
    });
    this.verifyUser = deps.config.supabase ? userJwtVerifier(deps.config.supabase, now) : null;
  }

  /**
   * The identity behind a request's credentials, told apart by shape (a JWT, or a `csk_` key).
   * Without credentials: the open caller while auth is off, else 401.
   */
  async identify(headers: Headers, background: Background): Promise<Identity> {
    const presented = presentedCredential(headers);
    if (!presented) {
      if (this.deps.config.auth.mode === 'off')
        return { kind: 'open', org: this.deps.config.auth.openOrg };
      throw new ApiError(
        'UNAUTHORIZED',
        'send an API key as X-API-Key, or an API key or user access token as Authorization: Bearer',
      );
    }
    if (JWT_SHAPE.test(presented)) return this.userIdentity(presented);
    if (looksLikeApiKey(presented)) return this.keyIdentity(presented, background);
    throw new ApiError('UNAUTHORIZED', 'the credentials are not an API key or an access token');
  }

  /**
   * The caller for an identity: the organisation named by `x-orgid` (only one the identity
   * belongs to: 403 otherwise), or the only one it has. `fresh` reads a user's memberships
   * from the database whatever the cache holds, and never falls back on a stale entry: for
   * what only admins may do, since the isolate that removed or demoted a member is the only
   * one that forgot its entry.
   */
  async callerFor(
    identity: Identity,
    requestedOrg: string | null,
    options: { fresh?: boolean } = {},
  ): Promise<Caller> {
    const requested = requestedOrg?.trim().toLowerCase() || null;
    const base = { userId: null, apiKeyId: null, accessToken: null };
    if (identity.kind === 'open') {
      if (requested && requested !== identity.org)
        throw new ApiError(
          'FORBIDDEN',
          'without credentials only the open organisation is available',
        );
      return { ...base, via: 'open', org: identity.org, role: OPEN_ROLE };
    }
    if (identity.kind === 'api_key') {
      if (requested && requested !== identity.org)
        throw new ApiError('FORBIDDEN', 'this API key belongs to another organisation');
      return {
        ...base,
        via: 'api_key',
        org: identity.org,
        role: API_KEY_ROLE,
        apiKeyId: identity.keyId,
      };
    }
    const pick = (orgs: Organization[]) =>
      requested ? orgs.find((o) => o.id === requested) : orgs.length === 1 ? orgs[0] : undefined;
    let { orgs, cached } = await this.organizationsOf(identity, {
      refresh: options.fresh,
      stale: !options.fresh,
    });
    // A cached list may predate a membership granted a moment ago: read it again before refusing.
    if (!pick(orgs) && cached) ({ orgs } = await this.organizationsOf(identity, { refresh: true }));
    const org = pick(orgs);
    if (!org) {
      if (requested) throw new ApiError('FORBIDDEN', 'you are not a member of that organisation');
      if (orgs.length === 0) {
        throw new ApiError(
          'FORBIDDEN',
          'you are not a member of any organisation; create one with POST /api/v1/organizations',
        );
      }
      throw new ApiError(
        'BAD_REQUEST',
        'you belong to several organisations: name one in the x-orgid header',
      );
    }
    return {
      via: 'user',
      org: org.id,
      role: org.role,
      userId: identity.userId,
      apiKeyId: null,
      accessToken: identity.accessToken,
    };
  }

  /**
   * A user's organisations with their role in each (briefly cached; see the TTLs above).
   * `refresh` skips the cache (and refills it); `stale: false` turns a database outage into
   * 503 instead of serving an entry up to STALE_IF_DB_DOWN_MS old.
   */
  async organizationsOf(
    user: Extract<Identity, { kind: 'user' }>,
    options: { refresh?: boolean; stale?: boolean } = {},
  ): Promise<{ orgs: Organization[]; cached: boolean }> {
    const cached = options.refresh ? undefined : this.memberships.get(user.userId);
    if (cached) return { orgs: cached, cached: true };
    const db = this.database();
    try {
      const orgs = await organizationsOf(db.asUser(user.accessToken), user.userId);
      this.memberships.set(user.userId, orgs);
      return { orgs, cached: false };
    } catch (error) {
      if (options.stale === false) throw error instanceof DbError ? apiErrorFor(error) : error;
      const stale = this.staleIfDown(error, () =>
        this.memberships.getStale(user.userId, STALE_IF_DB_DOWN_MS),
      );
      return { orgs: stale, cached: true };
    }
  }

  /** Forgets a revoked key at once in this isolate (other isolates: within KEY_CACHE_TTL_MS). */
  forgetKey(keyId: string): void {
    this.keys.deleteWhere((record) => record.id === keyId);
  }

  /** Forgets a user's cached memberships (after they created or left an organisation). */
  forgetMemberships(userId: string): void {
    this.memberships.delete(userId);
  }

  private database(): Database {
    if (!this.deps.db) {
      throw new ApiError(
        'UNAUTHORIZED',
        'credentials cannot be checked: this server has no database configured',
      );
    }
    return this.deps.db;
  }

  private async userIdentity(token: string): Promise<Identity> {
    this.database();
    const user = await this.verifyUser?.(token);
    if (!user) throw new ApiError('UNAUTHORIZED', 'the access token is invalid or has expired');
    return { kind: 'user', userId: user.userId, email: user.email, accessToken: token };
  }

  private async keyIdentity(key: string, background: Background): Promise<Identity> {
    const db = this.database();
    const hash = await hashApiKey(key);
    let record = this.keys.get(hash) ?? null;
    if (!record) {
      try {
        record = await findKeyByHash(db.service, hash);
        if (record) this.keys.set(hash, record);
        else this.keys.delete(hash);
      } catch (error) {
        record = this.staleIfDown(error, () => this.keys.getStale(hash, STALE_IF_DB_DOWN_MS));
        this.deps.logger.warn('api_key_served_from_cache', { key_id: record.id });
      }
    }
    if (!record) throw new ApiError('UNAUTHORIZED', 'the API key is not valid');
    if (record.expiresAt !== null && record.expiresAt <= this.deps.now())
      throw new ApiError('UNAUTHORIZED', 'the API key has expired');
    if (!this.touched.get(record.id)) {
      this.touched.set(record.id, true);
      const id = record.id;
      background(
        touchKey(db.service, id, new Date(this.deps.now())).catch((error: unknown) =>
          this.deps.logger.warn('api_key_touch_failed', { key_id: id, error }),
        ),
      );
    }
    return { kind: 'api_key', keyId: record.id, org: record.org };
  }

  /**
   * What a cache can still vouch for when the database is unavailable; anything else (another
   * failure, or nothing seen recently) is rethrown as the API error it means.
   */
  private staleIfDown<T>(error: unknown, stale: () => T | undefined): T {
    if (!(error instanceof DbError)) throw error;
    const value = error.kind === 'unavailable' ? stale() : undefined;
    if (value === undefined) throw apiErrorFor(error);
    return value;
  }
}
