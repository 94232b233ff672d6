import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mulawDecodeSample, mulawEncode, mulawEncodeSample } from '#core/audio/g711';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import type {
  FrameAction,
  Socket,
} from '../../../../durable-objects/call-session/transports/transport';
import {
  type TwilioAttachment,
  twilioTransport as transport,
} from '../../../../durable-objects/call-session/transports/twilio/transport';
import { loadConfig } from '../../../../worker/config';

const config = loadConfig(env);
const CALL = 'CA0123456789abcdef0123456789abcdef';

/** A socket that records what the transport sends (Twilio reads nothing but media/mark/clear). */
function fakeSocket() {
  const sent: string[] = [];
  const ws: Socket = { send: (data) => sent.push(String(data)), close: () => {} };
  return { ws, sent };
}

let streams = 0;
/**
 * A call's socket. `verified`: the session found its start's token good (it marks the
 * attachment so); the transport reads no audio from a socket it has not.
 */
function openCall(verified = true) {
  const { ws, sent } = fakeSocket();
  const streamId = `${CALL}-${++streams}`;
  let attachment = transport.open(ws, {
    streamId,
    lastProcessed: 0,
    lastTaken: 0,
    claimedLast: undefined,
    config,
  });
  attachment = { ...attachment, verified };
  const actions: FrameAction[] = [];
  const feed = (frame: unknown) => {
    const out = transport.receive(
      ws,
      attachment,
      typeof frame === 'string' ? frame : JSON.stringify(frame),
    );
    attachment = out.attachment;
    actions.push(...out.actions);
  };
  return { ws, sent, feed, actions, attachment: () => attachment as TwilioAttachment, streamId };
}

/** A `media` event: 20 ms whose samples all have the value `level` (so order shows in the WAV). */
const media = (chunk: number, level = chunk * 10, seq = chunk + 1) => ({
  event: 'media',
  sequenceNumber: String(seq),
  streamSid: 'MZ1',
  media: {
    track: 'inbound',
    chunk: String(chunk),
    timestamp: String((chunk - 1) * 20),
    payload: Buffer.from(mulawEncode(new Int16Array(160).fill(level))).toString('base64'),
  },
});

