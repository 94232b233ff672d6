import { describe, expect, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { FRIENDLY_CALL, IRS_GIFT_CARD_SCRIPT, postJson, TEXT_PATHS } from './client';

describe.each(TEXT_PATHS)('POST %s (happy path)', (path) => {
  it('scores the CallShield IRS gift-card script as SCAM with evidence', async () => {
    const res = await postJson(path, { transcript: IRS_GIFT_CARD_SCRIPT });
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(report.mode).toBe('text');
    expect(report.verdict).toBe('SCAM');
    expect(report.combined_score).toBeGreaterThanOrEqual(0.85);
    expect(report.audio_analysis).toBeNull();
    expect(report.text_analysis?.verdict).toBe('SCAM');
    expect(report.engines).toEqual(['local']);
    const analysis = report.text_analysis;
    if (!analysis) throw new Error('text_analysis missing');
    const categories = analysis.signals.map((s) => s.category);
    expect(categories).toEqual(
      expect.arrayContaining(['AUTHORITY_IMPERSONATION', 'PAYMENT_DEMAND', 'THREAT']),
    );
    for (const signal of analysis.signals) {
      if (!signal.evidence) continue;
      expect(IRS_GIFT_CARD_SCRIPT.slice(signal.evidence.start, signal.evidence.end)).toBe(
        signal.evidence.text,
      );
    }
    expect(analysis.recommendation.length).toBeGreaterThan(10);
    expect(report.id).toMatch(/^analysis_[0-9a-f-]{36}$/);
    expect(report.analyzed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(report.processing_time_ms).toBeGreaterThanOrEqual(0);
  });

  it('scores a friendly personal call as SAFE and does not flag it for review', async () => {
    const res = await postJson(path, { transcript: FRIENDLY_CALL });
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(report.verdict).toBe('SAFE');
    expect(report.combined_score).toBeLessThan(0.3);
    expect(report.review_required).toBe(false);
    expect(report.review_reason).toBeNull();
  });

  it('keeps every CallShield ScamReport field', async () => {
    const res = await postJson(path, { transcript: FRIENDLY_CALL });
    const report = (await res.json()) as Record<string, unknown>;
    for (const field of [
      'id',
      'mode',
      'combined_score',
      'audio_analysis',
      'text_analysis',
      'processing_time_ms',
      'review_required',
      'review_reason',
      'analyzed_at',
    ]) {
      expect(report).toHaveProperty(field);
    }
  });

  it('accepts a transcript of exactly 10,000 characters', async () => {
    const transcript = 'hello there '.repeat(834).slice(0, 10_000);
    const res = await postJson(path, { transcript });
    expect(res.status).toBe(200);
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await postJson(
      path,
      { transcript: FRIENDLY_CALL },
      { 'X-Request-Id': 'trace-123' },
    );
    expect(res.headers.get('X-Request-Id')).toBe('trace-123');
  });
});
