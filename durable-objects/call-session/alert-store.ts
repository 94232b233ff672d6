/**
 * What a CallSession keeps about its alerts in `ctx.storage.sql`: the levels raised (so each
 * is raised once, even across an eviction), the organisation's levels as read when the first
 * chunk was scored, and which kind of call this is.
 */
import { ALERT_LEVELS, type AlertLevel, type AlertThresholds } from '#core/alerts';
import { type CallSource, CallSourceSchema } from '#core/schemas/call-alert';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  level TEXT PRIMARY KEY,
  chunk_index INTEGER,
  score REAL NOT NULL,
  raised_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_levels (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  review REAL NOT NULL,
  alert REAL NOT NULL,
  hard_alert REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS call_source (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  source TEXT NOT NULL
);
`;

/** Typed access to the alert tables. */
export class AlertStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** The levels raised so far, mildest first. */
  raised(): AlertLevel[] {
    const rows = this.sql.exec('SELECT level FROM alerts').toArray();
    const have = new Set(rows.map((r) => String(r.level)));
    return ALERT_LEVELS.filter((level) => have.has(level));
  }

  /** Records a raised level; false when it was raised before. */
  saveRaised(level: AlertLevel, chunkIndex: number | null, score: number, at: number): boolean {
    const before = this.sql.exec('SELECT 1 FROM alerts WHERE level = ?', level).toArray().length;
    if (before > 0) return false;
    this.sql.exec(
      'INSERT INTO alerts (level, chunk_index, score, raised_at) VALUES (?, ?, ?, ?)',
      level,
      chunkIndex,
      score,
      at,
    );
    return true;
  }

  /** The organisation's levels as first read for this call, if they were. */
  levels(): AlertThresholds | null {
    const row = this.sql.exec('SELECT * FROM alert_levels WHERE id = 1').toArray()[0];
    if (!row) return null;
    return {
      review: Number(row.review),
      alert: Number(row.alert),
      hard_alert: Number(row.hard_alert),
    };
  }

  /** Keeps the levels for the rest of the call (the first read wins). */
  saveLevels(levels: AlertThresholds): void {
    this.sql.exec(
      'INSERT OR IGNORE INTO alert_levels (id, review, alert, hard_alert) VALUES (1, ?, ?, ?)',
      levels.review,
      levels.alert,
      levels.hard_alert,
    );
  }

  /** What kind of call this is; the first socket's transport decides. */
  source(): CallSource {
    const row = this.sql.exec('SELECT source FROM call_source WHERE id = 1').toArray()[0];
    return CallSourceSchema.catch('stream').parse(row?.source);
  }

  rememberSource(source: CallSource): void {
    this.sql.exec('INSERT OR IGNORE INTO call_source (id, source) VALUES (1, ?)', source);
  }
}
