import { describe, expect, it } from 'vitest';
import { CallWindows } from '#core/audio/call-windows';
import { FrameSequencer, MULAW_SILENCE } from '#core/audio/frame-sequencer';
import { readWav } from '#core/audio/wav-reader';

/** Frame n: 20 ms at n·20 ms, every byte n (so the order of the output shows). */
const frame = (chunk: number, timestampMs = (chunk - 1) * 20) => ({
  chunk,
  timestampMs,
  payload: new Uint8Array(160).fill(chunk),
});

/** The first byte of each 20 ms run, and how long silence runs are. */
function describeRuns(runs: Uint8Array[]): (number | string)[] {
  return runs.map((r) => (r[0] === MULAW_SILENCE ? `silence ${r.length / 8}ms` : (r[0] as number)));
}

describe('FrameSequencer', () => {
  it('passes frames in order straight through', () => {
    const seq = new FrameSequencer(4);
    const out = [1, 2, 3].flatMap((n) => seq.push(frame(n)));
    expect(describeRuns(out)).toEqual([1, 2, 3]);
    expect(seq.stats).toEqual({ duplicates: 0, late: 0, lost: 0, silenceMs: 0 });
  });

  it('puts frames that arrive out of order back in order', () => {
    const seq = new FrameSequencer(4);
    const out = [2, 1, 4, 3, 5].flatMap((n) => seq.push(frame(n)));
    expect(describeRuns(out)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops a repeated frame, whether still held or already released', () => {
    const seq = new FrameSequencer(4);
    const out = [1, 1, 3, 3, 2, 2].flatMap((n) => seq.push(frame(n)));
    expect(describeRuns(out)).toEqual([1, 2, 3]);
    expect(seq.stats.duplicates).toBe(3);
  });

  it('gives up on a missing frame after `depth` frames and fills its time with silence', () => {
    const seq = new FrameSequencer(2);
    const out = [1, 3, 4].flatMap((n) => seq.push(frame(n)));
    // 3 and 4 wait for 2; a third frame past the gap makes it give up.
    expect(describeRuns(out)).toEqual([1]);
    const more = seq.push(frame(5));
    expect(describeRuns(more)).toEqual(['silence 20ms', 3, 4, 5]);
    expect(seq.stats.lost).toBe(1);
    // The lost frame turning up after all is late, not played out of place.
    expect(seq.push(frame(2))).toEqual([]);
    expect(seq.stats.late).toBe(1);
  });

  it('fills a jump in timestamps with silence, capped at maxGapMs', () => {
    const seq = new FrameSequencer(2, 100);
    const out = [frame(1, 0), frame(2, 60), frame(3, 10_000)].flatMap((f) => seq.push(f));
    expect(describeRuns(out)).toEqual([1, 'silence 40ms', 2, 'silence 100ms', 3]);
    expect(seq.stats.silenceMs).toBe(140);
  });

  it('releases what it holds at the end of the call', () => {
    const seq = new FrameSequencer(10);
    expect(seq.push(frame(3))).toEqual([]);
    expect(describeRuns(seq.flush())).toEqual(['silence 40ms', 3]);
  });

  it('holds at most `depth` frames whatever arrives', () => {
    const seq = new FrameSequencer(5);
    let released = 0;
    // Frame 1 never comes; 1,000 frames later everything but the last few has gone out.
    for (let n = 2; n <= 1_001; n++)
      released += seq.push(frame(n)).filter((r) => r.length === 160).length;
    expect(released).toBeGreaterThanOrEqual(1_000 - 5);
  });
});

describe('CallWindows', () => {
  it('cuts 8 kHz µ-law into 5 s WAV windows and keeps the rest for the end', () => {
    const windows = new CallWindows(5_000);
    const second = new Uint8Array(8_000).fill(0x80);
    const done = [1, 2, 3, 4, 5, 6, 7].flatMap(() => windows.add(second));
    expect(done).toHaveLength(1);
    const info = readWav(done[0] as Uint8Array);
    expect(info.sampleRate).toBe(8_000);
    expect(info.durationMs).toBe(5_000);
    expect(windows.pendingMs).toBe(2_000);
    const rest = windows.rest(250);
    expect(rest && readWav(rest).durationMs).toBe(2_000);
    expect(windows.rest(250)).toBeNull();
  });

  it('drops an end too short to hear', () => {
    const windows = new CallWindows(5_000);
    windows.add(new Uint8Array(800));
    expect(windows.rest(250)).toBeNull();
  });
});
