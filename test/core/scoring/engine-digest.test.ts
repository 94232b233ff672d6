import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { digestTranscripts, engineDigest } from './engine-digest';

/**
 * Pins the engine's exact output. Recorded from the engine before the speed work of issue #22
 * (commit 3970f7d): a change meant only to make scoring faster must leave every score, verdict,
 * signal and evidence string as it was, and this digest shows it did. A change that alters
 * results on purpose updates DIGEST to the value the failure prints, and says so in its commit.
 */
const DIGEST = '332deb37b92750687fcc5a1976d4af88e4574fcc0dfd6b61da6064c675c52b1f';
const ANALYSES = 14_310;

const transcripts = digestTranscripts(resolve(import.meta.dirname, '../../..'));

describe('engine output digest', () => {
  it('scores every hard case and written call, whole and as openings, exactly as recorded', () => {
    const { digest, analyses } = engineDigest(transcripts, scoreTranscript);
    expect(analyses).toBe(ANALYSES);
    expect(digest, `engine output changed; its digest is now ${digest}`).toBe(DIGEST);
  }, 120_000);
});
