import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import { type CallWord, mergeWindow, transcriptText } from '#core/transcript/merge';
import { chunkWindow } from '#core/transcript/window';
import type { Sidecar } from '../../sidecar/src/app';
import { tones, toPcm16 } from '../fixtures/synth';
import { errorJson, okJson, post, testSidecar } from './harness';

const RATE = 16_000;
let sidecar: Sidecar;
let tight: Sidecar;

beforeAll(async () => {
  sidecar = await testSidecar();
  tight = await testSidecar({ MAX_CONTEXT_MS: '3000' });
});

describe('context_ms: bad requests', () => {
  const second = encodeWav16(toPcm16(tones([440], 1000, RATE)), RATE);

  it('refuses a context that leaves no new audio', async () => {
    const res = await post(sidecar, second, '?context_ms=1000');
    expect(res.status).toBe(400);
    expect(await errorJson(res)).toMatchObject({ code: 'INVALID_PARAMS', retryable: false });
    expect((await errorJson(await post(sidecar, second, '?context_ms=5000'))).message).toContain(
      'shorter than the audio',
    );
  });

  it.each(['-1', '1.5', 'ten', '600001'])('rejects context_ms=%s', async (value) => {
    const res = await post(sidecar, second, `?context_ms=${value}`);
    expect(res.status).toBe(400);
  });

  it('reports no context block without context_ms, and the limit in /healthz', async () => {
    const body = await okJson(await post(sidecar, second, '?transcribe=false'));
    expect(body.context).toBeUndefined();
    const health = await tight.app.fetch(new Request('http://127.0.0.1/healthz'));
    expect(((await health.json()) as { limits: unknown }).limits).toMatchObject({
      max_context_ms: 3000,
    });
  });
});

const ROBOCALL = resolve(import.meta.dirname, '../../../shared/audio/legal_threat_robocall.wav');
const haveRobocall = existsSync(ROBOCALL);
if (!haveRobocall) console.warn(`[sidecar tests] ${ROBOCALL} is missing: skipping context tests`);

describe.skipIf(!haveRobocall)('context_ms on a real robocall (pocketsphinx)', () => {
  let samples: Int16Array;
  const cut = (fromMs: number, toMs: number) =>
    encodeWav16(samples.subarray((fromMs * RATE) / 1000, (toMs * RATE) / 1000), RATE);
  const starts = (body: ProcessResponse, word: string) =>
    body.words.filter((w) => w.word === word).map((w) => w.start_ms);

  beforeAll(async () => {
    samples = decodeWavMono16(new Uint8Array(await readFile(ROBOCALL))).samples;
  });

  it('times words in the audio sent, the same as a decode of the whole call', async () => {
    const whole = await okJson(await post(sidecar, cut(0, 31_000), '?trim=false'));
    const window = await okJson(
      await post(sidecar, cut(5000, 20_000), '?trim=false&context_ms=5000'),
    );
    expect(window.context).toEqual({ split_ms: 5000, decoded_from_ms: 0 });
    const [suspendedWhole] = starts(whole, 'suspended');
    const [suspendedWindow] = starts(window, 'suspended');
    expect(suspendedWhole).toBeGreaterThan(10_000);
    expect(Math.abs(suspendedWindow! + 5000 - suspendedWhole!)).toBeLessThanOrEqual(100);
    for (const w of window.words) expect(w.end_ms).toBeGreaterThanOrEqual(w.start_ms);
  }, 120_000);

  it('decodes at most MAX_CONTEXT_MS of the context', async () => {
    const body = await okJson(await post(tight, cut(0, 12_000), '?trim=false&context_ms=8000'));
    expect(body.context).toEqual({ split_ms: 8000, decoded_from_ms: 5000 });
    expect(body.words.length).toBeGreaterThan(0);
    for (const w of body.words) expect(w.start_ms).toBeGreaterThanOrEqual(5000);
  }, 120_000);

  it('hears the words cut at chunk edges when chunks come with context', async () => {
    // The call as a live stream sends it: 5 s chunks, each decoded with what came before.
    const chunks = [0, 5000, 10_000, 15_000].map((at) => cut(at, at + 5000));
    let words: CallWord[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const w = chunkWindow(chunks.slice(0, i), chunks[i]!, {
        maxContextMs: 15_000,
        chunkStartMs: i * 5000,
      })!;
      const body = await okJson(
        await post(sidecar, w.wav, `?trim=false&context_ms=${w.contextMs}`),
      );
      words = mergeWindow(words, { offsetMs: w.offsetMs, splitMs: w.contextMs, words: body.words });
    }
    const text = transcriptText(words);
    // "…a legal enforce|ment action…" and "…suspended your social secu|rity number…" straddle
    // the 5 s and 15 s edges.
    expect(text).toContain('legal enforcement action');
    expect(text).toContain('suspended your social security number');
    expect(words.map((w) => w.start_ms)).toEqual(
      [...words.map((w) => w.start_ms)].sort((a, b) => a - b),
    );
  }, 180_000);
});
