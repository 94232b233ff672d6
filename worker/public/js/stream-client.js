/**
 * The `/ws/stream` client: one WAV file per binary frame, JSON control frames, every wait
 * bounded. It knows the protocol, not the page: results go to the handlers it is given.
 */
import { streamUrl } from './api.js';

const CONNECT_TIMEOUT_MS = 15_000;
/** Generous: the server may still be transcribing several queued chunks when asked to end. */
const FINAL_TIMEOUT_MS = 120_000;

/**
 * @typedef {object} StreamHandlers
 * @property {(msg: any) => void} [onConnected]
 * @property {(msg: any) => void} [onPartial]
 * @property {(msg: any) => void} [onFinal]
 * @property {(msg: any) => void} [onError]
 * @property {(info: {code: number, reason: string, hadFinal: boolean}) => void} [onClose]
 */

/**
 * Opens a stream and resolves once the server has said `connected`.
 * @param {StreamHandlers} handlers
 * @returns {Promise<StreamClient>}
 */
export async function openStream(handlers) {
  const client = new StreamClient(new WebSocket(await streamUrl()), handlers);
  await client.ready;
  return client;
}

/**
 * One open stream: sends chunks and control frames, routes server messages to the handlers,
 * and lets callers await a given message with a deadline.
 */
export class StreamClient {
  /**
   * @param {WebSocket} socket
   * @param {StreamHandlers} handlers
   */
  constructor(socket, handlers) {
    this.socket = socket;
    this.socket.binaryType = 'arraybuffer';
    this.handlers = handlers;
    this.limits = null;
    this.final = null;
    this.lastSentAt = Date.now();
    this.waiters = new Set();
    this.ready = this.waitFor((msg) => msg.type === 'connected', CONNECT_TIMEOUT_MS, 'connect');
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(event));
  }

  /** @param {unknown} data */
  receive(data) {
    if (typeof data !== 'string') return;
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (msg.type === 'connected') this.connected(msg);
    else if (msg.type === 'partial_result') this.handlers.onPartial?.(msg);
    else if (msg.type === 'final_result') {
      this.final = msg;
      this.handlers.onFinal?.(msg);
    } else if (msg.type === 'error') this.handlers.onError?.(msg);
    for (const waiter of this.waiters) waiter.check(msg);
  }

  connected(msg) {
    this.limits = msg.limits ?? null;
    this.handlers.onConnected?.(msg);
    // Keep a quiet stream (e.g. a paused file) from hitting the server's idle timeout.
    const idle = msg.limits?.idle_timeout_ms;
    if (idle > 0) {
      const every = Math.max(1000, Math.min(idle / 2, 20_000));
      this.pinger = setInterval(() => {
        if (Date.now() - this.lastSentAt >= every) this.sendJson({ type: 'ping' });
      }, every);
    }
  }

  closed(event) {
    clearInterval(this.pinger);
    const why = event.reason || `the connection closed (code ${event.code})`;
    for (const waiter of this.waiters) waiter.fail(new Error(`Stream closed: ${why}.`));
    this.handlers.onClose?.({ code: event.code, reason: event.reason, hadFinal: !!this.final });
  }

  get open() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one WAV chunk as one binary frame.
   * @param {ArrayBuffer} wav
   */
  sendChunk(wav) {
    const max = this.limits?.max_chunk_bytes;
    if (max && wav.byteLength > max) {
      throw new Error(`Chunk of ${wav.byteLength} bytes is over the server's ${max}-byte limit.`);
    }
    if (!this.open) throw new Error('The stream is not open.');
    this.socket.send(wav);
    this.lastSentAt = Date.now();
  }

  sendJson(msg) {
    if (!this.open) return;
    this.socket.send(JSON.stringify(msg));
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
   * @returns {Promise<any>}
   */
  async end() {
    if (this.final) return this.final;
    const final = this.waitFor((msg) => msg.type === 'final_result', FINAL_TIMEOUT_MS, 'final');
    this.sendJson({ type: 'end_stream' });
    return final;
  }

  /** Closes the socket from our side (1000: normal). */
  close() {
    clearInterval(this.pinger);
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, 'client done');
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
