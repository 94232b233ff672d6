import { DurableObject } from 'cloudflare:workers';
import type { CallAlert } from '#core/schemas/call-alert';
import type { FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import type { AppConfig } from '../../worker/config';
import { errorResponse } from '../../worker/errors';
import { type Services, servicesFor } from '../../worker/services';
import { streamRow } from '../../worker/services/analysis-rows';
import { type AudioWindow, StreamPipeline } from './pipeline';
import { SessionStore } from './storage';
import { finalMessage, partialMessage } from './transports/callshield';
import {
  CLOSE,
  finalCloseReason,
  type SocketAttachment,
  TRANSPORT_NAMES,
  type TransportName,
  transportNamed,
} from './transports/index';
import type { TwilioAttachment } from './transports/twilio';
import { TwilioCallStore, type TwilioStartAction, twilioRow } from './twilio-call';
import { redirectWithWarning } from './twilio-redirect';
import { reaches, TwilioWarning } from './twilio-warning';

/**
 * One live call. Holds the stream's state in SQLite, accepts its WebSocket through the
 * Hibernation API, feeds each audio window through the pipeline (pipeline.ts) and always
 * produces a final result (end of call, window limit, idle timeout, disconnect). How frames
 * look on the wire is the business of the socket's transport (transports/).
 */
export class CallSession extends DurableObject<Env> {
  private readonly store: SessionStore;
  private readonly services: Services;
  private readonly config: AppConfig;
  private readonly pipeline: StreamPipeline;
  /** A phone call's details (Twilio streams only). */
  private readonly twilioCall: TwilioCallStore;
  /** The spoken warning of a two-way phone call. */
  private readonly warning: TwilioWarning;
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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
    this.services = servicesFor(env);
    this.config = this.services.config;
    this.pipeline = new StreamPipeline(this.store, this.services);
    this.twilioCall = new TwilioCallStore(ctx.storage.sql);
    this.warning = new TwilioWarning(this.services.sidecar);
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
    const transport = transportNamed(transportFrom(request.headers.get('X-Transport')));
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
    this.store.setOpenedBy(request.headers.get('X-User-Id'), request.headers.get('X-Api-Key-Id'));
    this.store.alerts.rememberSource(transport.callSource);
    const claimed = new URL(request.url).searchParams.get('last_chunk_index');
    // One live socket per stream: a newcomer takes over (a client that reconnected before its
    // old connection timed out, or a second client). Its chunks keep flowing to the newcomer.
    for (const old of this.ctx.getWebSockets()) {
      try {
        old.close(CLOSE.replaced, 'replaced by a newer connection to this stream');
      } catch {
        // already closing
      }
    }

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
        config: this.config,
      }),
    );
    const final = this.store.stream()?.final;
    if (final) {
      transport.ended(server, id, final);
      server.close(CLOSE.final, 'stream ended');
    } else {
      this.store.touch(now);
      await this.armIdleAlarm();
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // A socket the server is closing (replaced by a newer one, or final sent) takes no more
    // work: its close code tells the client why, and its windows' numbers belong to the newcomer.
    if (ws.readyState !== WebSocket.OPEN) return;
    const attachment = ws.deserializeAttachment() as SocketAttachment;
    const transport = transportNamed(attachment.transport);
    const stream = this.store.stream();
    if (!stream || stream.final || this.ending) {
      // Answered while the socket is still open: the final result follows, then the close.
      transport.ended(ws, stream?.streamId ?? '', null);
      return;
    }
    this.store.touch(Date.now());
    await this.armIdleAlarm();
    const { attachment: next, actions } = transport.receive(ws, attachment, message);
    ws.serializeAttachment(next);
    for (const action of actions) {
      if (action.kind === 'window') {
        this.highestTaken = Math.max(this.highestTaken, action.window.index);
        await this.enqueue(() => this.processWindow(ws, action.window));
      } else if (action.kind === 'start') {
        await this.startCall(ws, action);
      } else {
        await this.requestFinal('end_stream');
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
    } catch {
      // already closed
    }
    // A deliberate close ends the call now; a dropped connection may come back to resume,
    // so the idle alarm finalizes it if it doesn't.
    if (code === 1000) await this.requestFinal('client_disconnect');
  }

  override async webSocketError(): Promise<void> {
    // The idle alarm finalizes the stream if the client does not come back.
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
    const connected = this.ctx.getWebSockets().length > 0;
    await this.requestFinal(connected ? 'idle_timeout' : 'client_disconnect');
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
      chunks: this.store.chunks().map((c) => partialMessage(stream.streamId, c.result)),
      final_result: stream.final ? finalMessage(stream.streamId, stream.final) : null,
    };
  }

  private async processWindow(ws: WebSocket, window: AudioWindow): Promise<void> {
    const outcome = await this.pipeline.processWindow(window, this.transportOf(ws).maxWindows);
    const streamId = this.store.stream()?.streamId ?? '';
    // A new result goes to every socket on the stream; a refusal only to the one that sent it.
    const targets = outcome.kind === 'scored' ? this.ctx.getWebSockets() : [ws];
    for (const target of targets) {
      const transport = this.transportOf(target);
      transport.outcome(target, streamId, outcome);
      if (outcome.kind === 'scored')
        for (const alert of outcome.alerts) transport.alert(target, streamId, alert);
    }
    if (outcome.kind === 'scored' && outcome.alerts.length > 0)
      void this.warnCaller(ws, outcome.alerts);
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
    if (!stream || this.twilioCall.refused()) return;
    const { final, alerts } = await this.pipeline.finalize(reason);
    await this.ctx.storage.deleteAlarm();
    // A warning still playing stops (`clear`) before the call's socket closes.
    this.warning.stop();
    for (const ws of this.ctx.getWebSockets()) {
      const transport = this.transportOf(ws);
      for (const alert of alerts) transport.alert(ws, stream.streamId, alert);
      transport.final(ws, stream.streamId, final);
      try {
        ws.close(CLOSE.final, finalCloseReason(final.reason));
      } catch {
        // the socket is already closing
      }
    }
    // Kept once, when the final result is first made, after the client has it.
    if (!stream.final) await this.keepAnalysis(stream.streamId, stream.org, final);
  }

  /** The stream's final result becomes an analysis of its organisation (through the queue). */
  private async keepAnalysis(streamId: string, org: string, final: StreamFinal): Promise<void> {
    const { analyses } = this.services;
    if (!analyses.enabled) return;
    const owner = { org, ...this.store.openedBy() };
    const row =
      this.store.alerts.source() === 'twilio'
        ? await twilioRow(this.twilioCall.info(streamId), final, owner)
        : await streamRow(streamId, final, owner);
    if (row) await analyses.keep(row);
  }

  /**
   * A phone call's `start`: its token must be the one our voice webhook signed for this call,
   * else the socket is closed (1008) and the call keeps nothing.
   */
  private async startCall(ws: WebSocket, start: TwilioStartAction): Promise<void> {
    const stream = this.store.stream();
    const ok =
      stream &&
      (await this.twilioCall.start(start, stream, this.config.auth.ticketSecret, Date.now()));
    if (ok) return;
    this.services.logger.warn('twilio_stream_token_refused', { stream_id: stream?.streamId });
    // Nothing of a refused call is kept, so nothing is left to finalize: no idle alarm, and
    // no final result, row or `call.ended` for a call that was never taken (see finalize).
    this.ending = true;
    await this.ctx.storage.deleteAlarm();
    try {
      ws.close(CLOSE.policy, 'the stream token is invalid or has expired');
    } catch {
      // already closing
    }
  }

  /**
   * Warns the caller once the call's alerts reach its warning level: spoken into a two-way
   * call, or (when allowed) a one-way call redirected to a `<Say>` through Twilio's REST API.
   */
  private async warnCaller(ws: WebSocket, alerts: CallAlert[]): Promise<void> {
    const attachment = ws.deserializeAttachment() as SocketAttachment;
    const due = attachment.transport === 'twilio' ? this.twilioCall.warningDue() : null;
    const stream = this.store.stream();
    if (!due || !stream) return;
    if (due.mode === 'connect') {
      if (await this.warning.onAlerts(ws, attachment as TwilioAttachment, alerts, due.level))
        this.twilioCall.warned(Date.now());
      return;
    }
    if (!alerts.some((a) => reaches(a.level, due.level))) return;
    // Claimed first, so the next window's alerts never redirect the call twice.
    this.twilioCall.warned(Date.now());
    const status = await redirectWithWarning(this.services, stream.org, stream.streamId);
    if (status !== 200)
      this.services.logger.warn('twilio_redirect_failed', { stream_id: stream.streamId, status });
  }

  /** A phone call's state and details, for `GET /api/v1/calls/{sid}`; null unless in `org`. */
  async getCall(org: string) {
    const state = await this.getState(org);
    const call =
      state && this.store.alerts.source() === 'twilio'
        ? this.twilioCall.info(state.stream_id)
        : null;
    if (!state || !call) return null;
    return { ...state, call };
  }

  private transportOf(ws: WebSocket) {
    return transportNamed((ws.deserializeAttachment() as SocketAttachment).transport);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.inFlight++;
    const run = this.queue.then(task, task);
    this.queue = run
      .catch((error: unknown) => {
        this.services.logger.error('call_session_task_failed', {
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
      this.services.logger.error('call_session_alarm_failed', { error });
    });
  }

  private async armIdleAlarm(ms = this.config.streams.idleTimeoutMs): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }
}

/** The transport a Worker route asked for; `/ws/stream` (CallShield) when none. */
function transportFrom(header: string | null): TransportName {
  return (TRANSPORT_NAMES as readonly string[]).includes(header ?? '')
    ? (header as TransportName)
    : 'callshield';
}
