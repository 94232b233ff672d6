import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CallSessionDeps,
  callSessionName,
} from '../../../../durable-objects/call-session/contract';
import { callRowId } from '../../../../worker/services/analysis-rows';
import { as, eventually, makeOrg, serviceDb, testApp } from '../../../worker/workerd/harness';
import { Endpoint, succeeded, verified } from '../../../worker/workerd/receivers';
import {
  callerHashOf,
  connectTwilio,
  MediaSocket,
  newCallerNumber,
  type PlacedCall,
  placeCall,
  playCall as playTwilioCall,
  type TwilioAccount,
} from './twilio-client';

/**
 * Caller trust on live phone calls (docs/campaigns.md, "Caller trust"): Twilio's STIR/SHAKEN
 * result and the caller number's history in the organisation become signals on every result
 * of the call, from its first chunk. The audio is silence (measured, never sent to the
 * sidecar), so what a result shows is the caller's trust alone, whatever the machine's speed.
 */

const app = testApp({ AUTH_MODE: 'on' });
let account: TwilioAccount;
let other: TwilioAccount;

beforeAll(async () => {
  [account, other] = await Promise.all([
    makeOrg(app, 'Caller trust').then((org) => connectTwilio(app, org)),
    makeOrg(app, 'Caller trust, elsewhere').then((org) => connectTwilio(app, org)),
  ]);
});

const newNumber = () => newCallerNumber('415');
const hashOf = (number: string) => callerHashOf(app, number);
const playCall = (call: PlacedCall, parameters = call.parameters, speech = false) =>
  playTwilioCall(app, call, { parameters, speech });

/** A result's signal categories, less the SILENCE marker of a silent chunk. */
const categories = (r: { signals: { category: string }[] }) =>
  r.signals.map((s) => s.category).filter((c) => c !== 'SILENCE');

/** The organisation's history of `number`, as the service role reads it. */
async function historyOf(account: TwilioAccount, number: string) {
  const { data } = await serviceDb()
    .from('caller_numbers')
    .select('calls, calls_safe, calls_suspicious, reported_scam')
    .eq('organization_id', account.org.id)
    .eq('number_hash', await hashOf(number))
    .maybeSingle();
  return data;
}

describe("Twilio's STIR/SHAKEN result", () => {
  it('flags a failed verification from the first chunk to the final result, never past SAFE alone', async () => {
    const call = await placeCall(app, account, {
      from: newNumber(),
      extra: { StirVerstat: 'TN-Validation-Failed-A' },
    });
    const state = await playCall(call);
    const first = state.chunks[0]!;
    const signal = first.signals.find((s) => s.category === 'CALLER_ID_UNVERIFIED');
    expect(signal?.detail).toContain('"TN-Validation-Failed-A"');
    expect(signal?.severity).toBe('medium');
    // The call's score (not the silent chunk's own) carries the bounded raise.
    expect(first.call_score).toBeCloseTo(0.1, 4);
    const final = state.final_result!;
    expect(categories(final)).toContain('CALLER_ID_UNVERIFIED');
    // Trust alone never moves a silent call's verdict.
    expect(final.verdict).toBe('SAFE');
  });

  it('adds nothing for an A attestation', async () => {
    const call = await placeCall(app, account, {
      from: newNumber(),
      extra: { StirVerstat: 'TN-Validation-Passed-A' },
    });
    const state = await playCall(call);
    expect(categories(state.chunks[0]!)).toEqual([]);
    expect(state.final_result).toMatchObject({ combined_score: 0, verdict: 'SAFE', signals: [] });
  });

  it('ignores a StirVerstat it does not know, and a withheld or garbage From', async () => {
    for (const [from, verstat] of [
      ['anonymous', 'TN-Validation-Passed-Z'],
      ['+266696687', '<Parameter name="x"/>'],
      ['sip:1@example.com', 'x'.repeat(8_000)],
    ] as const) {
      const call = await placeCall(app, account, { from, extra: { StirVerstat: verstat } });
      // The caller travels only inside the signed token, never as a parameter of its own.
      expect(Object.keys(call.parameters).sort()).toEqual(['org', 'token']);
      const state = await playCall(call);
      expect(categories(state.chunks[0]!)).toEqual([]);
      expect(state.final_result?.verdict).toBe('SAFE');
    }
  });

  it('cannot be forged through the media socket: only the signed token speaks for the caller', async () => {
    const call = await placeCall(app, account, {
      from: newNumber(),
      extra: { StirVerstat: 'TN-Validation-Failed-B' },
    });
    // A start that adds its own "verified" parameters is still the token's call.
    const state = await playCall(call, {
      ...call.parameters,
      StirVerstat: 'TN-Validation-Passed-A',
      caller: 'verified',
    });
    expect(categories(state.chunks[0]!)).toContain('CALLER_ID_UNVERIFIED');
    // A token of our own making (not the Worker's key) is refused outright.
    const forged = await placeCall(app, account, { from: newNumber() });
    const socket = await MediaSocket.open(app, forged);
    const [header, , signature] = (forged.parameters.token ?? '').split('.');
    const claims = btoa(JSON.stringify({ call: { caller: { hash: null, verstat: null } } }));
    socket.start({ ...forged.parameters, token: `${header}.${claims}.${signature}` });
    expect((await socket.waitClosed()).code).toBe(1008);
  });
});

