import { describe, expect, it } from 'vitest';
import { findSpeechSpans, spliceSpans, toOriginal } from '../../sidecar/src/asr/speech-spans';
import { noise, tones, toPcm16 } from '../fixtures/synth';

const RATE = 16_000;
const tone = (ms: number) => tones([440, 1200], ms, RATE, 0.2);
const hiss = (ms: number, seed: number) => noise(ms, RATE, 0.0005, seed);

describe('findSpeechSpans', () => {
  it('cuts long pauses (keeping padding) and keeps short ones, in order', () => {
    // 1 s hiss, 1 s sound, 0.3 s hiss (short pause: kept), 1 s sound, 2 s hiss, 0.5 s sound, 1 s hiss.
    const pcm = toPcm16(
      hiss(1000, 1),
      tone(1000),
      hiss(300, 2),
      tone(1000),
      hiss(2000, 3),
      tone(500),
      hiss(1000, 4),
    );
    const spans = findSpeechSpans(pcm, RATE);
    const ms = (n: number) => Math.round((n * 1000) / RATE);
    expect(spans.map((s) => [ms(s.from), ms(s.from + s.length)])).toEqual([
      [750, 3550],
      [5050, 6050],
    ]);
    expect(spans[1]!.at).toBe(spans[0]!.length);
  });

  it('finds nothing in digital silence or steady hiss', () => {
    expect(findSpeechSpans(new Int16Array(RATE), RATE)).toEqual([]);
    expect(findSpeechSpans(toPcm16(hiss(3000, 5)), RATE)).toEqual([]);
    expect(findSpeechSpans(new Int16Array(0), RATE)).toEqual([]);
  });
});

describe('spliceSpans and toOriginal', () => {
  it('joins the kept samples and maps spliced positions back exactly', () => {
    const pcm = Int16Array.from({ length: 100 }, (_, i) => i);
    const spans = [
      { from: 10, at: 0, length: 20 },
      { from: 60, at: 20, length: 30 },
    ];
    const spliced = spliceSpans(pcm, spans);
    expect(spliced.length).toBe(50);
    for (const at of [0, 5, 19, 20, 35, 49]) expect(pcm[toOriginal(spans, at)]).toBe(spliced[at]);
    expect(toOriginal(spans, 50)).toBe(90);
  });
});
