/**
 * The `/ws/stream` client: one WAV file per binary frame, JSON control frames, every wait
 * bounded. It knows the protocol, not the page: results go to the handlers it is given.
 * A connection that drops before the final result is resumed (see reconnect.ts), so callers
 * see one stream for the whole call.
 */
import {
  type AlertMessage,
  type ClientMessage,
  type ConnectedMessage,
  type FinalResult,
  MAX_CHUNKS,
  type PartialResult,
  type ServerMessage,
} from '#core/schemas/stream-protocol';
import { streamUrl } from './api';
import { RECONNECT_WINDOW_MS, retryDelays } from './reconnect';
import { readFrame } from './server-messages';

const CONNECT_TIMEOUT_MS = 15_000;
/** Generous: the server may still be transcribing several queued chunks when asked to end. */
const FINAL_TIMEOUT_MS = 120_000;
/** One reconnect attempt's wait for `connected`; a healthy server answers in well under 1 s. */
const ATTEMPT_TIMEOUT_MS = 3_000;
/** The server's chunk limit: more could never be acknowledged, so never hold more. */
const MAX_UNACKED = MAX_CHUNKS;

/**
 * A problem to show: the server's `error` message, or one the page met itself (its own code,
 * e.g. `BAD_MESSAGE` for a frame that breaks the protocol, `DISCONNECTED`).
 */
export interface StreamProblem {
  code: string;
  detail: string;
  chunk_index?: number;
}

/** How the stream ended for this page. */
export interface CloseInfo {
  code: number;
  reason: string;
  hadFinal: boolean;
  /** The connection dropped and every attempt to resume it failed. */
  gaveUp: boolean;
}

/** What the page is told; every handler is optional. */
export interface StreamHandlers {
  onConnected?: (msg: ConnectedMessage) => void;
  /** Every partial_result, resent ones included. */
  onPartial?: (msg: PartialResult) => void;
  /** The call reached an alert level (each level once). */
  onAlert?: (msg: AlertMessage) => void;
  onFinal?: (msg: FinalResult) => void;
  onError?: (problem: StreamProblem) => void;
  onReconnecting?: (info: { attempt: number; of: number }) => void;
  onReconnected?: (info: { resent: number }) => void;
  onClose?: (info: CloseInfo) => void;
}

interface Waiter {
  check(msg: ServerMessage): void;
  fail(error: Error): void;
}

/** Opens a stream and resolves once the server has said `connected`. */
export async function openStream(handlers: StreamHandlers): Promise<StreamClient> {
  const client = new StreamClient(handlers);
  await client.attach(await streamUrl(), CONNECT_TIMEOUT_MS);
  return client;
}

function closeText(event: CloseEvent): string {
  return event.reason || `the connection closed (code ${event.code})`;
}

/**
 * One call's stream across however many sockets it takes: sends chunks and control frames,
 * keeps each chunk until the server has answered for it, routes server messages to the
 * handlers, and lets callers await a given message with a deadline.
 */