describe("the number's history in the organisation", () => {
  it("shows reviewers' reports and earlier verdicts, and counts the call once at its end", async () => {
    const number = newNumber();
    const hash = await hashOf(number);
    const service = serviceDb();
    const recorded = await service.rpc('record_caller_call', {
      target_organization: account.org.id,
      caller_hash: hash,
      call_verdict: 'SCAM',
      called_at: new Date().toISOString(),
    });
    expect(recorded.error).toBeNull();
    const reported = await service.rpc('report_caller_number', {
      target_organization: account.org.id,
      caller_hash: hash,
      delta: 1,
    });
    expect(reported.error).toBeNull();

    const state = await playCall(await placeCall(app, account, { from: number }));
    const signal = state.chunks[0]!.signals.find((s) => s.category === 'NUMBER_REPORTED');
    expect(signal?.detail).toBe(
      'This number: 1 earlier call, 1 confirmed scam by reviewers, 1 scored scam or likely scam.',
    );
    expect(signal?.severity).toBe('high');
    expect(categories(state.final_result!)).toContain('NUMBER_REPORTED');
    expect(state.final_result?.verdict).toBe('SAFE');
    // The call is counted in the number's history once, with its own verdict.
    const after = await eventually(async () => {
      const h = await historyOf(account, number);
      return h && h.calls === 2 ? h : undefined;
    });
    expect(after?.reported_scam).toBe(1);

    // Another organisation's calls from the same number know nothing of it.
    const elsewhere = await playCall(await placeCall(app, other, { from: number }));
    expect(categories(elsewhere.chunks[0]!)).not.toContain('NUMBER_REPORTED');
  });

  it("counts a new number's first call, and a reviewer's verdict on it reports the number", async () => {
    const number = newNumber();
    const call = await placeCall(app, account, { from: number });
    const state = await playCall(call);
    expect(categories(state.chunks[0]!)).toEqual([]);
    const history = await eventually(async () => (await historyOf(account, number)) ?? undefined);
    expect(history).toMatchObject({ calls: 1, calls_safe: 1, reported_scam: 0 });

    // The call's row keeps the number's hash (never the number's digits in that column).
    const rowId = await callRowId(call.callSid, 'twilio');
    const row = await eventually(async () => {
      const { data } = await serviceDb()
        .from('call_analyses')
        .select('caller_hash')
        .eq('id', rowId)
        .maybeSingle();
      return data ?? undefined;
    });
    expect(row?.caller_hash).toBe(await hashOf(number));
    const reviewer = account.org.members.reviewer.jwt;
    const submit = (outcome: string) =>
      app.json(
        `/api/v1/analyses/${rowId}/reviews`,
        as(reviewer, { method: 'POST', body: { outcome } }),
      );
    expect((await submit('confirmed_scam')).status).toBe(201);
    expect((await historyOf(account, number))?.reported_scam).toBe(1);
    expect((await submit('false_positive')).status).toBe(201);
    expect((await historyOf(account, number))?.reported_scam).toBe(0);
  });

  it('goes on without the history when its lookup fails, and still counts the call', async () => {
    const number = newNumber();
    const hash = await hashOf(number);
    await serviceDb().rpc('report_caller_number', {
      target_organization: account.org.id,
      caller_hash: hash,
      delta: 1,
    });
    const first = await serviceDb().rpc('record_caller_call', {
      target_organization: account.org.id,
      caller_hash: hash,
      call_verdict: 'LIKELY_SCAM',
      called_at: new Date().toISOString(),
    });
    expect(first.error).toBeNull();
    const call = await placeCall(app, account, {
      from: number,
      extra: { StirVerstat: 'No-TN-Validation' },
    });
    const session = env.CALL_SESSION.getByName(callSessionName(call.callSid));
    let lookups = 0;
    await runInDurableObject(session, (instance) => {
      const { deps } = instance as unknown as { deps: CallSessionDeps };
      deps.callers = {
        ...deps.callers,
        history: () => {
          lookups += 1;
          return Promise.reject(new Error('caller history down'));
        },
      };
    });
    const state = await playCall(call);
    expect(lookups).toBe(1);
    // The attestation still counts; the history, unread, adds nothing.
    expect(categories(state.chunks[0]!)).toEqual(['CALLER_ID_UNVERIFIED']);
    expect(categories(state.final_result!)).toEqual(['CALLER_ID_UNVERIFIED']);
    const after = await eventually(async () => {
      const h = await historyOf(account, number);
      return h && h.calls === 2 ? h : undefined;
    });
    expect(after?.calls).toBe(2);
  });
});

