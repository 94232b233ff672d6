/**
 * Live call alerts, the pipeline's part (protocol-neutral: a /ws/stream client and a Twilio
 * call get the same alerts). After each scored chunk, and once more for the final result, the
 * call's running score is checked against the organisation's levels; every level it reaches
 * for the first time is stored (so it is raised once, even after an eviction), emitted as a
 * `call.alert` webhook event, and handed back for the transport to show. At the end the final
 * result is emitted as `call.ended`.
 */
import {
  type AlertThresholds,
  assertValidAlertThresholds,
  defaultAlertThresholds,
  levelsCrossed,
} from '#core/alerts';
import type { CallAlert } from '#core/schemas/call-alert';
import type { Signal, Verdict } from '#core/schemas/report';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import type { AlertStore } from './alert-store';
import type { CallSessionDeps } from './contract';

/** Signals as the event schemas have them (a stream's also say where each first showed). */
function plainSignals(signals: (Signal & { first_chunk?: number })[]): Signal[] {
  return signals.map(({ first_chunk: _first, ...signal }) => signal);
}

/** Where the call stands when alerts are checked. */
export interface AlertPoint {
  /** The running score the verdict follows (a chunk's cumulative score, or the final's combined). */
  score: number;
  maxScore: number;
  verdict: Verdict;
  /** Null for the final result. */
  chunkIndex: number | null;
  positionMs: number;
  signals: Signal[];
  recommendation: string;
}

/** The alerts of one call. */
export class CallAlerts {
  constructor(
    private readonly store: AlertStore,
    private readonly deps: CallSessionDeps,
    private readonly call: () => { streamId: string; org: string } | null,
  ) {}

  /**
   * The organisation's levels, read once per call and kept in storage. Never rejects: while
   * the database can't be read the deployment's defaults are used (and it is read again for
   * the next chunk). Start it before transcribing a chunk, so the read costs no time.
   */
  async levels(): Promise<AlertThresholds> {
    const kept = this.store.levels();
    if (kept) return kept;
    const defaults = defaultAlertThresholds(this.deps.settings.thresholds);
    const org = this.call()?.org;
    if (!org) return defaults;
    try {
      const own = await this.deps.alertLevels(org);
      const levels = own ? assertValidAlertThresholds(own) : defaults;
      this.store.saveLevels(levels);
      return levels;
    } catch (error) {
      this.deps.logger.warn('alert_levels_unavailable', { organization_id: org, error });
      return defaults;
    }
  }

  /** Raises every level `point` reaches for the first time, mildest first. */
  async check(point: AlertPoint, levels: AlertThresholds): Promise<CallAlert[]> {
    const call = this.call();
    if (!call) return [];
    const now = this.deps.now();
    const alerts: CallAlert[] = [];
    for (const level of levelsCrossed(point.score, levels, new Set(this.store.raised()))) {
      if (!this.store.saveRaised(level, point.chunkIndex, point.score, now)) continue;
      alerts.push({
        call_id: call.streamId,
        source: this.store.source(),
        level,
        threshold: levels[level],
        score: point.score,
        max_score: point.maxScore,
        verdict: point.verdict,
        chunk_index: point.chunkIndex,
        call_position_ms: point.positionMs,
        signals: plainSignals(point.signals),
        recommendation: point.recommendation,
        raised_at: new Date(now).toISOString(),
      });
    }
    for (const alert of alerts)
      await this.deps.emit(call.org, {
        type: 'call.alert',
        data: alert,
        dedupeKey: `${call.streamId}:${alert.level}`,
      });
    return alerts;
  }

  /** The final result's alerts (the full pass can reach a level no chunk did), then call.ended. */
  async ended(final: StreamFinal): Promise<CallAlert[]> {
    const call = this.call();
    if (!call) return [];
    const alerts = await this.check(
      {
        score: final.combined_score,
        maxScore: final.max_score,
        verdict: final.verdict,
        chunkIndex: null,
        positionMs: final.duration_ms,
        signals: final.signals,
        recommendation: final.recommendation,
      },
      await this.levels(),
    );
    await this.deps.emit(call.org, {
      type: 'call.ended',
      dedupeKey: call.streamId,
      at: new Date(final.finalized_at),
      data: {
        call_id: call.streamId,
        source: this.store.source(),
        analysis_id: await this.deps.analyses.rowId(call.org, call.streamId, this.store.source()),
        reason: final.reason,
        verdict: final.verdict,
        combined_score: final.combined_score,
        max_score: final.max_score,
        review_required: final.review_required,
        review_reason: final.review_reason,
        recommendation: final.recommendation,
        duration_ms: final.duration_ms,
        total_chunks: final.total_chunks,
        coverage: final.coverage,
        signals: plainSignals(final.signals),
        alert_levels: this.store.raised(),
        ended_at: final.finalized_at,
      },
    });
    return alerts;
  }
}
