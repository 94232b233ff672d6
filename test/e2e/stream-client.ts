import type { ServerMessage } from '../../durable-objects/call-session/protocol';

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A Node (global WebSocket) client for `/ws/stream` that collects every server message. */
export class NodeStreamClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | null = null;
  private wakers: (() => void)[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (e) => {
      this.messages.push(JSON.parse(String(e.data)) as ServerMessage);
      this.wake();
    });
    ws.addEventListener('close', (e) => {
      this.closeCode = e.code;
      this.wake();
    });
  }

  /** Connects and waits for `connected`. */
  static async open(baseUrl: string, query = ''): Promise<NodeStreamClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/stream${query}`);
    const client = new NodeStreamClient(ws);
    await client.waitFor(() => client.all('connected').length > 0, 15_000, 'connected');
    return client;
  }

  all<T extends ServerMessage['type']>(type: T): ByType<T>[] {
    return this.messages.filter((m): m is ByType<T> => m.type === type);
  }

  send(data: Uint8Array<ArrayBuffer> | string): void {
    this.ws.send(data);
  }

  /** Waits until `done()` holds, the socket closes, or the deadline passes. */
  async waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.closeCode !== null && !done())
        throw new Error(`socket closed (${this.closeCode}) before ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const w = this.wakers;
    this.wakers = [];
    for (const f of w) f();
  }
}
