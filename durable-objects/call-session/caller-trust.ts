/**
 * A phone call's caller trust (docs/campaigns.md, "Caller trust"): who is calling, as the stream
 * token vouched for it (the keyed hash of the number and Twilio's STIR/SHAKEN result), and the
 * number's history in the organisation, read once per call. Every chunk's and the final result
 * is then adjusted by core/trust/caller-trust.ts; at the end the call is counted in the
 * number's history, once.
 *
 * - The caller is stored when the call's start checks out (transports/twilio/call-record.ts);
 *   a call of another transport has none, and nothing here changes it.
 * - The history is read the first time a result needs it (the first chunk), through the
 *   session's deps, which bound it in time. A lookup that fails is logged and not tried again:
 *   the call goes on with its STIR/SHAKEN result alone.
 * - The final verdict is counted once: claimed in storage before the write, so a retried final
 *   never counts twice; a failed write is logged and loses nothing of the analysis.
 */
import type { VerdictName } from '#core/thresholds';
import { type CallerHistory, type CallerTrust, parseVerstat } from '#core/trust/caller-trust';
import type { CallSessionDeps, StreamCaller } from './contract';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS caller_trust (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  number_hash TEXT,
  verstat TEXT,
  looked_up INTEGER NOT NULL DEFAULT 0,
  history_json TEXT,
  recorded INTEGER NOT NULL DEFAULT 0
);
`;

interface Row {
  hash: string | null;
  verstat: string | null;
  lookedUp: boolean;
  history: CallerHistory | null;
  recorded: boolean;
}

/** Stores who is calling, once (the first start that checks out). */
export function saveCaller(sql: SqlStorage, caller: StreamCaller): void {
  sql.exec(SCHEMA);
  sql.exec(
    'INSERT OR IGNORE INTO caller_trust (id, number_hash, verstat) VALUES (1, ?, ?)',
    caller.hash,
    caller.verstat,
  );
}

/** The caller trust of one call, over its SQLite storage. */
export class CallerTrustWatch {
  /** The history lookup in flight, shared by the windows that wait on it. */
  private lookup: Promise<void> | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly deps: Pick<CallSessionDeps, 'callers' | 'logger'>,
  ) {
    sql.exec(SCHEMA);
  }

  /** What is known of the caller; null when the call has none (not a phone call, or not started). */
  async trust(call: { org: string; streamId: string }): Promise<CallerTrust | null> {
    let row = this.row();
    if (!row) return null;
    if (!row.lookedUp && row.hash && call.org) {
      this.lookup ??= this.lookUp(call, row.hash);
      await this.lookup;
      row = this.row() ?? row;
    }
    return { verstat: parseVerstat(row.verstat), history: row.history };
  }

  /** The trust already known, without a lookup (the final result, after every chunk). */
  known(): CallerTrust | null {
    const row = this.row();
    return row ? { verstat: parseVerstat(row.verstat), history: row.history } : null;
  }

  /** The keyed hash of the caller's number, for the call's row; null: none known. */
  numberHash(): string | null {
    return this.row()?.hash ?? null;
  }

  /** Counts the finished call in its number's history, once. Never rejects. */
  async recordFinal(call: { org: string; streamId: string }, verdict: VerdictName): Promise<void> {
    const row = this.row();
    if (!row?.hash || row.recorded || !call.org) return;
    this.sql.exec('UPDATE caller_trust SET recorded = 1 WHERE id = 1');
    try {
      await this.deps.callers.record(call.org, row.hash, verdict, new Date());
    } catch (error) {
      this.deps.logger.warn('caller_record_failed', {
        stream_id: call.streamId,
        organization_id: call.org,
        error,
      });
    }
  }

  private async lookUp(call: { org: string; streamId: string }, hash: string): Promise<void> {
    let history: CallerHistory | null = null;
    try {
      history = await this.deps.callers.history(call.org, hash);
    } catch (error) {
      this.deps.logger.warn('caller_history_failed', {
        stream_id: call.streamId,
        organization_id: call.org,
        error,
      });
    }
    this.sql.exec(
      'UPDATE caller_trust SET looked_up = 1, history_json = ? WHERE id = 1',
      history ? JSON.stringify(history) : null,
    );
  }

  private row(): Row | null {
    const row = this.sql
      .exec('SELECT number_hash, verstat, looked_up, history_json, recorded FROM caller_trust')
      .toArray()[0];
    if (!row) return null;
    return {
      hash: typeof row.number_hash === 'string' ? row.number_hash : null,
      verstat: typeof row.verstat === 'string' ? row.verstat : null,
      lookedUp: row.looked_up === 1,
      history: row.history_json ? (JSON.parse(String(row.history_json)) as CallerHistory) : null,
      recorded: row.recorded === 1,
    };
  }
}
