import type { SidecarCallCode, SidecarCallError, SidecarClient } from './sidecar-client';

/**
 * The media pool: one SidecarClient over several sidecar instances (Cloudflare Container
 * instances in production, local processes under `npm start`), so callers never know how many
 * there are.
 *
 * - A request with a `key` (a call's id) goes to that key's own instance, chosen by rendezvous
 *   hashing: every isolate and every Durable Object computes the same choice with no shared
 *   state, and when the pool changes size only the calls of the instances that came or went
 *   move. A call's windows therefore all reach one instance while it answers.
 * - A request without a key (a background job, a spoken warning) starts at a random instance,
 *   so jobs spread over the pool.
 * - An instance that is busy (503 OVERLOADED), still loading, or gone (unreachable twice)
 *   passes the request to the next instance in the key's order, within the same time budget. A call that
 *   had to move stays where it went (this client remembers it), so its later windows do not
 *   knock on the dead or busy instance first.
 * - When every instance refused, the error says so: OVERLOADED when any of them was merely
 *   busy, so background jobs can tell backpressure from failure.
 */

/** One instance of the pool, by the name its routing is computed from. */
export interface PoolMember {
  name: string;
  client: SidecarClient;
}

/** Failures another instance may not share: the request moves on to the next one. */
const MOVE_ON: ReadonlySet<SidecarCallCode> = new Set([
  'OVERLOADED',
  'ASR_LOADING',
  'ASR_UNAVAILABLE',
  'UNREACHABLE',
]);

/** How many moved calls a client remembers (the oldest are forgotten first). */
const MAX_MOVED = 4096;

export interface PoolOptions {
  /** For tests: where an unkeyed request starts. */
  random?: () => number;
}

/** A pool over `members` (at least one). */
export function createSidecarPool(members: PoolMember[], options: PoolOptions = {}): SidecarClient {
  if (members.length === 0) throw new Error('a sidecar pool needs at least one instance');
  const random = options.random ?? Math.random;
  const moved = new Map<string, string>();

  /** The order in which a request tries the instances. */
  const orderFor = (key: string | undefined): PoolMember[] => {
    if (key === undefined) {
      const start = Math.floor(random() * members.length) % members.length;
      return [...members.slice(start), ...members.slice(0, start)];
    }
    const order = rendezvousOrder(key, members);
    const where = moved.get(key);
    const i = where === undefined ? -1 : order.findIndex((m) => m.name === where);
    if (i > 0) order.unshift(...order.splice(i, 1));
    return order;
  };

  const homeOf = (key: string) => rendezvousOrder(key, members)[0]!.name;
  const remember = (key: string, name: string, home: string) => {
    moved.delete(key);
    if (name === home) return;
    moved.set(key, name);
    if (moved.size > MAX_MOVED) moved.delete(moved.keys().next().value as string);
  };

  /** Tries `call` on each instance in order until one answers or the time is spent. */
  async function across<T>(
    key: string | undefined,
    timeoutMs: number | undefined,
    call: (client: SidecarClient, timeoutMs: number | undefined) => Promise<T>,
  ): Promise<T> {
    const order = orderFor(key);
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const refused: SidecarCallError[] = [];
    for (const member of order) {
      const left = deadline === undefined ? undefined : deadline - Date.now();
      if (left !== undefined && left <= 0 && refused.length > 0) break;
      try {
        const result = await callTwiceIfCut(member.client, deadline, call);
        if (key !== undefined) remember(key, member.name, homeOf(key));
        return result;
      } catch (error) {
        if (!isMoveOn(error)) throw error;
        refused.push(error);
      }
    }
    throw refused.find((e) => e.code === 'OVERLOADED') ?? refused[refused.length - 1]!;
  }

  return {
    process: (audio, request, options = {}) =>
      across(options.key, options.timeoutMs, (client, timeoutMs) =>
        client.process(audio, request, timeoutMs === undefined ? {} : { timeoutMs }),
      ),
    health: (options = {}) =>
      across(undefined, options.timeoutMs, (client, timeoutMs) =>
        client.health(timeoutMs === undefined ? {} : { timeoutMs }),
      ),
    speak: (text, options = {}) =>
      across(undefined, options.timeoutMs, (client, timeoutMs) =>
        client.speak(text, timeoutMs === undefined ? {} : { timeoutMs }),
      ),
  };
}

/**
 * One instance, tried a second time when the first try never reached it: a kept-alive
 * connection that the instance closed just as it was reused fails exactly like a dead
 * instance, and moving a call for that would break its affinity. A dead instance refuses the
 * second connection at once, so this costs it nothing.
 */
async function callTwiceIfCut<T>(
  client: SidecarClient,
  deadline: number | undefined,
  call: (client: SidecarClient, timeoutMs: number | undefined) => Promise<T>,
): Promise<T> {
  const left = () => (deadline === undefined ? undefined : Math.max(1, deadline - Date.now()));
  try {
    return await call(client, left());
  } catch (error) {
    if (!isMoveOn(error) || error.code !== 'UNREACHABLE') throw error;
    return await call(client, left());
  }
}

function isMoveOn(error: unknown): error is SidecarCallError {
  return (
    error instanceof Error &&
    error.name === 'SidecarCallError' &&
    MOVE_ON.has((error as SidecarCallError).code)
  );
}

/**
 * The instances in the order `key` tries them: highest hash of (instance, key) first. Exported
 * for tests and the bench.
 */
export function rendezvousOrder<T extends { name: string }>(
  key: string,
  members: readonly T[],
): T[] {
  return members
    .map((member) => ({ member, weight: hash32(`${member.name}\u0000${key}`) }))
    .sort((a, b) => b.weight - a.weight || (a.member.name < b.member.name ? -1 : 1))
    .map((x) => x.member);
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser to spread nearby strings. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