const start = {
  event: 'start',
  sequenceNumber: '1',
  streamSid: 'MZ1',
  start: {
    streamSid: 'MZ1',
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    callSid: CALL,
    tracks: ['inbound'],
    customParameters: { org: 'o', token: 't' },
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
};
const stop = {
  event: 'stop',
  sequenceNumber: '999',
  streamSid: 'MZ1',
  stop: { accountSid: 'AC0123456789abcdef0123456789abcdef', callSid: CALL },
};

const windows = (actions: FrameAction[]) =>
  actions.flatMap((a) => (a.kind === 'window' ? [a.window] : []));

describe('the Twilio Media Streams transport', () => {
  it('reports start with the call, its stream and its parameters', () => {
    const call = openCall();
    call.feed({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    call.feed(start);
    expect(call.actions).toEqual([
      {
        kind: 'start',
        callSid: CALL,
        accountSid: start.start.accountSid,
        streamSid: 'MZ1',
        parameters: { org: 'o', token: 't' },
      },
    ]);
    expect(call.attachment().streamSid).toBe('MZ1');
  });

  it('cuts the caller audio into 5 s windows, numbered in order, and ends on stop', () => {
    const call = openCall();
    call.feed(start);
    // 5.5 s of frames: one full window now, the last half second at the stop.
    for (let n = 1; n <= 275; n++) call.feed(media(n, 100));
    expect(
      windows(call.actions).map((w) => [w.index, w.info.durationMs, w.info.sampleRate]),
    ).toEqual([[1, 5_000, 8_000]]);
    call.feed(stop);
    expect(windows(call.actions).map((w) => [w.index, w.info.durationMs])).toEqual([
      [1, 5_000],
      [2, 500],
    ]);
    expect(call.actions.at(-1)).toEqual({ kind: 'end' });
    // Twilio is sent nothing per window.
    expect(call.sent).toEqual([]);
  });

  it('plays out-of-order frames in order, drops duplicates, fills a lost frame with silence', () => {
    const call = openCall();
    call.feed(start);
    for (const n of [1, 3, 2, 2, 5, 4, 4, 6]) call.feed(media(n));
    // Frame 7 never arrives.
    for (let n = 8; n <= 30; n++) call.feed(media(n));
    call.feed(stop);
    const [only] = windows(call.actions);
    const samples = decodeWavMono16(only!.wav).samples;
    expect(samples.length).toBe(30 * 160);
    // The first sample of each 20 ms: frame n's level, in order, and silence where 7 was.
    const firsts = Array.from({ length: 30 }, (_, i) => samples[i * 160]);
    // µ-law is lossy: each level comes back exactly as µ-law rounds it.
    const level = (v: number) => mulawDecodeSample(mulawEncodeSample(v));
    expect(firsts).toEqual(Array.from({ length: 30 }, (_, i) => level(i === 6 ? 0 : (i + 1) * 10)));
  });

  it('drops malformed frames and unknown events without a word, and keeps going', () => {
    const call = openCall();
    call.feed(start);
    for (const bad of [
      'not json',
      { event: 'bogus' },
      { event: 'media', media: { payload: 'x' } },
      { ...media(1), media: { ...media(1).media, payload: '***' } },
      { ...media(1), media: { ...media(1).media, chunk: '-1' } },
      {
        ...start,
        start: {
          ...start.start,
          mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 },
        },
      },
    ])
      call.feed(bad);
    call.feed({ event: 'mark', sequenceNumber: '3', streamSid: 'MZ1', mark: { name: 'x' } });
    call.feed({
      event: 'dtmf',
      sequenceNumber: '4',
      streamSid: 'MZ1',
      dtmf: { track: 'inbound_track', digit: '1' },
    });
    expect(call.attachment().dropped).toBe(6);
    expect(call.sent).toEqual([]);
    for (let n = 1; n <= 250; n++) call.feed(media(n));
    expect(windows(call.actions)).toHaveLength(1);
  });

  it('reads no audio from a socket whose start has not checked out, and flushes none on its stop', () => {
    const call = openCall(false);
    call.feed(start);
    for (let n = 1; n <= 300; n++) call.feed(media(n));
    call.feed(stop);
    expect(windows(call.actions)).toEqual([]);
    expect(call.actions.at(-1)).toEqual({ kind: 'end' });
    expect(call.attachment().dropped).toBe(300);
  });

  it('hands over the audio it still holds as the last windows when the socket goes away', () => {
    const call = openCall();
    call.feed(start);
    for (let n = 1; n <= 400; n++) call.feed(media(n));
    expect(windows(call.actions)).toHaveLength(1);
    // 3 s held; the socket went away without stop. The session numbers what is left.
    const tail = transport.drain(call.streamId, 2);
    expect(tail.map((w) => [w.index, w.info.durationMs])).toEqual([[2, 3_000]]);
    expect(transport.drain(call.streamId, 3)).toEqual([]);
  });

  it('leaves out a last piece too short to hold a word (under half a second)', () => {
    const call = openCall();
    call.feed(start);
    for (let n = 1; n <= 270; n++) call.feed(media(n));
    call.feed(stop);
    expect(windows(call.actions).map((w) => w.info.durationMs)).toEqual([5_000]);
  });

  it('ends a call that never started, and one without audio, with no window', () => {
    const call = openCall();
    call.feed(stop);
    expect(call.actions).toEqual([{ kind: 'end' }]);
  });

  it('ignores the outbound track (our own warning, on a two-way call)', () => {
    const call = openCall();
    call.feed(start);
    for (let n = 1; n <= 250; n++)
      call.feed({ ...media(n), media: { ...media(n).media, track: 'outbound' } });
    call.feed(stop);
    expect(windows(call.actions)).toEqual([]);
  });

  it('carries on the window count of a socket that reconnected to the call', () => {
    const { ws } = fakeSocket();
    const attachment = transport.open(ws, {
      streamId: `${CALL}-resumed`,
      lastProcessed: 3,
      lastTaken: 4,
      claimedLast: undefined,
      config,
    });
    expect(attachment.nextIndex).toBe(5);
  });
});
