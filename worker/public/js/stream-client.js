/**
 * The `/ws/stream` client: one WAV file per binary frame, JSON control frames, every wait
 * bounded. It knows the protocol, not the page: results go to the handlers it is given.
 * A connection that drops before the final result is resumed (see reconnect.js), so callers
 * see one stream for the whole call.
 */
import { streamUrl } from './api.js';
import { RECONNECT_WINDOW_MS, retryDelays } from './reconnect.js';

const CONNECT_TIMEOUT_MS = 15_000;
/** Generous: the server may still be transcribing several queued chunks when asked to end. */
const FINAL_TIMEOUT_MS = 120_000;
/** One reconnect attempt's wait for `connected`; a healthy server answers in well under 1 s. */
const ATTEMPT_TIMEOUT_MS = 3_000;
/** The server's chunk limit; more could never be acknowledged, so never hold more. */
const MAX_UNACKED = 60;

/**
 * @typedef {object} StreamHandlers
 * @property {(msg: any) => void} [onConnected]
 * @property {(msg: any) => void} [onPartial] every partial_result, resent ones included
 * @property {(msg: any) => void} [onAlert] the call reached an alert level (each level once)
 * @property {(msg: any) => void} [onFinal]
 * @property {(msg: any) => void} [onError]
 * @property {(info: {attempt: number, of: number}) => void} [onReconnecting]
 * @property {(info: {resent: number}) => void} [onReconnected]
 * @property {(info: {code: number, reason: string, hadFinal: boolean, gaveUp: boolean}) => void} [onClose]
 */

/**
 * Opens a stream and resolves once the server has said `connected`.
 * @param {StreamHandlers} handlers
 * @returns {Promise<StreamClient>}
 */
export async function openStream(handlers) {
  const client = new StreamClient(handlers);
  await client.attach(await streamUrl(), CONNECT_TIMEOUT_MS);
  return client;
}

