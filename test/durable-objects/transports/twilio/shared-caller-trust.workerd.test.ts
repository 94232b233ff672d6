import { beforeAll, describe, expect, it } from 'vitest';
import { callRowId } from '../../../../worker/services/analysis-rows';
import { as, eventually, makeOrg, serviceDb, testApp } from '../../../worker/workerd/harness';
import {
  type CallState,
  callerHashOf,
  connectTwilio,
  newCallerNumber,
  type PlacedCall,
  placeCall,
  playCall as playTwilioCall,
  type TwilioAccount,
} from './twilio-client';

/**
 * Shared caller counts on live phone calls (docs/campaigns.md, "Shared caller counts"): two
 * organisations that opted in to the shared index see each other's reviewers' reports of a
 * number; one that did not neither reads nor adds to them. The audio is silence, so what a
 * result shows is the caller's trust alone.
 */

const app = testApp({ AUTH_MODE: 'on' });
let sharerA: TwilioAccount;
let sharerB: TwilioAccount;
let loner: TwilioAccount;

async function optIn(account: TwilioAccount) {
  const res = await app.fetch(
    '/api/v1/campaign-settings',
    as(account.org.members.admin.jwt, {
      method: 'PUT',
      body: { shared_index: true, detection_calls_per_day: null },
      headers: { 'x-orgid': account.org.id },
    }),
  );
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  [sharerA, sharerB, loner] = await Promise.all([
    makeOrg(app, 'Shared callers A').then((org) => connectTwilio(app, org)),
    makeOrg(app, 'Shared callers B').then((org) => connectTwilio(app, org)),
    makeOrg(app, 'Shared callers, not sharing').then((org) => connectTwilio(app, org)),
  ]);
  await Promise.all([optIn(sharerA), optIn(sharerB)]);
});

const newNumber = () => newCallerNumber('646');
const hashOf = (number: string) => callerHashOf(app, number);
const playCall = (call: PlacedCall) => playTwilioCall(app, call);

/** `account`'s own count of calls from `number`, once it has `calls` of them. */
async function counted(account: TwilioAccount, number: string, calls: number) {
  const hash = await hashOf(number);
  return eventually(async () => {
    const { data } = await serviceDb()
      .from('caller_numbers')
      .select('calls')
      .eq('organization_id', account.org.id)
      .eq('number_hash', hash)
      .maybeSingle();
    return data?.calls === calls ? data : undefined;
  });
}

async function sharedCounts(number: string) {
  const { data } = await serviceDb()
    .from('shared_caller_numbers')
    .select('calls, reported_scam')
    .eq('number_hash', await hashOf(number))
    .maybeSingle();
  return data;
}

const reportedSignal = (state: CallState) =>
  state.chunks[0]?.signals.find((s) => s.category === 'NUMBER_REPORTED');

describe('shared caller counts', () => {
  it("show one sharing organisation's reviewed scam to the other, and nothing to one that does not share", async () => {
    const number = newNumber();

    // Organisation A takes a call from the number and its reviewer confirms it a scam.
    const first = await placeCall(app, sharerA, { from: number });
    expect(reportedSignal(await playCall(first))).toBeUndefined();
    expect(await counted(sharerA, number, 1)).toBeDefined();
    const rowId = await callRowId(first.callSid, 'twilio');
    await eventually(async () => {
      const { data } = await serviceDb()
        .from('call_analyses')
        .select('caller_hash')
        .eq('id', rowId)
        .maybeSingle();
      return data?.caller_hash ? data : undefined;
    });
    const review = await app.json(
      `/api/v1/analyses/${rowId}/reviews`,
      as(sharerA.org.members.reviewer.jwt, { method: 'POST', body: { outcome: 'confirmed_scam' } }),
    );
    expect(review.status).toBe(201);
    expect(await sharedCounts(number)).toEqual({ calls: 1, reported_scam: 1 });

    // Organisation B's first call from it shows A's report, as shared evidence.
    const second = await playCall(await placeCall(app, sharerB, { from: number }));
    const signal = reportedSignal(second);
    expect(signal?.detail).toBe(
      'This number: 0 earlier calls here; across organisations sharing counts: 1 call, 1 confirmed scam by reviewers.',
    );
    expect(signal?.severity).toBe('high');
    // Trust alone never leaves SAFE.
    expect(second.final_result?.verdict).toBe('SAFE');
    expect(await counted(sharerB, number, 1)).toBeDefined();
    expect(await sharedCounts(number)).toEqual({ calls: 2, reported_scam: 1 });

    // Organisation C, not sharing, sees nothing of it, and its call is its own.
    const third = await playCall(await placeCall(app, loner, { from: number }));
    expect(reportedSignal(third)).toBeUndefined();
    expect(await counted(loner, number, 1)).toBeDefined();
    expect(await sharedCounts(number)).toEqual({ calls: 2, reported_scam: 1 });

    // A's next call shows B's call, but not A's own report again as someone else's.
    const fourth = await playCall(await placeCall(app, sharerA, { from: number }));
    expect(reportedSignal(fourth)?.detail).toBe(
      'This number: 1 earlier call here, 1 confirmed scam by reviewers; across organisations sharing counts: 1 call.',
    );
  });
});
