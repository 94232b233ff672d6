/**
 * A phone call's details, kept beside its stream once the `start` event's signed token (made
 * by our voice webhook) checks out: Twilio's ids, the numbers, the TwiML mode. Its analysis
 * row and `GET /api/v1/calls/{sid}` read them from here.
 */
import { z } from 'zod';
import { ALERT_LEVELS, type AlertLevel } from '#core/alerts';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import { saveCaller } from '../../caller-trust';
import type { PhoneCall, TwilioDeps } from '../../contract';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS twilio_call (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  call_sid TEXT NOT NULL,
  stream_sid TEXT NOT NULL,
  account_sid TEXT NOT NULL,
  from_number TEXT NOT NULL,
  to_number TEXT NOT NULL,
  mode TEXT NOT NULL,
  warning_level TEXT,
  warned_at INTEGER,
  started_at INTEGER NOT NULL
);
-- Set when a start's token did not check out: nothing of the call is kept, unless another
-- start does check out.
CREATE TABLE IF NOT EXISTS twilio_refused (
  id INTEGER PRIMARY KEY CHECK (id = 1)
);
-- The custom parameters of the start that checked out: a later socket takes the call over only
-- with the very same start (a table of its own, so calls stored before it need no ALTER).
CREATE TABLE IF NOT EXISTS twilio_start_params (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  parameters_json TEXT NOT NULL
);
`;

/** The parameters in one canonical form, for comparing two starts. */
function canonical(parameters: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * What a `start` event said: the start action of this transport (transport.ts), which the
 * session hands back as it got it (phone-call.ts reads it with this schema).
 */
export const TwilioStartActionSchema = z.object({
  callSid: z.string(),
  accountSid: z.string(),
  streamSid: z.string(),
  parameters: z.record(z.string(), z.string()),
});
export type TwilioStartAction = z.infer<typeof TwilioStartActionSchema>;

/** The call record of one CallSession. */
export class TwilioCallStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /**
   * Checks a `start`. The first that checks out keeps the call's details: its token is ours,
   * unexpired, and for this organisation, call and account. Any later one must be that very
   * start (call, account, stream and parameters: the same stream's socket come again), or it
   * is refused. A refusal poisons nothing: the call is dropped only while no start checked out.
   * `verify` reads the token (the Worker's key signed it).
   */
  async start(
    start: TwilioStartAction,
    stream: { org: string; streamId: string },
    verify: TwilioDeps['verifyStreamToken'],
    now: number,
  ): Promise<boolean> {
    const ok = this.started()
      ? this.sameAsFirst(start)
      : await this.firstStart(start, stream, verify, now);
    if (!ok) this.sql.exec('INSERT OR IGNORE INTO twilio_refused (id) VALUES (1)');
    return ok;
  }

  private async firstStart(
    start: TwilioStartAction,
    stream: { org: string; streamId: string },
    verify: TwilioDeps['verifyStreamToken'],
    now: number,
  ): Promise<boolean> {
    const call = await verify(start.parameters.token ?? '');
    const ok =
      call !== null &&
      call.org === stream.org &&
      call.callSid === start.callSid &&
      call.account === start.accountSid &&
      start.callSid === stream.streamId;
    // Another start may have checked out while the token was being verified.
    if (!ok || this.started()) return ok && this.sameAsFirst(start);
    this.sql.exec(
      `INSERT INTO twilio_call
         (id, call_sid, stream_sid, account_sid, from_number, to_number, mode, warning_level,
          started_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      start.callSid,
      start.streamSid,
      start.accountSid,
      call.from,
      call.to,
      call.mode,
      call.warn,
      now,
    );
    this.sql.exec(
      'INSERT INTO twilio_start_params (id, parameters_json) VALUES (1, ?)',
      canonical(start.parameters),
    );
    // Who is calling (the token vouched for it), for the call's caller trust.
    saveCaller(this.sql, call.caller);
    return true;
  }

  /** Whether `start` is the one that checked out, to the letter. */
  private sameAsFirst(start: TwilioStartAction): boolean {
    const row = this.sql
      .exec(
        `SELECT c.call_sid, c.stream_sid, c.account_sid, p.parameters_json
           FROM twilio_call c LEFT JOIN twilio_start_params p ON p.id = c.id WHERE c.id = 1`,
      )
      .toArray()[0];
    return (
      row !== undefined &&
      row.call_sid === start.callSid &&
      row.stream_sid === start.streamSid &&
      row.account_sid === start.accountSid &&
      row.parameters_json === canonical(start.parameters)
    );
  }

  /** Whether a start checked out: the call is taken. */
  started(): boolean {
    return this.sql.exec('SELECT id FROM twilio_call WHERE id = 1').toArray().length > 0;
  }

  /**
   * The level at which this call is warned, and how (spoken into a `connect` call, or a REST
   * redirect of a `start` call); once per call, null when it never is (again).
   */
  warningDue(): { level: AlertLevel; mode: 'start' | 'connect' } | null {
    const row = this.sql
      .exec('SELECT warning_level, mode FROM twilio_call WHERE id = 1 AND warned_at IS NULL')
      .toArray()[0];
    const level = row?.warning_level;
    if (!(ALERT_LEVELS as readonly unknown[]).includes(level)) return null;
    return { level: level as AlertLevel, mode: row?.mode === 'connect' ? 'connect' : 'start' };
  }

  /** Records that the warning was played. */
  warned(now: number): void {
    this.sql.exec('UPDATE twilio_call SET warned_at = ? WHERE id = 1', now);
  }

  /** Whether a start was refused and none checked out: then the call keeps nothing. */
  refused(): boolean {
    return !this.started() && this.sql.exec('SELECT id FROM twilio_refused').toArray().length > 0;
  }

  /**
   * The call's details: all of them once a start checked out; only the SID (the Twilio-signed
   * socket URL named it) when none came; null when a start was refused.
   */
  info(callSid: string): PhoneCall | null {
    if (this.refused()) return null;
    const row = this.sql.exec('SELECT * FROM twilio_call WHERE id = 1').toArray()[0];
    if (!row)
      return {
        call_sid: callSid,
        stream_sid: null,
        account_sid: null,
        from: null,
        to: null,
        mode: null,
        started_at: null,
        warned_at: null,
      };
    return {
      call_sid: String(row.call_sid),
      stream_sid: String(row.stream_sid),
      account_sid: String(row.account_sid),
      from: String(row.from_number),
      to: String(row.to_number),
      mode: row.mode === 'connect' ? 'connect' : 'start',
      started_at: new Date(Number(row.started_at)).toISOString(),
      warned_at: row.warned_at === null ? null : new Date(Number(row.warned_at)).toISOString(),
    };
  }
}

/**
 * What a phone call's analysis row adds to a stream's: Twilio's ids, the numbers, the TwiML mode
 * and the duration.
 */
export function rowMetadata(info: PhoneCall, final: StreamFinal): Record<string, unknown> {
  return {
    call_sid: info.call_sid,
    stream_sid: info.stream_sid,
    from: info.from,
    to: info.to,
    mode: info.mode,
    duration_ms: final.duration_ms,
  };
}
