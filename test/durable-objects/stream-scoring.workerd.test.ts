import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/schemas/report';
import type { ChunkResult } from '#core/schemas/stream-protocol';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { coverageOf } from '../../durable-objects/call-session/coverage';
import { finalizeStream } from '../../durable-objects/call-session/finalize';
import {
  chunkScores,
  cumulativeScore,
  finalCombinedScore,
} from '../../durable-objects/call-session/stream-scoring';

function analysis(score: number): Analysis {
  return {
    scam_score: score,
    confidence: 0.8,
    verdict: 'SAFE',
    signals: [],
    recommendation: 'r',
    transcript_summary: 's',
    engine: 'local',
  };
}

function chunk(index: number, cumulative: number, max: number): ChunkResult {
  return {
    chunk_index: index,
    timestamp_ms: index * 5_000,
    scam_score: cumulative,
    call_score: cumulative,
    cumulative_score: cumulative,
    max_score: max,
    score_delta: 0,
    new_signals: [],
    signals: [],
    counter_signals: [],
    verdict: 'SAFE',
    confidence: 0.8,
    recommendation: 'r',
    transcript_summary: '',
    review_required: false,
    vocal_stress: null,
    background_noise: null,
    synthetic_voice_probability: null,
    chunk_transcript: 'words',
    transcription: 'ok',
    engine: 'pocketsphinx',
    chunk_processing_ms: 1,
    transcription_ms: 1,
  };
}

describe('the stream scoring rule: cumulative = 0.6 × max + 0.4 × current', () => {
  it('weighs the peak over the current score', () => {
    expect(cumulativeScore(0.9, 0.2)).toBe(0.62);
    expect(cumulativeScore(0.5, 0.5)).toBe(0.5);
    expect(cumulativeScore(1, 0)).toBe(0.6);
  });

  it('keeps a call that showed a scam from turning SAFE when the caller goes on chatting', () => {
    const first = chunkScores(
      analysis(0.9),
      0.9,
      { callScore: 0, maxScore: 0 },
      DEFAULT_THRESHOLDS,
    );
    expect(first).toMatchObject({ call_score: 0.9, max_score: 0.9, cumulative_score: 0.9 });
    const second = chunkScores(
      analysis(0.2),
      0.05,
      { callScore: first.call_score, maxScore: first.max_score },
      DEFAULT_THRESHOLDS,
    );
    expect(second).toMatchObject({
      call_score: 0.2,
      max_score: 0.9,
      cumulative_score: 0.62,
      score_delta: -0.7,
      verdict: 'LIKELY_SCAM',
    });
  });

  it("sends the chunk's own score in scam_score: nothing of the call's numbers follows it", () => {
    const previous = { callScore: 0.8, maxScore: 0.8 };
    const quiet = chunkScores(analysis(0.8), 0, previous, DEFAULT_THRESHOLDS);
    const loud = chunkScores(analysis(0.8), 0.95, previous, DEFAULT_THRESHOLDS);
    expect(quiet.scam_score).toBe(0);
    expect(loud.scam_score).toBe(0.95);
    const { scam_score: _q, ...quietCall } = quiet;
    const { scam_score: _l, ...loudCall } = loud;
    expect(quietCall).toEqual(loudCall);
  });

  it('clamps whatever an engine returns', () => {
    const scores = chunkScores(
      analysis(1.7),
      1.3,
      { callScore: 0, maxScore: 0 },
      DEFAULT_THRESHOLDS,
    );
    expect(scores).toMatchObject({
      scam_score: 1,
      call_score: 1,
      max_score: 1,
      cumulative_score: 1,
    });
  });
});

