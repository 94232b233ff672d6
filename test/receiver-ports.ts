/**
 * Where the loopback webhook receivers (test/fixtures/webhook-receiver.ts) listen.
 * `RECEIVER_PORT` (default 8890) moves them all, `+0` to `+4`, so two checkouts can test at
 * once: the workers project's control API on `+0` and its receivers on `+1` and `+2`; the e2e
 * project's receivers on `+3` and `+4`. (The webhooks bench's receiver is on `BENCH_PORT + 5`.)
 * This file imports nothing, so vitest.config.ts and the bench can read it.
 */
const BASE = Number(process.env.RECEIVER_PORT ?? 8890);

export const RECEIVER_PORTS = {
  workers: { control: BASE, receivers: [BASE + 1, BASE + 2] },
  e2e: { receivers: [BASE + 3, BASE + 4] },
} as const;
