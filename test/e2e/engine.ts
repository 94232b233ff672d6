import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { control } from './control';
import { SHARED_AUDIO } from './streaming';

/**
 * The e2e stack's sidecar runs real pocketsphinx. Tests that judge what was heard (a robocall
 * scored above SAFE, a legitimate call kept SAFE, words found in a transcript) use it. Tests of
 * the plumbing around recognition (alerts and webhooks fired in order, the spoken warning,
 * Twilio's REST redirect) don't look at what was heard, only that the call reached a level:
 * for those the sidecar is restarted on the fake engine (sidecar/src/asr/fake.ts), which
 * answers every window with a known transcript at once. The audio still goes through the
 * Worker, the CallSession, the sidecar's ffmpeg decoding and the scorer; only the decoder is
 * skipped, which on 2 cores takes seconds per window and made these tests wait on it.
 */

/** The reference transcripts of the shared recordings (`../shared/audio/references.jsonl`). */
export function referenceTranscript(file: string): string {
  const lines = readFileSync(`${SHARED_AUDIO}references.jsonl`, 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { file: string; reference: string };
    if (entry.file === file) return entry.reference;
  }
  throw new Error(`no reference transcript for ${file}`);
}

/**
 * Runs the enclosing file's or describe block's tests on the fake engine answering `text`
 * (after `delayMs`), and brings the real engine back after them whatever happened. The e2e
 * files run one at a time, so no other test sees the fake.
 */
export function onFakeEngine(text: string, delayMs = 100): void {
  beforeAll(async () => {
    await control('/sidecar/kill');
    await control('/sidecar/start', {
      env: { ASR_ENGINES: 'fake', FAKE_ASR_TEXT: text, FAKE_ASR_DELAY_MS: String(delayMs) },
    });
  }, 120_000);
  afterAll(async () => {
    await control('/sidecar/kill');
    await control('/sidecar/start');
  }, 120_000);
}