describe('the finalize rule: combined = max(last cumulative, final transcript)', () => {
  it('takes the larger of the two', () => {
    expect(finalCombinedScore(0.62, 0.3)).toBe(0.62);
    expect(finalCombinedScore(0.4, 0.91)).toBe(0.91);
  });

  const call = (cumulative: number) => ({
    chunks: [
      {
        engine: 'pocketsphinx',
        durationMs: 5_000,
        transcription: 'ok' as const,
        result: chunk(1, cumulative, cumulative),
      },
    ],
    firstSeen: new Map<string, number>(),
    audioMs: 5_000,
  });

  it('lets a better final transcript raise the verdict', () => {
    const final = finalizeStream(call(0.35), 'end_stream', DEFAULT_THRESHOLDS, {
      transcript: 'the whole call',
      source: 'full_pass',
      text: { analysis: analysis(0.9), engines: ['local'] },
      fullPassEngine: 'pocketsphinx',
    });
    expect(final).toMatchObject({ combined_score: 0.9, max_score: 0.9, verdict: 'SCAM' });
  });

  it('never lets the final transcript hide what the call already showed', () => {
    const final = finalizeStream(call(0.7), 'end_stream', DEFAULT_THRESHOLDS, {
      transcript: 'a milder transcript',
      source: 'full_pass',
      text: { analysis: analysis(0.1), engines: ['local'] },
    });
    expect(final).toMatchObject({ combined_score: 0.7, verdict: 'LIKELY_SCAM' });
  });

  it('keeps counter-signals out of signals and reports what the words alone scored', () => {
    const words = {
      ...analysis(0.2),
      signals: [
        { category: 'URGENCY' as const, detail: 'd', severity: 'medium' as const },
        {
          category: 'NO_SENSITIVE_REQUEST' as const,
          detail: 'd',
          severity: 'high' as const,
          counter: true,
        },
      ],
    };
    const final = finalizeStream(call(0.7), 'end_stream', DEFAULT_THRESHOLDS, {
      transcript: 'the whole call',
      source: 'full_pass',
      text: { analysis: words, engines: ['local'] },
    });
    expect(final.signals.map((s) => s.category)).toEqual(['URGENCY']);
    expect(final.counter_signals.map((s) => s.category)).toEqual(['NO_SENSITIVE_REQUEST']);
    expect(final.text_score).toBe(0.2);
    expect(final.combined_score).toBe(0.7);
  });

  it('is SAFE at 0 for a call with no chunks', () => {
    const final = finalizeStream(
      { chunks: [], firstSeen: new Map(), audioMs: 0 },
      'idle_timeout',
      DEFAULT_THRESHOLDS,
      { transcript: '', source: 'chunks', text: null },
    );
    expect(final).toMatchObject({
      combined_score: 0,
      verdict: 'SAFE',
      total_chunks: 0,
      recommendation: 'No audio was received.',
      text_score: null,
    });
  });
});

describe('the coverage rule: a call is judged when at least half its audio was heard', () => {
  const windows = (...kinds: ('ok' | 'silent' | 'unavailable')[]) =>
    kinds.map((transcription) => ({ durationMs: 5_000, transcription }));

  it('counts transcribed and silent windows as heard, unavailable ones not', () => {
    expect(coverageOf(windows('ok', 'silent', 'unavailable', 'unavailable'), false)).toEqual({
      windows_received: 4,
      windows_heard: 2,
      received_ms: 20_000,
      heard_ms: 10_000,
      judged: true,
    });
    expect(coverageOf(windows('ok', 'unavailable', 'unavailable'), false).judged).toBe(false);
  });

  it('counts every window as heard once the final pass transcribed the whole call', () => {
    expect(coverageOf(windows('ok', 'unavailable', 'unavailable'), true)).toMatchObject({
      windows_heard: 3,
      judged: true,
    });
  });

  it('says a SAFE call it could not judge is no all-clear, and sends it to review', () => {
    const lost = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        engine: null,
        durationMs: 5_000,
        transcription: 'unavailable' as const,
        result: chunk(i + 2, 0, 0),
      }));
    const final = finalizeStream(
      {
        chunks: [
          {
            engine: 'pocketsphinx',
            durationMs: 5_000,
            transcription: 'ok',
            result: chunk(1, 0, 0),
          },
          ...lost(6),
        ],
        firstSeen: new Map(),
        audioMs: 35_000,
      },
      'end_stream',
      DEFAULT_THRESHOLDS,
      {
        transcript: 'hello',
        source: 'chunks',
        text: {
          analysis: { ...analysis(0.01), recommendation: 'No scam indicators of concern.' },
          engines: ['local'],
        },
      },
    );
    expect(final.verdict).toBe('SAFE');
    expect(final.coverage).toMatchObject({ windows_heard: 1, windows_received: 7, judged: false });
    expect(final.review_required).toBe(true);
    expect(final.review_reason).toBe(
      'This call could not be judged: only 5.0 s of its 35.0 s of audio could be transcribed.',
    );
    expect(final.recommendation).not.toContain('No scam indicators');
    expect(final.recommendation).toContain('Do not treat it as safe');
  });
});
