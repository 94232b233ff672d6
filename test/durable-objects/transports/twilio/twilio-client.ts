import { mulawEncode } from '#core/audio/g711';
import { toBase64 } from '#core/encoding';
import { callerHash } from '../../../../worker/twilio/caller';
import { SIGNATURE_HEADER, twilioSignature } from '../../../../worker/twilio/signature';
import { socketOrigin } from '../../../../worker/twilio/twiml';
import { mediaPath } from '../../../../worker/twilio/voice-route';
import { as, eventually, type TestApp, type TestOrg } from '../../../worker/workerd/harness';

/**
 * Phone calls placed through the Worker inside workerd the way Twilio places them: the voice
 * webhook signed with the organisation's auth token, then the media socket's upgrade signed
 * over its URL, then Media Streams messages. (test/e2e/twilio.test.ts does the same against
 * the whole local stack with the official `twilio` package.)
 */

/** An organisation's Twilio account, as its admin connected it. */
export interface TwilioAccount {
  org: TestOrg;
  accountSid: string;
  authToken: string;
  number: string;
}

/** A random Twilio SID with `prefix`. */
export const sid = (prefix: string) => `${prefix}${crypto.randomUUID().replaceAll('-', '')}`;

/** Connects a Twilio account (a number of its own) for `org`, as its admin. */
export async function connectTwilio(app: TestApp, org: TestOrg): Promise<TwilioAccount> {
  const account = {
    org,
    accountSid: sid('AC'),
    authToken: crypto.randomUUID().replaceAll('-', ''),
    number: `+1500${Math.floor(1e6 + Math.random() * 8e6)}`,
  };
  const res = await app.json(
    '/api/v1/integrations/twilio',
    as(org.members.admin.jwt, {
      method: 'PUT',
      body: {
        account_sid: account.accountSid,
        auth_token: account.authToken,
        phone_numbers: [account.number],
      },
    }),
  );
  if (res.status !== 200) throw new Error(`twilio integration: ${JSON.stringify(res.body)}`);
  return account;
}

/** A call the voice webhook answered: its SID and the `<Parameter>`s of its `<Stream>`. */
export interface PlacedCall {
  account: TwilioAccount;
  callSid: string;
  parameters: Record<string, string>;
}

/**
 * POSTs the voice webhook for a new call, signed as Twilio signs it: from `from` (a fixed test
 * number unless given), with `extra` form fields (e.g. `StirVerstat`).
 */
export async function placeCall(
  app: TestApp,
  account: TwilioAccount,
  options: { from?: string; extra?: Record<string, string> } = {},
): Promise<PlacedCall> {
  const callSid = sid('CA');
  const params: [string, string][] = [
    ['AccountSid', account.accountSid],
    ['CallSid', callSid],
    ['From', options.from ?? '+15005550001'],
    ['To', account.number],
    ...Object.entries(options.extra ?? {}),
  ];
  const url = `${app.services.config.publicBaseUrl}/twilio/voice`;
  const res = await app.fetch('/twilio/voice', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      [SIGNATURE_HEADER]: await twilioSignature(account.authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const twiml = await res.text();
  if (res.status !== 200) throw new Error(`voice webhook: ${res.status} ${twiml}`);
  const parameters: Record<string, string> = {};
  for (const [, name, value] of twiml.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g))
    parameters[name ?? ''] = value ?? '';
  return { account, callSid, parameters };
}

/** 20 ms frames of 8 kHz µ-law: `ms` of silence, or of a loud tone when `tone` is set. */
export function phoneFrames(ms: number, tone = false): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let t = 0; t < ms; t += 20) {
    const samples = new Int16Array(160);
    if (tone)
      for (let i = 0; i < samples.length; i++)
        samples[i] = Math.round(8_000 * Math.sin((2 * Math.PI * 440 * (t * 8 + i)) / 8_000));
    frames.push(mulawEncode(samples));
  }
  return frames;
}

/** One media socket of a call (an upgrade signed over the call's stream URL). */
export class MediaSocket {
  closed: { code: number; reason: string } | null = null;
  private sequence = 0;
  /** The `chunk` number of the last `media` event sent. */
  chunk = 0;
  private waiters: (() => void)[] = [];
  readonly streamSid: string;