export class StreamClient {
  /** The socket that said `connected` last. */
  private socket: WebSocket | null = null;
  private streamId: string | null = null;
  /** The server's limits, from `connected`. */
  limits: ConnectedMessage['limits'] | null = null;
  /** The final result, once it came. */
  final: FinalResult | null = null;
  /** Highest chunk index a partial_result came back for: where a resumed stream goes on. */
  private lastAcked = 0;
  /** Chunks sent (or waiting to be) without a result yet. */
  private readonly unacked = new Map<number, ArrayBuffer>();
  private endRequested = false;
  /** Set by close(): a socket we closed ourselves is never reconnected. */
  private closing = false;
  private gaveUp = false;
  private lastSentAt = Date.now();
  private pinger: ReturnType<typeof setInterval> | undefined;
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly handlers: StreamHandlers) {}

  /**
   * Opens a socket and resolves with its `connected` message; rejects if it closes or stays
   * silent first. Only a connected socket becomes the stream's socket.
   */
  attach(url: string, timeoutMs: number): Promise<ConnectedMessage> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      let connected = false;
      const timer = setTimeout(() => {
        reject(new Error('Timed out waiting for the connect message.'));
        socket.close();
      }, timeoutMs);
      socket.addEventListener('message', (event) => {
        const frame = readFrame(event.data);
        if (frame.kind === 'ignored') return;
        if (frame.kind === 'invalid') {
          const problem = `The server sent a ${frame.type} message this page cannot read (${frame.problem}).`;
          if (this.socket === socket)
            this.handlers.onError?.({ code: 'BAD_MESSAGE', detail: problem });
          else if (!connected && frame.type === 'connected') {
            clearTimeout(timer);
            reject(new Error(problem));
            socket.close();
          }
          return;
        }
        const msg = frame.message;
        if (!connected && msg.type === 'connected') {
          connected = true;
          clearTimeout(timer);
          this.socket = socket;
          this.connected(msg);
          resolve(msg);
        }
        // A replaced socket may still deliver a late message; the current one speaks for the call.
        if (this.socket === socket) this.receive(msg);
      });
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        if (!connected) reject(new Error(`Stream closed: ${closeText(event)}.`));
        else if (this.socket === socket) this.closed(event);
      });
    });
  }

  private receive(msg: ServerMessage): void {
    switch (msg.type) {
      case 'connected':
        this.handlers.onConnected?.(msg);
        break;
      case 'partial_result':
        this.acknowledge(msg.chunk_index);
        this.handlers.onPartial?.(msg);
        break;
      case 'final_result':
        this.final = msg;
        this.unacked.clear();
        this.handlers.onFinal?.(msg);
        break;
      case 'alert':
        this.handlers.onAlert?.(msg);
        break;
      case 'error':
        this.handlers.onError?.(msg);
        break;
      case 'pong':
        break;
    }
    for (const waiter of this.waiters) waiter.check(msg);
  }

  /** The server has a result for `index` and, chunks being scored in order, all before it. */
  private acknowledge(index: number): void {
    if (index > this.lastAcked) this.lastAcked = index;
    for (const held of this.unacked.keys()) if (held <= index) this.unacked.delete(held);
  }

  /**
   * A socket is connected: on a resumed stream the server numbers new frames after
   * `lastAcked`, so everything after it is resent in order, then end_stream if it was asked.
   */
  private connected(msg: ConnectedMessage): void {
    this.streamId = msg.stream_id;
    this.limits = msg.limits;
    clearInterval(this.pinger);
    for (const [index, wav] of [...this.unacked].sort((a, b) => a[0] - b[0])) {
      if (index > this.lastAcked) this.transmit(wav);
    }
    if (this.endRequested && !this.final) this.sendJson({ type: 'end_stream' });
    // Keep a quiet stream (e.g. a paused file) from hitting the server's idle timeout.
    const idle = msg.limits.idle_timeout_ms;
    if (idle > 0) {
      const every = Math.max(1000, Math.min(idle / 2, 20_000));
      this.pinger = setInterval(() => {
        if (Date.now() - this.lastSentAt >= every) this.sendJson({ type: 'ping' });
      }, every);
    }
  }

  /** The current socket closed. */
  private closed(event: CloseEvent): void {
    clearInterval(this.pinger);
    if (this.final || this.closing) this.ended(event, false);
    else void this.reconnect(event);
  }

  /**
   * The connection dropped before the final result: try again with growing pauses, each
   * time with a fresh ticket (they are single-use) and the last chunk we have a result for.
   */
  private async reconnect(event: CloseEvent): Promise<void> {
    const delays = retryDelays();
    const deadline = Date.now() + RECONNECT_WINDOW_MS;
    const streamId = this.streamId;
    for (const [i, delay] of delays.entries()) {
      this.handlers.onReconnecting?.({ attempt: i + 1, of: delays.length });
      await new Promise((resolve) => setTimeout(resolve, delay));
      const left = deadline - Date.now();
      if (this.closing || left <= 0 || streamId === null) break;
      try {
        const url = await streamUrl({ streamId, lastChunkIndex: this.lastAcked });
        await this.attach(url, Math.min(left, ATTEMPT_TIMEOUT_MS));
        this.handlers.onReconnected?.({ resent: this.unacked.size });
        return;
      } catch {
        // The next attempt (or giving up below) says what happened.
      }
    }
    this.gaveUp = !this.closing;
    this.ended(event, this.gaveUp);
  }

  /** The stream is over for this page: waiters learn why, then the handler. */
  private ended(event: CloseEvent, gaveUp: boolean): void {
    const why = gaveUp
      ? `the connection was lost and could not be re-established (${closeText(event)})`
      : closeText(event);
    for (const waiter of this.waiters) waiter.fail(new Error(`Stream closed: ${why}.`));
    this.handlers.onClose?.({
      code: event.code,
      reason: event.reason,
      hadFinal: this.final !== null,
      gaveUp,
    });
  }

  /** Whether the current socket is open (false while reconnecting). */
  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Whether chunks can still go to this call: no final yet, not closed, not given up. */
  get alive(): boolean {
    return !this.final && !this.closing && !this.gaveUp;
  }

  /**
   * Sends one WAV chunk as one binary frame, or holds it until the stream reconnects.
   * @param index the chunk's number in the call (the server counts the same way)
   */
  sendChunk(wav: ArrayBuffer, index: number): void {
    const max = this.limits?.max_chunk_bytes;
    if (max && wav.byteLength > max) {
      throw new Error(`Chunk of ${wav.byteLength} bytes is over the server's ${max}-byte limit.`);
    }
    if (!this.alive) throw new Error('The stream is not open.');
    if (this.unacked.size >= MAX_UNACKED) {
      throw new Error(`${MAX_UNACKED} chunks are already waiting for the server.`);
    }
    this.unacked.set(index, wav);
    if (this.open) this.transmit(wav);
  }

  private transmit(wav: ArrayBuffer): void {
    this.socket?.send(wav);
    this.lastSentAt = Date.now();
  }

  private sendJson(msg: ClientMessage): void {
    if (!this.open) return;
    this.socket?.send(JSON.stringify(msg));
    this.lastSentAt = Date.now();
  }

  /**
   * Resolves with the result (or error) for chunk `index`; lets a file be sent no faster than
   * the server scores it.
   */
  waitForChunk(index: number, timeoutMs: number): Promise<ServerMessage> {
    return this.waitFor(
      (msg): msg is ServerMessage =>
        (msg.type === 'partial_result' && msg.chunk_index >= index) ||
        (msg.type === 'error' && msg.chunk_index === index) ||
        msg.type === 'final_result',
      timeoutMs,
      `chunk ${index}`,
    );
  }

  /**
   * Asks for the final result and resolves with it (at once if the server already sent it).
   * While reconnecting, end_stream goes out after the resent chunks.
   */
  async end(): Promise<FinalResult> {
    if (this.final) return this.final;
    const final = this.waitFor(
      (msg): msg is FinalResult => msg.type === 'final_result',
      FINAL_TIMEOUT_MS,
      'final',
    );
    this.endRequested = true;
    this.sendJson({ type: 'end_stream' });
    return final;
  }

  /** Closes the socket from our side (1000: normal, which ends the call on the server). */
  close(): void {
    this.closing = true;
    clearInterval(this.pinger);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) {
      this.socket.close(1000, 'client done');
    }
  }

  /**
   * Drops the socket the way a network failure would (any code but 1000 leaves the call open
   * on the server), so the resume path can be exercised; see record-tab.ts's debug hook.
   * @param code 4000–4999
   */
  simulateDrop(code = 4000): void {
    this.socket?.close(code, 'simulated drop');
  }

  private waitFor<T extends ServerMessage>(
    match: (msg: ServerMessage) => msg is T,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        settle();
      };
      const waiter: Waiter = {
        check: (msg) => {
          if (match(msg)) done(() => resolve(msg));
        },
        fail: (error) => done(() => reject(error)),
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`Timed out waiting for the ${what} message.`)),
        timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }
}
