import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { callSessionName } from '../../../../durable-objects/call-session/contract';
import { eventually, makeOrg, testApp } from '../../../worker/workerd/harness';
import {
  type CallState,
  callState,
  connectTwilio,
  MediaSocket,
  type PlacedCall,
  phoneFrames,
  placeCall,
  started,
  type TwilioAccount,
} from './twilio-client';

/**
 * Phone calls through the Worker's Twilio routes into the call's CallSession, signed as Twilio
 * signs them. The audio is silence (measured, never sent to the sidecar), so what is asserted
 * is how the call is taken, cut into windows and ended, whatever the machine's speed.
 */

const app = testApp({ AUTH_MODE: 'on' });
let account: TwilioAccount;

beforeAll(async () => {
  account = await connectTwilio(app, await makeOrg(app, 'Twilio calls'));
});

/** The call's stored final result, once it is made (bounded wait). */
async function finalOf(call: PlacedCall): Promise<NonNullable<CallState['final_result']>> {
  const final = await eventually(async () => {
    const res = await callState(app, call);
    return res.body?.final_result ?? undefined;
  });
  if (!final) throw new Error('the call has no final result');
  return final;
}

describe('a replayed media upgrade', () => {
  it('neither displaces the live socket nor poisons the call when its start is not the live call’s', async () => {
    const call = await placeCall(app, account);
    const live = await MediaSocket.open(app, call);
    live.start();
    live.media(phoneFrames(1_000));
    await started(app, live);

    // The signature covers only the URL, so anyone who saw the upgrade can replay it.
    const forged = await MediaSocket.open(app, call);
    forged.start({ ...call.parameters, token: 'not-a-token-we-signed' });
    expect((await forged.waitClosed()).code).toBe(1008);
    // A captured token on a stream of its own is not the live call either.
    const captured = await MediaSocket.open(app, call);
    captured.start();
    expect((await captured.waitClosed()).code).toBe(1008);
    // A socket that never starts can't end the call: neither its stop nor its clean close.
    const idle = await MediaSocket.open(app, call);
    idle.stop();
    idle.close(1000);
    await idle.waitClosed();

    expect(live.open).toBe(true);
    live.media(phoneFrames(4_000));
    live.stop();
    expect((await live.waitClosed()).code).toBe(1000);
    const state = await callState(app, call);
    expect(state.status).toBe(200);
    expect(state.body.final_result).toMatchObject({
      reason: 'end_stream',
      total_chunks: 1,
      duration_ms: 5_000,
      // Silence is measured: the whole call was heard.
      coverage: { windows_received: 1, windows_heard: 1, received_ms: 5_000, judged: true },
    });
    expect(state.body.call).toMatchObject({
      call_sid: call.callSid,
      stream_sid: live.streamSid,
      account_sid: account.accountSid,
    });
  });

  it('hands the call to a socket whose start is the live call’s own, which goes on counting', async () => {
    const call = await placeCall(app, account);
    const live = await MediaSocket.open(app, call);
    live.start();
    live.media(phoneFrames(2_000));
    await started(app, live);
    const again = await MediaSocket.open(app, call, live.streamSid);
    again.start();
    expect((await live.waitClosed()).code).toBe(4409);
    again.media(phoneFrames(3_000), live.chunk + 1);
    again.stop();
    expect((await again.waitClosed()).code).toBe(1000);
    // The two sockets' audio is one window: nothing lost, nothing counted twice.
    expect(await finalOf(call)).toMatchObject({ total_chunks: 1, duration_ms: 5_000 });
  });

  it('keeps nothing of a call whose only start is refused, yet takes Twilio’s own socket after it', async () => {
    const call = await placeCall(app, account);
    const forged = await MediaSocket.open(app, call);
    forged.start({ ...call.parameters, token: 'not-a-token-we-signed' });
    expect((await forged.waitClosed()).code).toBe(1008);
    const session = env.CALL_SESSION.getByName(callSessionName(call.callSid));
    expect(await runDurableObjectAlarm(session)).toBe(false);
    expect((await callState(app, call)).status).toBe(404);

    const live = await MediaSocket.open(app, call);
    live.start();
    live.media(phoneFrames(5_000));
    live.stop();
    expect((await live.waitClosed()).code).toBe(1000);
    expect(await finalOf(call)).toMatchObject({ reason: 'end_stream', total_chunks: 1 });
  });
});

describe('the tail of a call', () => {
  it.each([
    ['hangs up with stop', (s: MediaSocket) => s.stop()],
    ['closes its socket without stop', (s: MediaSocket) => s.close(1000)],
  ])('scores the last 3 s of a call that %s', async (_how, hangUp) => {
    const call = await placeCall(app, account);
    const socket = await MediaSocket.open(app, call);
    socket.start();
    socket.media(phoneFrames(8_000));
    hangUp(socket);
    const final = await finalOf(call);
    expect(final).toMatchObject({ total_chunks: 2, duration_ms: 8_000 });
    const state = await callState(app, call);
    expect(state.body.chunks.map((c) => c.timestamp_ms)).toEqual([5_000, 8_000]);
  });

  it('scores a 3 s call whose socket vanished, before the idle alarm ends it', async () => {
    const call = await placeCall(app, account);
    const socket = await MediaSocket.open(app, call);
    socket.start();
    socket.media(phoneFrames(3_000));
    socket.close(4000);
    await socket.waitClosed();
    const scored = await eventually(async () => {
      const res = await callState(app, call);
      return res.body.chunks_received === 1 ? res.body : undefined;
    });
    expect(scored?.chunks[0]?.timestamp_ms).toBe(3_000);
    const session = env.CALL_SESSION.getByName(callSessionName(call.callSid));
    // The alarm only re-arms while the tail's scoring is still in flight (its chunk is stored
    // a moment before it finishes), so it runs until one of its runs ends the call.
    const ended = await eventually(async () => {
      await runDurableObjectAlarm(session);
      return (await callState(app, call)).body.final_result ?? undefined;
    });
    expect(ended).toBeDefined();
    expect(await finalOf(call)).toMatchObject({
      reason: 'client_disconnect',
      total_chunks: 1,
      duration_ms: 3_000,
    });
  });

  it('leaves out a last piece too short to hold a word (under half a second)', async () => {
    const call = await placeCall(app, account);
    const socket = await MediaSocket.open(app, call);
    socket.start();
    socket.media(phoneFrames(5_300));
    socket.stop();
    expect(await finalOf(call)).toMatchObject({ total_chunks: 1, duration_ms: 5_000 });
  });
});

describe('pacing', () => {
  it('refuses a call whose audio runs far ahead of real time (4029) and ends it with what it had', async () => {
    const call = await placeCall(app, account);
    const socket = await MediaSocket.open(app, call);
    socket.start();
    // A minute of audio at once: Twilio sends 20 ms every 20 ms.
    socket.media(phoneFrames(60_000));
    const closed = await socket.waitClosed();
    expect(closed).toEqual({ code: 4029, reason: 'media faster than real time' });
    const final = await finalOf(call);
    expect(final.reason).toBe('rate_limited');
    // What arrived within the burst allowance was scored; the flood was not.
    expect(final.total_chunks).toBeGreaterThan(0);
    expect(final.duration_ms).toBeLessThan(60_000);
  });
});
