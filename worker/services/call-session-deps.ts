/**
 * The CallSession's dependencies (durable-objects/call-session/contract/deps.ts), built from the
 * Worker's services. This is the one module of worker/ that durable-objects/ may import
 * (biome.json): whatever a session needs from the Worker goes through the object built here, so
 * its config, database, webhooks, sidecar client, campaign lookup, caller history and Twilio code stay the
 * Worker's own.
 */
import type { CallSessionDeps, FinishedCall } from '../../durable-objects/call-session/contract';
import { alertLevelsOf } from '../db/organizations';
import { errorResponse } from '../errors';
import { redirectToSay } from '../twilio/redirect';
import { verifyStreamToken } from '../twilio/stream-token';
import { emitEvent } from '../webhooks/emit';
import { type ServiceBindings, servicesFor } from '.';
import { callRowId, streamRow } from './analysis-rows';
import { isDatabaseOrg } from './auth/caller';
import { callerHistories } from './caller-history';
import { matchLabelledFingerprint } from './campaign-match';
import { sessionSpeech } from './session-speech';

/** A session's dependencies for the env of its Durable Object (services built once per env). */
export function callSessionDeps(env: ServiceBindings): CallSessionDeps {
  const services = servicesFor(env);
  const { config, db, logger } = services;
  return {
    // Copied field by field: the session gets these settings, never the config's secrets.
    settings: {
      thresholds: config.thresholds,
      streams: {
        idleTimeoutMs: config.streams.idleTimeoutMs,
        contextMs: config.streams.contextMs,
        silenceDbfs: config.streams.silenceDbfs,
        fullPassMaxMs: config.streams.fullPassMaxMs,
      },
      twilio: { media: { burstMs: config.twilio.media.burstMs } },
    },
    logger,
    now: services.now,
    speech: sessionSpeech(services.sidecar),
    scoreFinal: (transcript) => services.textEngine.analyze(transcript, { final: true }),
    async alertLevels(org) {
      if (!db || !isDatabaseOrg(org)) return null;
      const own = await alertLevelsOf(db.service, org);
      return own ? { review: own[0], alert: own[1], hard_alert: own[2] } : null;
    },
    matchCampaign: (org, fp) => matchLabelledFingerprint(services, org, fp),
    callers: callerHistories(services),
    async emit(org, event) {
      await emitEvent(services, org, event);
    },
    analyses: {
      enabled: services.analyses.enabled,
      rowId: async (org, callId, source) =>
        isDatabaseOrg(org) ? await callRowId(callId, source) : null,
      keep: async (call) => {
        const row = await rowOf(call);
        if (row) await services.analyses.keep(row);
      },
    },
    callAudio: services.rateLimits,
    twilio: {
      verifyStreamToken: (token) => verifyStreamToken(config.auth.ticketSecret, token),
      redirectToSay: (org, callSid, text) => redirectToSay(services, org, callSid, text),
    },
    refuse: errorResponse,
  };
}

/** A finished call as its analysis row: a stream's, with its source's id, source and metadata. */
async function rowOf(call: FinishedCall) {
  const row = await streamRow(call.callId, call.final, call.owner);
  if (!row) return null;
  return {
    ...row,
    id: await callRowId(call.callId, call.source),
    source: call.source,
    metadata: { ...row.metadata, ...call.metadata },
    ...(call.callerHash ? { caller_hash: call.callerHash } : {}),
  };
}
