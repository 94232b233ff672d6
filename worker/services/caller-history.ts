import type { CallerHistories } from '../../durable-objects/call-session/contract';
import { callerHistory, recordCallerCall } from '../db/caller-numbers';
import type { Services } from '.';
import { isDatabaseOrg } from './auth/caller';

/**
 * The caller numbers' history a live call reads once and adds its verdict to at the end
 * (durable-objects/call-session/caller-trust.ts). The first chunk's result waits on the read,
 * so it is bounded: past CALLER_HISTORY_TIMEOUT_MS it rejects, and the call goes on with its
 * STIR/SHAKEN result alone.
 */

/** How long a call's first result waits for its number's history (one indexed read). */
export const CALLER_HISTORY_TIMEOUT_MS = 500;

/** The caller histories of the Worker's database; none (null, nothing recorded) without one. */
export function callerHistories(
  services: Services,
  timeoutMs = CALLER_HISTORY_TIMEOUT_MS,
): CallerHistories {
  const { db } = services;
  return {
    async history(org, numberHash) {
      if (!db || !isDatabaseOrg(org)) return null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`caller history: no answer in ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([callerHistory(db.service, org, numberHash), timeout]);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    },
    async record(org, numberHash, verdict, at) {
      if (!db || !isDatabaseOrg(org)) return;
      await recordCallerCall(db.service, { org, numberHash, verdict, at: at.toISOString() });
    },
  };
}
