/**
 * The CallSession's small helpers for its sockets: whether one is still the client's to talk
 * on, closing one from the server's side, and reading socket events one at a time.
 */
import { type SocketAttachment, type StreamTransport, transportNamed } from './transports/index';

/** The attachment every socket of a CallSession carries. */
export function attachmentOf(ws: WebSocket): SocketAttachment {
  return ws.deserializeAttachment() as SocketAttachment;
}

/** The transport `ws` speaks. */
export function transportOfSocket(ws: WebSocket): StreamTransport {
  return transportNamed(attachmentOf(ws).transport);
}

/** Whether `ws` is still the client's to talk on: open, and not being closed by the server. */
export function isOpen(ws: WebSocket): boolean {
  return ws.readyState === WebSocket.OPEN && !attachmentOf(ws).closedByServer;
}

/**
 * Closes a socket from the server's side. It is marked first, so nothing it still sends is
 * read and it no longer speaks for the call (a replaced phone-call socket's late hang-up
 * changes nothing).
 */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.serializeAttachment({ ...attachmentOf(ws), verified: false, closedByServer: true });
    ws.close(code, reason);
  } catch {
    // already closing
  }
}

/**
 * Runs socket events one at a time, in arrival order: a phone call's `start` is checked before
 * the frames after it are read, whatever the check awaits. Only the reading goes through here;
 * the work a frame queues (a window in the sidecar) runs on the session's queue.
 */
export class Inbox {
  private last: Promise<unknown> = Promise.resolve();

  /** Runs `read` once every event before it has been read. */
  next<T>(read: () => Promise<T>): Promise<T> {
    const done = this.last.then(read);
    this.last = done.catch(() => undefined);
    return done;
  }
}
