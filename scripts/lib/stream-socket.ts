/**
 * The one client of the `/ws/stream` protocol that tests and benches use, over any standard
 * `WebSocket` (Node 22's global, workerd's from an upgrade response): frames out, server
 * messages in, each stamped with its arrival time before parsing so round-trip figures do not
 * include the client's own JSON and zod work, and waits bounded by a deadline. Only
 * runtime-neutral APIs, so the workerd tests share it with Node.
 */
import { type ServerMessage, ServerMessageSchema } from '#core/schemas/stream-protocol';

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A server message and when it arrived (`performance.now()`). */
export interface Received {
  at: number;
  /** The message as the server sent it (checked against the wire schema, not reshaped). */
  message: ServerMessage;
}

/** An open `/ws/stream` socket. */
export class StreamSocket {
  /** Every valid server message so far, in arrival order. */
  readonly received: Received[] = [];
  /** Frames that were not valid server messages (a wire-contract break worth reporting). */
  readonly invalidFrames: unknown[] = [];
  closed: { code: number; reason: string } | null = null;
  private wakers: (() => void)[] = [];

  /** Starts listening on `ws` (accepted, or about to be: events wait for the next turn). */
  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event: MessageEvent) => {
      const at = performance.now();
      let json: unknown;
      try {
        json = typeof event.data === 'string' ? JSON.parse(event.data) : undefined;
      } catch {
        json = undefined;
      }
      if (ServerMessageSchema.safeParse(json).success)
        this.received.push({ at, message: json as ServerMessage });
      else this.invalidFrames.push(event.data);
      this.wake();
    });
    ws.addEventListener('close', (event: CloseEvent) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
    // An 'error' event is always followed by 'close', which is what waiters watch.
    ws.addEventListener('error', () => {});
  }

  /** Every valid server message so far, in arrival order. */
  get messages(): ServerMessage[] {
    return this.received.map((r) => r.message);
  }

  /** How many frames were not valid server messages. */
  invalid(): number {
    return this.invalidFrames.length;
  }

  /** The close code once closed, else null. */
  closeCode(): number | null {
    return this.closed?.code ?? null;
  }

  all<T extends ServerMessage['type']>(type: T): ByType<T>[] {
    return this.messages.filter((m): m is ByType<T> => m.type === type);
  }

  /**
   * First message (already received or still to come) matching `match`; null at `deadline`
   * (`performance.now()` time) or once the socket has closed.
   */
  async waitFor(match: (m: ServerMessage) => boolean, deadline: number): Promise<Received | null> {
    const hit = () => this.received.find((r) => match(r.message));
    await this.until(() => hit() !== undefined, deadline);
    return hit() ?? null;
  }

  /** Waits until `count` messages of `type` have arrived; throws at the deadline or close. */
  async next<T extends ServerMessage['type']>(
    type: T,
    count = 1,
    timeoutMs = 20_000,
  ): Promise<ByType<T>> {
    await this.until(() => this.all(type).length >= count, performance.now() + timeoutMs);
    const found = this.all(type)[count - 1];
    if (!found) {
      const why = this.closed ? `closed (${this.closed.code})` : 'timed out';
      throw new Error(`${why} waiting for ${count} × ${type}; got ${this.summary()}`);
    }
    return found;
  }

  /** Waits for the socket to close. */
  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== null, performance.now() + timeoutMs);
    if (!this.closed) throw new Error(`timed out waiting for close; got ${this.summary()}`);
    return this.closed;
  }

  /** Sends a frame; returns the time it was handed to the socket. */
  send(frame: string | ArrayBuffer | Uint8Array): number {
    const at = performance.now();
    // Frames are never views of shared memory; the lib types only say so for ArrayBuffer.
    this.ws.send(frame as string | ArrayBuffer | Uint8Array<ArrayBuffer>);
    return at;
  }

  sendJson(value: unknown): number {
    return this.send(JSON.stringify(value));
  }

  close(code = 1000, reason = 'done'): void {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN)
      this.ws.close(code, reason);
  }

  /** Resolves when `done()` holds, the socket has closed, or `deadline` has passed. */
  private until(done: () => boolean, deadline: number): Promise<void> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        if (settled) return;
        if (done() || this.closed !== null || performance.now() >= deadline) return finish();
        this.wakers.push(check);
      };
      const timer = setTimeout(finish, Math.max(0, deadline - performance.now()));
      check();
    });
  }

  private summary(): string {
    const types = this.messages.map((m) => m.type).join(',') || 'nothing';
    return this.invalid() ? `${types} and ${this.invalid()} invalid frame(s)` : types;
  }

  private wake(): void {
    const pending = this.wakers;
    this.wakers = [];
    for (const w of pending) w();
  }
}

/**
 * Opens `url` (Node 22, a browser), resolving once the server's `connected` message has
 * arrived; rejects if that takes longer than `timeoutMs` or the socket closes first.
 */
export async function openStreamSocket(url: string, timeoutMs: number): Promise<StreamSocket> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const socket = new StreamSocket(ws);
  const connected = await socket.waitFor(
    (m) => m.type === 'connected',
    performance.now() + timeoutMs,
  );
  if (!connected) {
    socket.close(1000, 'bench done');
    throw new Error(
      `no 'connected' from ${url} within ${timeoutMs} ms (close code ${socket.closeCode()})`,
    );
  }
  return socket;
}
