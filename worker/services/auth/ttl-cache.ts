/**
 * A small bounded cache with a time-to-live per entry, for lookups the Worker repeats on every
 * request (API keys, memberships). The clock is injected so tests move time themselves.
 * Expired entries are kept (up to `maxEntries`, oldest evicted first) so a caller may still
 * use one when a refresh fails because the database is away: see `getStale`.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now: () => number }) {}

  /** The value when it is younger than the TTL. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.options.now() - entry.storedAt >= this.options.ttlMs) return undefined;
    return entry.value;
  }

  /** The value when it is younger than `maxAgeMs`, however stale (for when a refresh fails). */
  getStale(key: K, maxAgeMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.options.now() - entry.storedAt >= maxAgeMs) return undefined;
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.options.now() });
    // Maps iterate in insertion order: the first key is the least recently stored.
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Removes every entry whose value matches (e.g. a revoked key, by its id). */
  deleteWhere(match: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (match(entry.value)) this.entries.delete(key);
  }
}
