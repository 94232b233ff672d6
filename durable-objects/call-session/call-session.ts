import { DurableObject } from 'cloudflare:workers';
import type { FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import { callSessionDeps } from '../../worker/services/call-session-deps';
import {
  type CallSessionDeps,
  type CallSessionRpc,
  type CallState,
  readHandoff,
  type StreamState,
  type TransportName,
} from './contract';
import { type AudioWindow, StreamPipeline } from './pipeline';
import { attachmentOf, closeSocket, Inbox, isOpen, transportOfSocket } from './sockets';
import { SessionStore, type StreamRow } from './storage';
import type { CallHooks, StartAction } from './transports/call-hooks';
import { finalMessage, partialMessage } from './transports/callshield';
import {
  CLOSE,
  finalCloseReason,
  type StreamTransport,
  TRANSPORT_NAMES,
  transportNamed,
  transportOfSource,
} from './transports/index';
import type { FrameAction } from './transports/transport';

/** How often client messages re-arm the idle alarm, at most. */
const ACTIVITY_EVERY_MS = 1_000;

/**
 * One live call. Holds the stream's state in SQLite, accepts its WebSocket through the
 * Hibernation API, feeds each audio window through the pipeline (pipeline.ts) and always
 * produces a final result (end of call, window limit, idle timeout, disconnect). How frames
 * look on the wire is the business of the socket's transport (transports/), and so is what a
 * call of its protocol needs beyond the pipeline (its call hooks, transports/call-hooks.ts).
 */
export class CallSession extends DurableObject<Env> implements CallSessionRpc {
  private readonly store: SessionStore;
  /** All the session gets from the Worker (contract/deps.ts). */
  private readonly deps: CallSessionDeps;
  private readonly pipeline: StreamPipeline;
  /** Each transport's call hooks, made when first needed (see `hooksOf`). */
  private readonly hooks = new Map<TransportName, CallHooks>();
  /** Windows and finalization run one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  /**
   * Highest window index handed out on this instance, including windows still queued. Work in
   * flight keeps the instance alive, so after an eviction the stored chunks say it all.
   */
  private highestTaken = 0;
  /** Tasks queued or running: while any is, the stream is not idle. */
  private inFlight = 0;
  /** Set the moment a final result is asked for: later messages get STREAM_ENDED at once. */
  private ending = false;
  /** Socket events are read one at a time, in arrival order (sockets.ts). */
  private readonly inbox = new Inbox();
  /** When a client message last re-armed the idle alarm (see `stillActive`). */
  private lastActive = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
    this.deps = callSessionDeps(env);
    this.pipeline = new StreamPipeline(this.store, this.deps, ctx.storage.sql);
  }

  /** Accepts the WebSocket the Worker forwarded (it has authenticated the caller). */
  override async fetch(request: Request): Promise<Response> {
    // The Worker writes the handoff after authenticating; it strips any a client sent.
    const { requestId, streamId, org, ticketId, ...handoff } = readHandoff(request.headers);
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return this.deps.refuse('UPGRADE_REQUIRED', 'expected a WebSocket upgrade', requestId);
    }
    const transport = transportNamed(handoff.transport);
    const now = Date.now();
    const existing = this.store.stream();
    if (existing && existing.org !== org)
      return this.deps.refuse('NOT_FOUND', 'no stream with that id', requestId);
    if (ticketId && !this.store.useTicket(ticketId, now)) {
      return this.deps.refuse(
        'UNAUTHORIZED',
        'this ticket has already been used; ask for a new one',
        requestId,
      );
    }
    this.store.create(streamId, org, now);
    this.store.setOpenedBy(handoff.userId, handoff.apiKeyId);
    this.store.alerts.rememberSource(transport.callSource);
    const claimed = new URL(request.url).searchParams.get('last_chunk_index');
    // One live socket per stream: a newcomer takes over (a client that reconnected before its
    // old connection timed out, or a second client). Its chunks keep flowing to the newcomer.
    // One that must prove itself first (a phone call's) takes over once its start checks out.
    if (!transport.verifiesStart) this.replaceOthers(null);

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [transport.name]);
    const id = this.store.stream()?.streamId ?? streamId;
    const lastProcessed = this.store.lastChunkIndex();
    server.serializeAttachment(
      transport.open(server, {
        streamId: id,
        lastProcessed,
        lastTaken: Math.max(lastProcessed, this.highestTaken),
        claimedLast: claimed === null ? undefined : Number(claimed),
        config: this.deps.settings,
      }),
    );
    const final = this.store.stream()?.final;
    if (final) {
      transport.ended(server, id, final);
      closeSocket(server, CLOSE.final, 'stream ended');
    } else {
      this.store.touch(now);
      await this.armIdleAlarm();
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await Promise.all(await this.inbox.next(() => this.readFrame(ws, message)));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
    } catch {
      // already closed
    }
    await Promise.all(await this.inbox.next(() => this.socketGone(ws, code)));
  }

  override async webSocketError(): Promise<void> {
    // The idle alarm finalizes the stream if the client does not come back.
  }

  /** Reads one frame; returns the work it queued. */
  private async readFrame(ws: WebSocket, message: string | ArrayBuffer): Promise<Promise<void>[]> {
    const attachment = attachmentOf(ws);
    // A socket the server is closing (replaced by a newer one, refused, or final sent) takes no
    // more work: its close code tells the client why, and its windows' numbers belong to the
    // newcomer. (What a client sent before closing the socket itself is still read.)
    if (attachment.closedByServer) return [];
    const transport = transportNamed(attachment.transport);
    const stream = this.store.stream();
    if (!stream || stream.final || this.ending) {
      // Answered while the socket is still open: the final result follows, then the close.
      transport.ended(ws, stream?.streamId ?? '', null);
      return [];
    }
    await this.stillActive();
    const { attachment: next, actions } = transport.receive(ws, attachment, message);
    ws.serializeAttachment(next);
    return this.act(ws, transport, actions, stream);
  }

  /** Carries out what a frame asked; returns the work it queued. */
  private async act(
    ws: WebSocket,
    transport: StreamTransport,
    actions: FrameAction[],
    stream: StreamRow,
  ): Promise<Promise<void>[]> {
    const queued: Promise<void>[] = [];
    for (const action of actions) {
      if (action.kind === 'window') {
        if (transport.realTime && !(await this.paced(ws, action.window, stream))) break;
        this.highestTaken = Math.max(this.highestTaken, action.window.index);
        queued.push(this.enqueue(() => this.processWindow(ws, action.window)));
      } else if (action.kind === 'start') {
        await this.startCall(ws, action, stream);
      } else if (this.speaksForCall(ws)) {
        queued.push(this.requestFinal('end_stream'));
      }
    }
    return queued;
  }

  /**
   * A socket went away. The audio it still held (a call that hung up mid-window) is the call's
   * tail: scored now, while this instance still has it. A deliberate close ends the call now; a
   * dropped connection may come back to resume, so the idle alarm finalizes it if it doesn't.
   * A socket that does not speak for the call (a replayed phone-call upgrade) changes nothing.
   */
  private async socketGone(ws: WebSocket, code: number): Promise<Promise<void>[]> {
    if (!this.speaksForCall(ws) || this.ending || this.store.stream()?.final) return [];
    const queued = this.drainHeld(ws);
    if (code === 1000) queued.push(this.requestFinal('client_disconnect'));
    return queued;
  }

  /**
   * Whether what `ws` says about the whole call (hang up, close) counts. Never once the server
   * closed it (replaced by a newer socket: its late close must not end the newcomer's call). A
   * socket whose transport verifies its start speaks for the call once its start checked out;
   * before that only while no start checked out on any socket and no other is open (a lone
   * socket that never started).
   */
  private speaksForCall(ws: WebSocket): boolean {
    const attachment = attachmentOf(ws);
    if (attachment.closedByServer) return false;
    if (!transportNamed(attachment.transport).verifiesStart || attachment.verified) return true;
    if (this.hooksOf(attachment.transport).started()) return false;
    return !this.ctx.getWebSockets().some((other) => other !== ws && isOpen(other));
  }

  /** Queues the audio the socket's transport still holds as the call's last windows. */
  private drainHeld(ws: WebSocket | null): Promise<void>[] {
    const streamId = this.store.stream()?.streamId;
    if (!streamId) return [];
    const names = ws ? [attachmentOf(ws).transport] : [...TRANSPORT_NAMES];
    const queued: Promise<void>[] = [];
    for (const name of names) {
      const first = Math.max(this.highestTaken, this.store.lastChunkIndex()) + 1;
      for (const window of transportNamed(name).drain(streamId, first)) {
        this.highestTaken = Math.max(this.highestTaken, window.index);
        queued.push(this.enqueue(() => this.processWindow(ws, window)));
      }
    }
    return queued;
  }

  /**
   * Whether a window of a real-time transport may go on (its `pace` hook). A refused one ends
   * the call: the socket is closed (4029) and the final is made from what was taken.
   */
  private async paced(ws: WebSocket, window: AudioWindow, stream: StreamRow): Promise<boolean> {
    const hooks = this.hooksOf(attachmentOf(ws).transport);
    const refusal = await hooks.pace(window, stream, this.store.audioMs());
    if (!refusal) return true;
    closeSocket(ws, CLOSE.tooFast, refusal);
    void this.requestFinal('rate_limited');
    return false;
  }

  /**
   * Idle means no client message and no work in flight for STREAM_IDLE_TIMEOUT_MS: every
   * message and every finished task re-arms the alarm, and while a task is still running
   * (a slow sidecar) the alarm only re-arms itself.
   */
  override async alarm(): Promise<void> {
    const stream = this.store.stream();
    if (!stream || stream.final || this.ending) return;
    if (this.inFlight > 0) return this.armIdleAlarm();
    const connected = this.ctx.getWebSockets().some(isOpen);
    // Audio a vanished socket left held (if this instance still has it) is the call's tail.
    const queued = await this.inbox.next(async () => this.drainHeld(null));
    await Promise.all([
      ...queued,
      this.requestFinal(connected ? 'idle_timeout' : 'client_disconnect'),
    ]);
  }

  /** Whether this stream exists and belongs to `org` (cheap: no chunks are read). */
  async belongsTo(org: string): Promise<boolean> {
    return this.store.stream()?.org === org;
  }

  /** The stored state, for `GET /api/streams/{id}`; null unless the stream exists in `org`. */
  async getState(org: string): Promise<StreamState | null> {
    const stream = this.store.stream();
    if (!stream || stream.org !== org) return null;
    return {
      stream_id: stream.streamId,
      status: stream.status,
      created_at: new Date(stream.createdAt).toISOString(),
      last_activity_at: new Date(stream.lastActivity).toISOString(),
      chunks_received: this.store.lastChunkIndex(),
      transcript: this.store.transcript(),
      chunks: this.store.chunks().map((c) => partialMessage(stream.streamId, c.result)),
      final_result: stream.final ? finalMessage(stream.streamId, stream.final) : null,
    };
  }

  /** Processes one window; `ws` is the socket it came from (null: audio a socket left behind). */
  private async processWindow(ws: WebSocket | null, window: AudioWindow): Promise<void> {
    const outcome = await this.pipeline.processWindow(window, this.transportOf(ws).maxWindows);
    const streamId = this.store.stream()?.streamId ?? '';
    // A new result goes to every socket on the stream; a refusal only to the one that sent it.
    const targets = outcome.kind === 'scored' ? this.ctx.getWebSockets() : ws ? [ws] : [];
    for (const target of targets) {
      const transport = this.transportOf(target);
      transport.outcome(target, streamId, outcome);
      if (outcome.kind === 'scored')
        for (const alert of outcome.alerts) transport.alert(target, streamId, alert);
    }
    const stream = this.store.stream();
    // The call may act on its alerts (a phone call warns its caller) through the socket's hooks.
    if (ws && stream && outcome.kind === 'scored' && outcome.alerts.length > 0)
      void this.hooksOf(attachmentOf(ws).transport).alerted(ws, outcome.alerts, stream);
    // Queued behind the windows already waiting, which are answered (over the limit) first.
    if (outcome.kind === 'scored' && outcome.limitReached) void this.requestFinal('chunk_limit');
  }

  /**
   * Asks for the final result. From now on messages are answered STREAM_ENDED at once, while
   * the socket can still hear it; what was queued before is processed first.
   */
  private requestFinal(reason: FinalReason): Promise<void> {
    this.ending = true;
    return this.enqueue(() => this.finalize(reason));
  }

  private async finalize(reason: FinalReason): Promise<void> {
    const stream = this.store.stream();
    const hooks = this.callHooks();
    if (!stream || hooks.refused()) return;
    const { final, alerts } = await this.pipeline.finalize(reason);
    await this.ctx.storage.deleteAlarm();
    hooks.ending();
    for (const ws of this.ctx.getWebSockets()) {
      const transport = this.transportOf(ws);
      for (const alert of alerts) transport.alert(ws, stream.streamId, alert);
      transport.final(ws, stream.streamId, final);
      closeSocket(ws, CLOSE.final, finalCloseReason(final.reason));
    }
    // Kept once, when the final result is first made, after the client has it.
    if (!stream.final) await this.keepAnalysis(stream.streamId, stream.org, final);
  }

  /** The stream's final result becomes an analysis of its organisation (through the queue). */
  private async keepAnalysis(streamId: string, org: string, final: StreamFinal): Promise<void> {
    const { analyses } = this.deps;
    if (!analyses.enabled) return;
    const kept = this.callHooks().kept(streamId, final);
    if (!kept) return;
    const owner = { org, ...this.store.openedBy() };
    await analyses.keep({ ...kept, source: this.store.alerts.source(), final, owner });
  }

  /**
   * A socket's start, checked by its transport's `checkStart` hook (a phone call's: the token
   * our voice webhook signed, or that very start again). One that checks out makes its socket
   * the call's, taking over from any other (4409), and its windows are numbered after every
   * window given out. One that does not is closed (1008) and changes nothing else; only a call
   * no start ever checked out for keeps nothing (see finalize): no idle alarm, no final result,
   * row or `call.ended`, unless the caller's own socket still comes.
   */
  private async startCall(ws: WebSocket, start: StartAction, stream: StreamRow): Promise<void> {
    const hooks = this.hooksOf(attachmentOf(ws).transport);
    const check = await hooks.checkStart(start, stream);
    if (check.ok) {
      const nextIndex = Math.max(this.highestTaken, this.store.lastChunkIndex()) + 1;
      ws.serializeAttachment({ ...attachmentOf(ws), verified: true, nextIndex });
      this.replaceOthers(ws);
      return;
    }
    closeSocket(ws, CLOSE.policy, check.closeReason);
    const others = this.ctx.getWebSockets().some((other) => other !== ws && isOpen(other));
    if (!hooks.started() && !others) await this.ctx.storage.deleteAlarm();
  }

  /**
   * Closes every socket but `keep` (4409): the stream has one live socket. Those closed no
   * longer speak for the call (their late close or hang-up changes nothing).
   */
  private replaceOthers(keep: WebSocket | null): void {
    for (const old of this.ctx.getWebSockets())
      if (old !== keep)
        closeSocket(old, CLOSE.replaced, 'replaced by a newer connection to this stream');
  }

  /** A phone call's state and details, for `GET /api/v1/calls/{sid}`; null unless in `org`. */
  async getCall(org: string): Promise<CallState | null> {
    const state = await this.getState(org);
    const call = state ? this.callHooks().details(state.stream_id) : null;
    if (!state || !call) return null;
    return { ...state, call };
  }

  /** The transport of `ws`; without one, the transport the call came in on. */
  private transportOf(ws: WebSocket | null): StreamTransport {
    if (ws) return transportOfSocket(ws);
    return transportOfSource(this.store.alerts.source());
  }

  /**
   * A transport's call hooks for this call, made once per instance. What must outlive an
   * eviction they keep in `ctx.storage.sql`, so a new instance carries on from it.
   */
  private hooksOf(name: TransportName): CallHooks {
    let hooks = this.hooks.get(name);
    if (!hooks) {
      hooks = transportNamed(name).callHooks(this.ctx.storage.sql, this.deps);
      this.hooks.set(name, hooks);
    }
    return hooks;
  }

  /** The hooks of the transport the call came in on. */
  private callHooks(): CallHooks {
    return this.hooksOf(this.transportOf(null).name);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.inFlight++;
    const run = this.queue.then(task, task);
    this.queue = run
      .catch((error: unknown) => {
        this.deps.logger.error('call_session_task_failed', {
          stream_id: this.store.stream()?.streamId,
          error,
        });
      })
      .finally(() => this.settled());
    return this.queue;
  }

  /** A task finished: once nothing is left in flight, the idle clock starts again from now. */
  private async settled(): Promise<void> {
    this.inFlight--;
    if (this.inFlight > 0 || this.ending || this.store.stream()?.final) return;
    await this.armIdleAlarm().catch((error: unknown) => {
      this.deps.logger.error('call_session_alarm_failed', { error });
    });
  }

  /**
   * A client message: the stream is not idle. Recorded at most once a second: a phone call
   * sends fifty frames a second, and a storage write for each made the session read them
   * slower than real time. (The idle timeout is tens of seconds; a second is no matter.)
   */
  private async stillActive(): Promise<void> {
    const now = Date.now();
    if (now - this.lastActive < ACTIVITY_EVERY_MS) return;
    this.lastActive = now;
    this.store.touch(now);
    await this.armIdleAlarm();
  }

  private async armIdleAlarm(ms = this.deps.settings.streams.idleTimeoutMs): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }
}