describe('alerts', () => {
  it("raises no alert on trust alone, and a call's alert carries the caller's signals", async () => {
    const watched = await connectTwilio(app, await makeOrg(app, 'Caller trust, alerts'));
    const endpoint = new Endpoint();
    const hook = await app.json<{ secret: string }>(
      '/api/v1/integrations',
      as(watched.org.members.owner.jwt, {
        body: { url: endpoint.url, events: ['call.alert', 'call.ended'] },
      }),
    );
    expect(hook.status).toBe(201);
    const number = newNumber();
    const hash = await hashOf(number);
    const service = serviceDb();
    await service.rpc('record_caller_call', {
      target_organization: watched.org.id,
      caller_hash: hash,
      call_verdict: 'SAFE',
      called_at: new Date().toISOString(),
    });
    for (const _ of [1, 2])
      await service.rpc('report_caller_number', {
        target_organization: watched.org.id,
        caller_hash: hash,
        delta: 1,
      });
    const call = () =>
      placeCall(app, watched, { from: number, extra: { StirVerstat: 'TN-Validation-Failed-C' } });
    const typesOf = (requests: Awaited<ReturnType<Endpoint['delivered']>>) =>
      succeeded(requests)
        .map((r) => verified(r, hook.body.secret))
        .map((e) => e.type);

    // A failed verification (0.1) and two reports (0.2) on a silent call: the most trust
    // raises, held under the review level, so no alert.
    const silent = await playCall(await call());
    expect(silent.final_result).toMatchObject({ combined_score: 0.29, verdict: 'SAFE' });
    expect(typesOf(await endpoint.delivered(1))).toEqual(['call.ended']);

    // A call that says something (the sidecar's fake engine hears its scam script): its alert
    // names the caller's signals beside what was said.
    const spoken = await playCall(await call(), undefined, true);
    expect(['LIKELY_SCAM', 'SCAM']).toContain(spoken.final_result?.verdict);
    const events = succeeded(await endpoint.delivered(3)).map((r) => verified(r, hook.body.secret));
    const alert = events.find((e) => e.type === 'call.alert');
    const signals = ((alert?.data.signals ?? []) as { category: string }[]).map((s) => s.category);
    expect(signals).toEqual(expect.arrayContaining(['CALLER_ID_UNVERIFIED', 'NUMBER_REPORTED']));
    expect(signals.length).toBeGreaterThan(2);
  });
});
