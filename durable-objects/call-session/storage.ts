/**
 * What a CallSession keeps in `ctx.storage.sql`: everything needed to resume a stream or
 * answer for it after the object is evicted. In-memory state is only ever a cache of this.
 */
import type { ChunkResult, StreamFinal } from '#core/schemas/stream-protocol';
import { type CallWord, transcriptText } from '#core/transcript/merge';
import { AlertStore } from './alert-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS stream (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  stream_id TEXT NOT NULL,
  org TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_activity INTEGER NOT NULL,
  final_json TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
  chunk_index INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  rms_dbfs REAL NOT NULL,
  transcription TEXT NOT NULL,
  engine TEXT,
  text TEXT NOT NULL,
  scam_score REAL NOT NULL,
  partial_json TEXT NOT NULL, -- the ChunkResult (the name predates the pipeline/transport split)
  audio BLOB
);
CREATE TABLE IF NOT EXISTS used_tickets (
  ticket_id TEXT PRIMARY KEY,
  used_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS signals (
  category TEXT PRIMARY KEY,
  first_chunk INTEGER NOT NULL
);
-- The running transcript of a stream whose chunks are decoded with context: the merged words
-- with their times in the call, and how far into the call it has heard (a chunk that could
-- not be transcribed leaves a hole the next window may fill).
CREATE TABLE IF NOT EXISTS transcript (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  words_json TEXT NOT NULL,
  heard_until_ms INTEGER NOT NULL
);
-- Who opened the stream (its analysis records them); a table of its own so streams stored
-- before it existed need no ALTER.
CREATE TABLE IF NOT EXISTS opened_by (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  user_id TEXT,
  api_key_id TEXT
);
`;

export type StreamStatus = 'open' | 'final';

/**
 * A stored chunk result. One stored before `call_score` existed had the call's score in
 * `scam_score`, so a stream that spans the upgrade carries on from it.
 */
function readResult(json: unknown): ChunkResult {
  const result = JSON.parse(String(json)) as Omit<ChunkResult, 'call_score'> & {
    call_score?: number;
  };
  return { ...result, call_score: result.call_score ?? result.scam_score };
}

export interface StreamRow {
  streamId: string;
  /** The organisation that owns the stream; no other may read or resume it. */
  org: string;
  status: StreamStatus;
  createdAt: number;
  lastActivity: number;
  final: StreamFinal | null;
}

export interface ChunkRow {
  /** The chunk's WAV bytes, kept until the final pass (then dropped). */
  audio?: Uint8Array;
  chunkIndex: number;
  receivedAt: number;
  bytes: number;
  durationMs: number;
  rmsDbfs: number;
  transcription: ChunkResult['transcription'];
  engine: string | null;
  text: string;
  scamScore: number;
  result: ChunkResult;
}

/** Typed access to the session's SQLite tables. */
export class SessionStore {
  /** The call's alerts (alert-store.ts). */
  readonly alerts: AlertStore;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    this.alerts = new AlertStore(sql);
  }

  stream(): StreamRow | null {
    const row = this.sql.exec('SELECT * FROM stream WHERE id = 1').toArray()[0];
    if (!row) return null;
    return {
      streamId: String(row.stream_id),
      org: String(row.org),
      status: row.status as StreamStatus,
      createdAt: Number(row.created_at),
      lastActivity: Number(row.last_activity),
      final: row.final_json ? (JSON.parse(String(row.final_json)) as StreamFinal) : null,
    };
  }

  create(streamId: string, org: string, now: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO stream (id, stream_id, org, status, created_at, last_activity) VALUES (1, ?, ?, 'open', ?, ?)",
      streamId,
      org,
      now,
      now,
    );
  }

  /** Records who opened the stream; the first opener is kept. */
  setOpenedBy(userId: string | null, apiKeyId: string | null): void {
    this.sql.exec(
      'INSERT OR IGNORE INTO opened_by (id, user_id, api_key_id) VALUES (1, ?, ?)',
      userId,
      apiKeyId,
    );
  }

  /** Who opened the stream (nulls for the open caller, or a stream from before this was kept). */
  openedBy(): { userId: string | null; apiKeyId: string | null } {
    const row = this.sql
      .exec('SELECT user_id, api_key_id FROM opened_by WHERE id = 1')
      .toArray()[0];
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { userId: text(row?.user_id), apiKeyId: text(row?.api_key_id) };
  }

  /** Records a ticket's use; false when it was used before. */
  useTicket(ticketId: string, now: number): boolean {
    const used =
      this.sql.exec('SELECT 1 FROM used_tickets WHERE ticket_id = ?', ticketId).toArray().length >
      0;
    if (!used)
      this.sql.exec('INSERT INTO used_tickets (ticket_id, used_at) VALUES (?, ?)', ticketId, now);
    return !used;
  }

  touch(now: number): void {
    this.sql.exec('UPDATE stream SET last_activity = ? WHERE id = 1', now);
  }

  saveFinal(final: StreamFinal): void {
    this.sql.exec(
      "UPDATE stream SET status = 'final', final_json = ? WHERE id = 1",
      JSON.stringify(final),
    );
  }

  lastChunkIndex(): number {
    const row = this.sql.exec('SELECT MAX(chunk_index) AS n FROM chunks').one();
    return row.n === null ? 0 : Number(row.n);
  }

  chunks(): ChunkRow[] {
    return this.sql
      .exec('SELECT * FROM chunks ORDER BY chunk_index')
      .toArray()
      .map((row) => ({
        chunkIndex: Number(row.chunk_index),
        receivedAt: Number(row.received_at),
        bytes: Number(row.bytes),
        durationMs: Number(row.duration_ms),
        rmsDbfs: Number(row.rms_dbfs),
        transcription: row.transcription as ChunkRow['transcription'],
        engine: row.engine === null ? null : String(row.engine),
        text: String(row.text),
        scamScore: Number(row.scam_score),
        result: readResult(row.partial_json),
      }));
  }

  /** The stored result of chunk `chunkIndex`, if it was processed. */
  resultFor(chunkIndex: number): ChunkResult | null {
    const row = this.sql
      .exec('SELECT partial_json FROM chunks WHERE chunk_index = ?', chunkIndex)
      .toArray()[0];
    return row ? readResult(row.partial_json) : null;
  }

  /** The stored WAV bytes of every chunk that still has them, in order. */
  chunkAudio(): Uint8Array[] {
    const rows = this.sql
      .exec('SELECT audio FROM chunks WHERE audio IS NOT NULL ORDER BY chunk_index')
      .toArray();
    return rows.map((r) => new Uint8Array(r.audio as ArrayBuffer));
  }

  /** Forgets the audio once the call is final: results are kept, recordings are not. */
  dropAudio(): void {
    this.sql.exec('UPDATE chunks SET audio = NULL');
  }

  /**
   * The chunks right before `chunkIndex` that still have their audio, oldest first, going back
   * until `wantMs` of audio is found or the run breaks (a silent chunk keeps no audio, and a
   * window must not join audio that was not contiguous). Reads no more rows than it needs.
   */
  audioBefore(chunkIndex: number, wantMs: number): Uint8Array[] {
    const found: Uint8Array[] = [];
    if (wantMs <= 0) return found;
    let have = 0;
    let expected = chunkIndex - 1;
    const cursor = this.sql.exec(
      'SELECT chunk_index, duration_ms, audio FROM chunks WHERE chunk_index < ? ORDER BY chunk_index DESC',
      chunkIndex,
    );
    for (const row of cursor) {
      if (Number(row.chunk_index) !== expected || row.audio === null) break;
      found.unshift(new Uint8Array(row.audio as ArrayBuffer));
      have += Number(row.duration_ms);
      expected--;
      if (have >= wantMs) break;
    }
    return found;
  }

  /** The running transcript's words and how far into the call it has heard (ms). */
  runningWords(): { words: CallWord[]; heardUntilMs: number } | null {
    const row = this.sql
      .exec('SELECT words_json, heard_until_ms FROM transcript WHERE id = 1')
      .toArray()[0];
    if (!row) return null;
    return {
      words: JSON.parse(String(row.words_json)) as CallWord[],
      heardUntilMs: Number(row.heard_until_ms),
    };
  }

  /** Replaces the running transcript (saved with the chunk that changed it). */
  saveRunningWords(words: readonly CallWord[], heardUntilMs: number): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO transcript (id, words_json, heard_until_ms) VALUES (1, ?, ?)',
      JSON.stringify(words),
      heardUntilMs,
    );
  }

  /**
   * The transcript so far: the running transcript's words, or, for a stream stored before
   * chunks were merged, every chunk's words in order.
   */
  transcript(): string {
    const running = this.runningWords();
    if (running) return transcriptText(running.words);
    const rows = this.sql
      .exec("SELECT text FROM chunks WHERE text != '' ORDER BY chunk_index")
      .toArray();
    return rows.map((r) => String(r.text)).join(' ');
  }

  audioMs(): number {
    const row = this.sql.exec('SELECT COALESCE(SUM(duration_ms), 0) AS ms FROM chunks').one();
    return Number(row.ms);
  }

  /** Category → chunk index where the call first showed it. */
  firstSeen(): Map<string, number> {
    const rows = this.sql.exec('SELECT category, first_chunk FROM signals').toArray();
    return new Map(rows.map((r) => [String(r.category), Number(r.first_chunk)]));
  }

  /** Records a processed chunk and the signals it showed first. */
  saveChunk(chunk: ChunkRow, newCategories: string[]): void {
    this.sql.exec(
      `INSERT INTO chunks (chunk_index, received_at, bytes, duration_ms, rms_dbfs, transcription, engine, text, scam_score, partial_json, audio)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      chunk.chunkIndex,
      chunk.receivedAt,
      chunk.bytes,
      chunk.durationMs,
      chunk.rmsDbfs,
      chunk.transcription,
      chunk.engine,
      chunk.text,
      chunk.scamScore,
      JSON.stringify(chunk.result),
      chunk.audio ?? null,
    );
    for (const category of newCategories) {
      this.sql.exec(
        'INSERT OR IGNORE INTO signals (category, first_chunk) VALUES (?, ?)',
        category,
        chunk.chunkIndex,
      );
    }
  }
}
