import { StreamSocket } from '../../scripts/lib/stream-socket';

/** Collects what an in-band refusal sends before it closes. */
export async function inBand(
  ws: WebSocket,
): Promise<{ messages: unknown[]; close: { code: number; reason: string } }> {
  const socket = new StreamSocket(ws);
  ws.accept();
  const close = await socket.waitClosed(10_000);
  return { messages: socket.messages, close };
}