  private constructor(
    private readonly ws: WebSocket,
    readonly call: PlacedCall,
    streamSid: string,
  ) {
    this.streamSid = streamSid;
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Opens the call's media socket, signed as Twilio signs it; a replay is the same request. */
  static async open(app: TestApp, call: PlacedCall, streamSid = sid('MZ')): Promise<MediaSocket> {
    const path = mediaPath(call.account.org.id, call.callSid);
    const url = `${socketOrigin(app.services.config.publicBaseUrl)}${path}`;
    const res = await app.fetch(path, {
      headers: {
        Upgrade: 'websocket',
        [SIGNATURE_HEADER]: await twilioSignature(call.account.authToken, url, []),
      },
    });
    if (res.status !== 101 || !res.webSocket) throw new Error(`media upgrade: ${res.status}`);
    res.webSocket.accept();
    return new MediaSocket(res.webSocket, call, streamSid);
  }

  get open(): boolean {
    return this.closed === null;
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }

  private seq(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  /** `connected` then `start`, with the call's parameters unless others are given. */
  start(parameters: Record<string, string> = this.call.parameters, callSid = this.call.callSid) {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      start: {
        accountSid: this.call.account.accountSid,
        streamSid: this.streamSid,
        callSid,
        tracks: ['inbound'],
        customParameters: parameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
  }

  /**
   * Sends `frames` as consecutive `media` events, as fast as the socket takes them, numbered
   * from `first` (after this socket's last frame unless given: a stream that reconnects goes
   * on counting).
   */
  media(frames: Uint8Array[], first = this.chunk + 1): void {
    this.chunk = first - 1;
    for (const payload of frames) {
      this.chunk += 1;
      this.send({
        event: 'media',
        sequenceNumber: this.seq(),
        streamSid: this.streamSid,
        media: {
          track: 'inbound',
          chunk: String(this.chunk),
          timestamp: String((this.chunk - 1) * 20),
          payload: toBase64(payload),
        },
      });
    }
  }

  /** `stop`: the caller hung up. */
  stop(): void {
    this.send({
      event: 'stop',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      stop: { accountSid: this.call.account.accountSid, callSid: this.call.callSid },
    });
  }

  /** Closes the socket from Twilio's side (1000: a clean close; anything else: it vanished). */
  close(code = 1000): void {
    this.ws.close(code, 'gone');
  }

  /** Waits (bounded) for the server to close the socket. */
  async waitClosed(timeoutMs = 60_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the media socket to close');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.closed;
  }
}

/** Waits (bounded) until the call has taken `socket`'s start (Twilio is told nothing of it). */
export async function started(app: TestApp, socket: MediaSocket): Promise<void> {
  const taken = await eventually(async () => {
    const res = await callState(app, socket.call);
    return res.body?.call?.stream_sid === socket.streamSid ? true : undefined;
  });
  if (!taken) throw new Error('the call never took the start');
}

/** `GET /api/v1/calls/{sid}` as the organisation. */
export function callState(app: TestApp, call: PlacedCall) {
  return app.json<CallState>(`/api/v1/calls/${call.callSid}`, as(call.account.org.key));
}

/** What `GET /api/v1/calls/{sid}` answers. */
export interface CallState {
  status: string;
  chunks_received: number;
  chunks: {
    chunk_index: number;
    timestamp_ms: number;
    transcription: string;
    call_score: number;
    verdict: string;
    signals: { category: string; detail: string; severity: string }[];
  }[];
  final_result: {
    reason: string;
    combined_score: number;
    signals: { category: string; detail: string; severity: string }[];
    total_chunks: number;
    duration_ms: number;
    verdict: string;
    review_required: boolean;
    review_reason: string | null;
    recommendation: string;
    coverage?: Record<string, unknown>;
  } | null;
  call: { call_sid: string; stream_sid: string | null; account_sid: string | null };
}

/** A caller number of its own (in area code `area`), so numbers' histories never mix. */
export const newCallerNumber = (area = '415') =>
  `+1${area}${Math.floor(1e6 + Math.random() * 8e6)}`;

/** The keyed hash the app files `number`'s history under. */
export function callerHashOf(app: TestApp, number: string): Promise<string> {
  const key = app.services.config.twilio.callerHashKey;
  if (!key) throw new Error('the workers project sets CALLER_HASH_KEY');
  return callerHash(key, number);
}

/**
 * Plays 5 s into `call` (silence, or a loud tone the sidecar's fake engine hears as its scam
 * script when `speech`) and hangs up; the call's state once its final result is made.
 */
export async function playCall(
  app: TestApp,
  call: PlacedCall,
  { parameters = call.parameters, speech = false } = {},
): Promise<CallState> {
  const socket = await MediaSocket.open(app, call);
  socket.start(parameters);
  socket.media(phoneFrames(5_000, speech));
  socket.stop();
  const closed = await socket.waitClosed();
  if (closed.code !== 1000) throw new Error(`the media socket closed with ${closed.code}`);
  const state = await eventually(async () => {
    const res = await callState(app, call);
    return res.body?.final_result ? res.body : undefined;
  });
  if (!state) throw new Error('the call has no final result');
  return state;
}
