/**
 * The pool's routing, with instances the test scripts: which instance a request reaches, and
 * where it goes when one refuses. (Real sidecars under real-time load: sidecar-pool.load.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import { SidecarCallError, type SidecarClient } from '../../../worker/services/sidecar-client';
import { createSidecarPool, rendezvousOrder } from '../../../worker/services/sidecar-pool';

type Answer = 'ok' | SidecarCallError['code'];

/** An instance that answers from a script (then `ok`), and records which instance each request reached. */
function scripted(name: string, log: string[], script: Answer[] = []) {
  const client: SidecarClient = {
    async process() {
      log.push(name);
      const answer = script.shift() ?? 'ok';
      if (answer !== 'ok') throw new SidecarCallError(answer, answer, 503, answer !== 'TIMEOUT');
      return { text: name } as unknown as ProcessResponse;
    },
    async health() {
      throw new SidecarCallError('UNREACHABLE', 'x', 503, true);
    },
    async speak() {
      log.push(name);
      return new Uint8Array([1]);
    },
  };
  return { name, client };
}

const names = ['sidecar-0', 'sidecar-1', 'sidecar-2', 'sidecar-3'];
const keys = Array.from({ length: 200 }, (_, i) => `CA${i.toString(16).padStart(32, '0')}`);

describe('rendezvousOrder', () => {
  it('is the same everywhere, and spreads keys over every instance', () => {
    const members = names.map((name) => ({ name }));
    const counts = new Map<string, number>();
    for (const key of keys) {
      const first = rendezvousOrder(key, members)[0]!.name;
      expect(rendezvousOrder(key, [...members].reverse())[0]!.name).toBe(first);
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    for (const name of names) expect(counts.get(name)).toBeGreaterThan(30);
  });

  it('moves only the keys of an instance that leaves', () => {
    const four = names.map((name) => ({ name }));
    const three = four.filter((m) => m.name !== 'sidecar-2');
    for (const key of keys) {
      const before = rendezvousOrder(key, four)[0]!.name;
      const after = rendezvousOrder(key, three)[0]!.name;
      if (before !== 'sidecar-2') expect(after).toBe(before);
    }
  });
});

describe('the pool', () => {
  it('sends every request of a key to the same instance', async () => {
    const log: string[] = [];
    const pool = createSidecarPool(names.map((n) => scripted(n, log)));
    for (let i = 0; i < 5; i++) await pool.process(null, {}, { key: keys[7]! });
    expect(new Set(log).size).toBe(1);
    expect(log[0]).toBe(
      rendezvousOrder(
        keys[7]!,
        names.map((name) => ({ name })),
      )[0]!.name,
    );
  });

  it('spreads requests without a key', async () => {
    const log: string[] = [];
    let r = 0;
    const pool = createSidecarPool(
      names.map((n) => scripted(n, log)),
      { random: () => (r++ % 4) / 4 },
    );
    for (let i = 0; i < 8; i++) await pool.process(null, {});
    expect(new Set(log)).toEqual(new Set(names));
  });

  it('a busy instance passes the request on, and the call stays where it went', async () => {
    const log: string[] = [];
    const key = keys[3]!;
    const [home, next] = rendezvousOrder(
      key,
      names.map((name) => ({ name })),
    );
    const pool = createSidecarPool(
      names.map((n) => scripted(n, log, n === home!.name ? ['OVERLOADED'] : [])),
    );
    await pool.process(null, {}, { key });
    await pool.process(null, {}, { key });
    expect(log).toEqual([home!.name, next!.name, next!.name]);
  });

  it('a cut connection is tried once more on the same instance before moving', async () => {
    const log: string[] = [];
    const key = keys[4]!;
    const [home, next] = rendezvousOrder(
      key,
      names.map((name) => ({ name })),
    );
    const pool = createSidecarPool(
      names.map((n) =>
        scripted(
          n,
          log,
          n === home!.name ? ['UNREACHABLE', 'ok', 'UNREACHABLE', 'UNREACHABLE'] : [],
        ),
      ),
    );
    await pool.process(null, {}, { key });
    expect(log).toEqual([home!.name, home!.name]);
    await pool.process(null, {}, { key });
    expect(log.slice(2)).toEqual([home!.name, home!.name, next!.name]);
  });

  it('says OVERLOADED when every instance refused and one was busy', async () => {
    const log: string[] = [];
    const pool = createSidecarPool(
      names.map((n, i) =>
        scripted(n, log, i === 2 ? ['OVERLOADED'] : ['UNREACHABLE', 'UNREACHABLE']),
      ),
    );
    await expect(pool.process(null, {}, { key: keys[1]! })).rejects.toMatchObject({
      code: 'OVERLOADED',
    });
    expect(new Set(log)).toEqual(new Set(names));
  });

  it('does not move on a timeout or a bad request: those are not the instance’s', async () => {
    for (const code of ['TIMEOUT', 'UNSUPPORTED_MEDIA'] as const) {
      const log: string[] = [];
      const pool = createSidecarPool(names.map((n) => scripted(n, log, [code])));
      await expect(pool.process(null, {}, { key: keys[2]! })).rejects.toMatchObject({ code });
      expect(log).toHaveLength(1);
    }
  });
});
