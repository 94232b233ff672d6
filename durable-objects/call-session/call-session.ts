import { DurableObject } from 'cloudflare:workers';
import type { WavInfo } from '#core/audio/wav-reader';
import { MAX_CHUNKS, type ServerMessage } from '#core/schemas/stream-protocol';
import type { AppConfig } from '../../worker/config';
import { errorResponse } from '../../worker/errors';
import { type Services, servicesFor } from '../../worker/services';
import { partialResult, transcribeChunk } from './chunk';
import { finalizeStream } from './finalize';
import { gatherFinalInput } from './full-pass';
import { readAudioFrame, readTextFrame } from './inbound';
import { connectedMessage, send, sendError } from './outbound';
import { type ChunkRow, SessionStore } from './storage';

/** Per-socket data that must survive hibernation (kept small). */
interface SocketAttachment {
  /** Index the next valid audio frame on this socket will get. */
  nextIndex: number;
}

/**
 * One live call. Holds the stream's state in SQLite, accepts its WebSocket through the
 * Hibernation API, transcribes each chunk through the sidecar, rescores the whole call, and
 * always produces a final result (end_stream, 60th chunk, idle timeout, disconnect).
 */
export class CallSession extends DurableObject<Env> {
  private readonly store: SessionStore;
  private readonly services: Services;
  private readonly config: AppConfig;
  /** Chunks and finalization run one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
    this.services = servicesFor(env);
    this.config = this.services.config;
  }

  /** Accepts the WebSocket the Worker forwarded (it has authenticated the caller). */
  override async fetch(request: Request): Promise<Response> {
    // The Worker sets these after authenticating; it strips any a client sent.
    const requestId = request.headers.get('X-Request-Id') ?? crypto.randomUUID();
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return errorResponse('UPGRADE_REQUIRED', 'expected a WebSocket upgrade', requestId);
    }
    const streamId = request.headers.get('X-Stream-Id') ?? '';
    const org = request.headers.get('X-Org-Id') ?? '';
    const ticketId = request.headers.get('X-Ticket-Id');
    const url = new URL(request.url);
    const now = Date.now();
    const existing = this.store.stream();
    if (existing && existing.org !== org)
      return errorResponse('NOT_FOUND', 'no stream with that id', requestId);
    if (ticketId && !this.store.useTicket(ticketId, now)) {
      return errorResponse(
        'UNAUTHORIZED',
        'this ticket has already been used; ask for a new one',
        requestId,
      );
    }
    this.store.create(streamId, org, now);
    const processed = this.store.lastChunkIndex();
    const claimed = Number(url.searchParams.get('last_chunk_index') ?? processed);
    const resumeFrom =
      Number.isInteger(claimed) && claimed >= 0 ? Math.min(claimed, processed) : processed;

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ nextIndex: resumeFrom + 1 } satisfies SocketAttachment);
    const id = this.store.stream()?.streamId ?? streamId;
    send(server, connectedMessage(this.config, id, processed));
    const final = this.store.stream()?.final;
    if (final) {
      sendError(server, 'STREAM_ENDED', 'this stream has already ended');
      send(server, final);
      server.close(1000, 'stream ended');
    } else {
      this.store.touch(now);
      await this.armIdleAlarm();
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (this.store.stream()?.status === 'final') {
      sendError(ws, 'STREAM_ENDED', 'this stream has already ended');
      return;
    }
    this.store.touch(Date.now());
    await this.armIdleAlarm();
    if (typeof message === 'string') return this.onText(ws, message);
    return this.onAudio(ws, new Uint8Array(message));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
    } catch {
      // already closed
    }
    // A deliberate close ends the call now; a dropped connection may come back to resume,
    // so the idle alarm finalizes it if it doesn't.
    if (code === 1000) await this.enqueue(() => this.finalize('client_disconnect'));
  }

  override async webSocketError(): Promise<void> {
    // The idle alarm finalizes the stream if the client does not come back.
  }

  /** Every message re-arms the alarm, so when it fires the stream really has been idle. */
  override async alarm(): Promise<void> {
    const stream = this.store.stream();
    if (!stream || stream.status === 'final') return;
    const connected = this.ctx.getWebSockets().length > 0;
    await this.enqueue(() => this.finalize(connected ? 'idle_timeout' : 'client_disconnect'));
  }

  /** Whether this stream exists and belongs to `org` (cheap: no chunks are read). */
  async belongsTo(org: string): Promise<boolean> {
    return this.store.stream()?.org === org;
  }

  /** The stored state, for `GET /api/streams/{id}`; null unless the stream exists in `org`. */
  async getState(org: string) {
    const stream = this.store.stream();
    if (!stream || stream.org !== org) return null;
    return {
      stream_id: stream.streamId,
      status: stream.status,
      created_at: new Date(stream.createdAt).toISOString(),
      last_activity_at: new Date(stream.lastActivity).toISOString(),
      chunks_received: this.store.lastChunkIndex(),
      transcript: this.store.transcript(),
      chunks: this.store.chunks().map((c) => c.partial),
      final_result: stream.final,
    };
  }

  private async onText(ws: WebSocket, raw: string): Promise<void> {
    const frame = readTextFrame(raw);
    if (!frame.ok) sendError(ws, frame.error.code, frame.error.detail);
    else if (frame.message.type === 'ping') send(ws, { type: 'pong' });
    else await this.enqueue(() => this.finalize('end_stream'));
  }

  private async onAudio(ws: WebSocket, bytes: Uint8Array): Promise<void> {
    const frame = readAudioFrame(bytes);
    if (!frame.ok) {
      sendError(ws, frame.error.code, frame.error.detail);
      return;
    }
    // The index is taken now, synchronously, so chunks keep their arrival order.
    const attachment = ws.deserializeAttachment() as SocketAttachment;
    const index = attachment.nextIndex;
    ws.serializeAttachment({ nextIndex: index + 1 } satisfies SocketAttachment);
    await this.enqueue(() => this.processChunk(ws, index, bytes, frame.wav));
  }

  private async processChunk(ws: WebSocket, index: number, bytes: Uint8Array, wav: WavInfo) {
    const started = performance.now();
    if (this.store.stream()?.status === 'final') {
      sendError(ws, 'STREAM_ENDED', 'this stream has already ended', index);
      return;
    }
    const previous = this.store.partialFor(index);
    if (previous) {
      send(ws, { ...previous, duplicate: true });
      return;
    }
    if (index > MAX_CHUNKS) {
      sendError(ws, 'CHUNK_LIMIT_REACHED', `a stream holds at most ${MAX_CHUNKS} chunks`, index);
      return;
    }
    const heard = await transcribeChunk(
      this.services.sidecar,
      bytes,
      wav.rmsDbfs,
      this.config.streamSilenceDbfs,
    );
    if (heard.transcription === 'unavailable') {
      sendError(
        ws,
        'TRANSCRIPTION_UNAVAILABLE',
        'this chunk could not be transcribed; the stream goes on',
        index,
      );
    }
    const partial = partialResult(this.store, this.config, {
      index,
      durationMs: wav.durationMs,
      heard,
      started,
    });
    const row: ChunkRow = {
      chunkIndex: index,
      receivedAt: Date.now(),
      bytes: bytes.byteLength,
      durationMs: wav.durationMs,
      rmsDbfs: wav.rmsDbfs,
      transcription: heard.transcription,
      engine: heard.engine,
      text: heard.text,
      scamScore: partial.scam_score,
      partial,
      // Kept for the final pass; silent chunks add nothing to it.
      audio: heard.transcription === 'silent' ? undefined : bytes,
    };
    // new_signals were computed against the stored first-seen table just above.
    this.store.saveChunk(
      row,
      partial.new_signals.map((s) => s.category),
    );
    this.broadcast(partial);
    if (index >= MAX_CHUNKS) await this.finalize('chunk_limit');
  }

  private async finalize(reason: Parameters<typeof finalizeStream>[1]): Promise<void> {
    const stream = this.store.stream();
    if (!stream) return;
    let final = stream.final;
    if (!final) {
      final = finalizeStream(
        this.store,
        reason,
        this.config.thresholds,
        await gatherFinalInput(this.store, this.services),
      );
      this.store.saveFinal(final);
      this.store.dropAudio();
    }
    await this.ctx.storage.deleteAlarm();
    for (const ws of this.ctx.getWebSockets()) {
      send(ws, final);
      try {
        ws.close(1000, `final_result sent (${final.reason})`);
      } catch {
        // the socket is already closing
      }
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch((error: unknown) => {
      this.services.logger.error('call_session_task_failed', {
        stream_id: this.store.stream()?.streamId,
        error,
      });
    });
    return this.queue;
  }

  private async armIdleAlarm(ms = this.config.streamIdleTimeoutMs): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }

  private broadcast(message: ServerMessage): void {
    for (const ws of this.ctx.getWebSockets()) send(ws, message);
  }
}