/** @param {unknown} data a text frame → its JSON object, else null */
function parse(data) {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/** @param {CloseEvent} event */
function closeText(event) {
  return event.reason || `the connection closed (code ${event.code})`;
}

/**
 * One call's stream across however many sockets it takes: sends chunks and control frames,
 * keeps each chunk until the server has answered for it, routes server messages to the
 * handlers, and lets callers await a given message with a deadline.
 */
export class StreamClient {
  /** @param {StreamHandlers} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    /** @type {WebSocket | null} the socket that said `connected` last */
    this.socket = null;
    this.streamId = null;
    this.limits = null;
    this.final = null;
    /** Highest chunk index a partial_result came back for: where a resumed stream goes on. */
    this.lastAcked = 0;
    /** @type {Map<number, ArrayBuffer>} chunks sent (or waiting to be) without a result yet */
    this.unacked = new Map();
    this.endRequested = false;
    /** Set by close(): a socket we closed ourselves is never reconnected. */
    this.closing = false;
    this.gaveUp = false;
    this.lastSentAt = Date.now();
    this.waiters = new Set();
  }

  /**
   * Opens a socket and resolves with its `connected` message; rejects if it closes or stays
   * silent first. Only a connected socket becomes the stream's socket.
   * @param {string} url
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  attach(url, timeoutMs) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      let connected = false;
      const timer = setTimeout(() => {
        reject(new Error('Timed out waiting for the connect message.'));
        socket.close();
      }, timeoutMs);
      socket.addEventListener('message', (event) => {
        const msg = parse(event.data);
        if (!msg) return;
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

  /** @param {any} msg */
  receive(msg) {
    if (msg.type === 'connected') this.handlers.onConnected?.(msg);
    else if (msg.type === 'partial_result') {
      this.acknowledge(msg.chunk_index);
      this.handlers.onPartial?.(msg);
    } else if (msg.type === 'final_result') {
      this.final = msg;
      this.unacked.clear();
      this.handlers.onFinal?.(msg);
    } else if (msg.type === 'alert') this.handlers.onAlert?.(msg);
    else if (msg.type === 'error') this.handlers.onError?.(msg);
    for (const waiter of this.waiters) waiter.check(msg);
  }

  /** The server has a result for `index` and, chunks being scored in order, all before it. */
  acknowledge(index) {
    if (index > this.lastAcked) this.lastAcked = index;
    for (const held of this.unacked.keys()) if (held <= index) this.unacked.delete(held);
  }

  /**
   * A socket is connected: on a resumed stream the server numbers new frames after
   * `lastAcked`, so everything after it is resent in order, then end_stream if it was asked.
   */
  connected(msg) {
    this.streamId = msg.stream_id;
    this.limits = msg.limits ?? null;
    clearInterval(this.pinger);
    for (const [index, wav] of [...this.unacked].sort((a, b) => a[0] - b[0])) {
      if (index > this.lastAcked) this.transmit(wav);
    }
    if (this.endRequested && !this.final) this.sendJson({ type: 'end_stream' });
    // Keep a quiet stream (e.g. a paused file) from hitting the server's idle timeout.
    const idle = msg.limits?.idle_timeout_ms;
    if (idle > 0) {
      const every = Math.max(1000, Math.min(idle / 2, 20_000));
      this.pinger = setInterval(() => {
        if (Date.now() - this.lastSentAt >= every) this.sendJson({ type: 'ping' });
      }, every);
    }
  }

  /** @param {CloseEvent} event the current socket closed */
  closed(event) {
    clearInterval(this.pinger);
    if (this.final || this.closing) this.ended(event, false);
    else void this.reconnect(event);
  }

  /**
   * The connection dropped before the final result: try again with growing pauses, each
   * time with a fresh ticket (they are single-use) and the last chunk we have a result for.
   * @param {CloseEvent} event
   */
  async reconnect(event) {
    const delays = retryDelays();
    const deadline = Date.now() + RECONNECT_WINDOW_MS;
    for (const [i, delay] of delays.entries()) {
      this.handlers.onReconnecting?.({ attempt: i + 1, of: delays.length });
      await new Promise((resolve) => setTimeout(resolve, delay));
      const left = deadline - Date.now();
      if (this.closing || left <= 0) break;
      try {
        const url = await streamUrl({ streamId: this.streamId, lastChunkIndex: this.lastAcked });
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
  ended(event, gaveUp) {
    const why = gaveUp
      ? `the connection was lost and could not be re-established (${closeText(event)})`
      : closeText(event);
    for (const waiter of this.waiters) waiter.fail(new Error(`Stream closed: ${why}.`));
    this.handlers.onClose?.({
      code: event.code,
      reason: event.reason,
      hadFinal: !!this.final,
      gaveUp,
    });
  }

  get open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Whether chunks can still go to this call: no final yet, not closed, not given up. */
  get alive() {
    return !this.final && !this.closing && !this.gaveUp;
  }

  /**
   * Sends one WAV chunk as one binary frame, or holds it until the stream reconnects.
   * @param {ArrayBuffer} wav
   * @param {number} index the chunk's number in the call (the server counts the same way)
   */
  sendChunk(wav, index) {
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

  /** @param {ArrayBuffer} wav */
  transmit(wav) {
    this.socket?.send(wav);
    this.lastSentAt = Date.now();
  }

  sendJson(msg) {
    if (!this.open) return;
    this.socket?.send(JSON.stringify(msg));
    this.lastSentAt = Date.now();
  }

  /**
   * Resolves with the result (or error) for chunk `index`; lets a file be sent no faster than
   * the server scores it.
   * @param {number} index
   * @param {number} timeoutMs
   */
  waitForChunk(index, timeoutMs) {
    return this.waitFor(
      (msg) =>
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
   * @returns {Promise<any>}
   */
  async end() {
    if (this.final) return this.final;
    const final = this.waitFor((msg) => msg.type === 'final_result', FINAL_TIMEOUT_MS, 'final');
    this.endRequested = true;
    this.sendJson({ type: 'end_stream' });
    return final;
  }

  /** Closes the socket from our side (1000: normal, which ends the call on the server). */
  close() {
    this.closing = true;
    clearInterval(this.pinger);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) {
      this.socket.close(1000, 'client done');
    }
  }

  /**
   * Drops the socket the way a network failure would (any code but 1000 leaves the call open
   * on the server), so the resume path can be exercised; see record-tab.js's debug hook.
   * @param {number} [code] 4000–4999
   */
  simulateDrop(code = 4000) {
    this.socket?.close(code, 'simulated drop');
  }

  /**
   * @param {(msg: any) => boolean} match
   * @param {number} timeoutMs
   * @param {string} what
   * @returns {Promise<any>}
   */
  waitFor(match, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: (msg) => {
          if (match(msg)) done(() => resolve(msg));
        },
        fail: (error) => done(() => reject(error)),
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`Timed out waiting for the ${what} message.`)),
        timeoutMs,
      );
      const done = (settle) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        settle();
      };
      this.waiters.add(waiter);
    });
  }
}
