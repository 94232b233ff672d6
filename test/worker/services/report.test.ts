import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acousticAnalysis } from '#core/acoustic';
import type { AcousticFeatures } from '#core/schemas/sidecar-protocol';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { createTextEngine, type TextEngineResult } from '../../../worker/engines/cascade';
import { buildReport } from '../../../worker/services/report';
import { type FakeGeminiServer, startGeminiServer } from '../../fixtures/gemini-server';

/**
 * What an audio report shows as `text_analysis`: a second engine's own scoring of the
 * transcript (Gemini, through the real client against a loopback server speaking its REST
 * protocol), or null, as CallShield sends it when its second model did not run.
 */

const TRANSCRIPT =
  'This is the Internal Revenue Service. Pay the balance today with gift cards or a warrant will be issued.';

let gemini: FakeGeminiServer;
beforeEach(async () => {
  gemini = await startGeminiServer();
});
afterEach(async () => {
  await gemini.close();
});

function audioReport(
  text: TextEngineResult,
  acoustic = null as ReturnType<typeof acousticAnalysis>,
) {
  return buildReport({
    mode: 'audio',
    text: text.analysis,
    acoustic,
    secondOpinion: text.second_opinion,
    engines: text.engines,
    thresholds: DEFAULT_THRESHOLDS,
    startedAt: performance.now(),
    transcript: TRANSCRIPT,
  });
}

describe("an audio report's text_analysis", () => {
  it('is null when only the local engine scored the transcript', async () => {
    const text = await createTextEngine().analyze(TRANSCRIPT, { final: true });
    const report = audioReport(text);
    expect(report.text_analysis).toBeNull();
    expect(report.audio_analysis?.scam_score).toBe(text.analysis.scam_score);
    expect(report.combined_score).toBe(report.audio_analysis?.scam_score);
  });

  it("is Gemini's own scoring when Gemini scored it, beside the blended audio verdict", async () => {
    gemini.enqueue({
      kind: 'answer',
      answer: {
        score: 0.97,
        confidence: 0.9,
        signals: [],
        recommendation: 'gemini advice',
        summary: 'gemini summary',
      },
    });
    const engine = createTextEngine({
      gemini: { apiKey: 'report-test-key', baseUrl: gemini.baseUrl, retryBackoffMs: 10 },
    });
    const text = await engine.analyze(TRANSCRIPT, { final: true });
    const report = audioReport(text);
    expect(gemini.requests).toHaveLength(1);
    expect(report.text_analysis).toMatchObject({
      scam_score: 0.97,
      engine: 'gemini',
      recommendation: 'gemini advice',
    });
    // The audio verdict is the blend of both engines, not a copy of either.
    expect(report.audio_analysis?.scam_score).toBe(text.analysis.scam_score);
    expect(report.engines).toEqual(['local', 'gemini']);
  });

  it('puts the acoustic cues on the audio verdict only', async () => {
    const text = await createTextEngine().analyze(TRANSCRIPT, { final: true });
    const features = {
      duration_ms: 10_000,
      noise_floor_dbfs: -90,
      speech_ratio: 0.95,
      dtmf: [{ digit: '1', start_ms: 1_000, end_ms: 1_100 }],
    } as unknown as AcousticFeatures;
    const acoustic = acousticAnalysis(features, DEFAULT_THRESHOLDS);
    const report = audioReport(text, acoustic);
    expect(report.text_analysis).toBeNull();
    expect(report.audio_analysis?.signals.map((s) => s.category)).toEqual(
      expect.arrayContaining(['DTMF_TONES', 'PRERECORDED_AUDIO']),
    );
    expect(report.audio_analysis?.scam_score).toBeGreaterThanOrEqual(text.analysis.scam_score);
  });

  it("keeps a transcript's own analysis as text_analysis in a text report", async () => {
    const text = await createTextEngine().analyze(TRANSCRIPT, { final: true });
    const report = buildReport({
      mode: 'text',
      text: text.analysis,
      engines: text.engines,
      thresholds: DEFAULT_THRESHOLDS,
      startedAt: performance.now(),
    });
    expect(report.audio_analysis).toBeNull();
    expect(report.text_analysis?.scam_score).toBe(text.analysis.scam_score);
  });
});
