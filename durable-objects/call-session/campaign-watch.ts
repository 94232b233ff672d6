/**
 * A live call against its organisation's reviewer-labelled campaigns (docs/campaigns.md,
 * "Live calls"). The call's running transcript is fingerprinted incrementally: each chunk feeds
 * the words it added to the builder (core/campaigns/fingerprint.ts). After a chunk the
 * fingerprint is looked up through the session's deps (`matchCampaign`) when
 * - the stream has an organisation, and the fingerprint holds at least MIN_LOOKUP_WORDS
 *   normalised words, and
 * - it was never looked up, or it has changed enough since the last lookup: its similarity to
 *   the fingerprint last looked up is under RELOOKUP_BELOW (about a tenth of the signature
 *   moved, roughly a tenth more shingles heard). A chunk that adds little reuses the match.
 *
 * The match found is kept for the rest of the call (stored with the chunk): a later lookup
 * replaces it only with a match of its own, never with none (a call that read a known script
 * and then went on talking still read it; its similarity only dilutes), and a `legitimate`
 * match never replaces a `scam` one. A lookup that rejects is logged and changes nothing (the
 * chunk goes on unadjusted, or with the match kept); the next chunk tries again.
 *
 * What is stored (one row, under 1.5 KB): the builder's state, the fingerprint last looked up,
 * and the match kept. The session writes it together with the chunk, so a resent chunk after
 * an eviction never feeds its words twice.
 */
import type { LabelledCampaignMatch } from '#core/campaigns/adjust';
import {
  type Fingerprint,
  FingerprintBuilder,
  type FingerprintBuilderState,
  fingerprintFromBase64,
  fingerprintToBase64,
  similarity,
} from '#core/campaigns/fingerprint';
import type { CallSessionDeps } from './contract';

/**
 * Normalised words the running fingerprint needs before it is looked up. A campaign of a short
 * script is matched by a few words alone: "recorded" (5 shingles) is 0.16 similar to the
 * Medicare robocall's 5-word transcript, over MATCH_THRESHOLD, so a first chunk that heard only
 * that would warn (docs/campaigns.md, "Live calls").
 */
export const MIN_LOOKUP_WORDS = 6;
/** Looked up again once the fingerprint is less similar than this to the one last looked up. */
export const RELOOKUP_BELOW = 0.9;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS campaign_watch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  builder_json TEXT NOT NULL,
  looked_up TEXT,
  match_json TEXT
);
`;

/** Where the watch stands after a chunk: written with the chunk (`save`). */
export interface WatchState {
  builder: FingerprintBuilderState;
  /** Base64 of the fingerprint last looked up; null: never. */
  lookedUp: string | null;
  match: LabelledCampaignMatch | null;
}

/** The campaign watch of one call, over its SQLite storage. */
export class CampaignWatch {
  constructor(
    private readonly sql: SqlStorage,
    private readonly deps: Pick<CallSessionDeps, 'matchCampaign' | 'logger'>,
  ) {
    sql.exec(SCHEMA);
  }

  /** The match kept so far (null: none yet). */
  match(): LabelledCampaignMatch | null {
    return this.stored()?.match ?? null;
  }

  /**
   * Feeds a chunk's new words and looks the fingerprint up when the rule above says so. Returns
   * the state to save with the chunk; nothing is written here.
   */
  async afterChunk(call: { org: string; streamId: string }, words: string): Promise<WatchState> {
    const stored = this.stored();
    const builder = this.builderOf(stored);
    if (words) builder.feed(words);
    const fp = builder.fingerprint();
    const state: WatchState = {
      builder: builder.state(),
      lookedUp: stored?.lookedUp ?? null,
      match: stored?.match ?? null,
    };
    if (!this.due(call.org, fp, state.lookedUp)) return state;
    try {
      const found = await this.deps.matchCampaign(call.org, fp);
      return { ...state, lookedUp: fingerprintToBase64(fp), match: kept(state.match, found) };
    } catch (error) {
      this.deps.logger.warn('campaign_match_failed', {
        stream_id: call.streamId,
        organization_id: call.org,
        error,
      });
      return state;
    }
  }

  /** Stores the state a chunk left (call it in the same synchronous step as the chunk). */
  save(state: WatchState): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO campaign_watch (id, builder_json, looked_up, match_json) VALUES (1, ?, ?, ?)',
      JSON.stringify(state.builder),
      state.lookedUp,
      state.match ? JSON.stringify(state.match) : null,
    );
  }

  private due(org: string, fp: Fingerprint, lookedUp: string | null): boolean {
    if (!org || fp.words < MIN_LOOKUP_WORDS) return false;
    if (lookedUp === null) return true;
    try {
      return similarity(fp, fingerprintFromBase64(lookedUp)) < RELOOKUP_BELOW;
    } catch {
      return true;
    }
  }

  /** The stored builder; a fresh one when there is none or it does not parse. */
  private builderOf(stored: WatchState | null): FingerprintBuilder {
    if (!stored) return new FingerprintBuilder();
    try {
      return FingerprintBuilder.fromState(stored.builder);
    } catch {
      return new FingerprintBuilder();
    }
  }

  private stored(): WatchState | null {
    const row = this.sql
      .exec('SELECT builder_json, looked_up, match_json FROM campaign_watch WHERE id = 1')
      .toArray()[0];
    if (!row) return null;
    return {
      builder: JSON.parse(String(row.builder_json)) as FingerprintBuilderState,
      lookedUp: typeof row.looked_up === 'string' ? row.looked_up : null,
      match: row.match_json ? (JSON.parse(String(row.match_json)) as LabelledCampaignMatch) : null,
    };
  }
}

/** The match to keep: a new one replaces the old, but none never does, nor legitimate a scam. */
function kept(
  old: LabelledCampaignMatch | null,
  found: LabelledCampaignMatch | null,
): LabelledCampaignMatch | null {
  if (!found) return old;
  if (old && old.label === 'scam' && found.label === 'legitimate') return old;
  return found;
}
