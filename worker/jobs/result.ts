import { z } from 'zod';
import type { ScamReport, Verdict } from '#core/schemas/report';
import type { Segment } from '#core/schemas/sidecar-protocol';
import type { TranscriptSegment } from '../db/call-analyses';

/**
 * The result of an uploaded call: our report, with AuthentiVoice's fields beside it.
 *
 * AuthentiVoice's source is not available to this project, so its shape rests on the field
 * names its users know: `transcription`, `fraud_score`, and `analysis` with `fraud_indicators`,
 * `risk_level`, `summary` and `recommendations`. The types are our choice: the score is 0–1
 * like ours, the indicators and recommendations are lists of sentences, and the risk level
 * follows the verdict.
 */

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

const RISK_BY_VERDICT: Record<Verdict, (typeof RISK_LEVELS)[number]> = {
  SAFE: 'low',
  SUSPICIOUS: 'medium',
  LIKELY_SCAM: 'high',
  SCAM: 'critical',
};

export const AuthentiVoiceFieldsSchema = z
  .object({
    transcription: z.string().meta({ description: 'The transcript (the same as `transcript`).' }),
    fraud_score: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: 'The combined score, 0–1 (the same as `combined_score`).' }),
    analysis: z.object({
      fraud_indicators: z
        .array(z.string())
        .meta({ description: 'What raised the score: one sentence per scam signal.' }),
      risk_level: z.enum(RISK_LEVELS).meta({
        description:
          'From the verdict: SAFE low, SUSPICIOUS medium, LIKELY_SCAM high, SCAM critical.',
      }),
      summary: z.string(),
      recommendations: z.array(z.string()),
    }),
  })
  .meta({ id: 'AuthentiVoiceFields' });
export type AuthentiVoiceFields = z.infer<typeof AuthentiVoiceFieldsSchema>;

/** The report with AuthentiVoice's fields added (ours are all kept). */
export function withAuthentiVoiceFields(report: ScamReport): ScamReport & AuthentiVoiceFields {
  const analyses = [report.text_analysis, report.audio_analysis].filter((a) => a !== null);
  const primary = analyses[0];
  return {
    ...report,
    transcription: report.transcript ?? '',
    fraud_score: report.combined_score,
    analysis: {
      fraud_indicators: analyses.flatMap((a) =>
        a.signals.filter((s) => !s.counter).map((s) => s.detail),
      ),
      risk_level: RISK_BY_VERDICT[report.verdict],
      summary:
        primary?.transcript_summary ??
        `${report.verdict} (score ${report.combined_score.toFixed(2)})`,
      recommendations: primary ? [primary.recommendation] : [],
    },
  };
}

/**
 * The sidecar's segments as stored: seconds from the start of the original recording (the
 * transcribed audio began `offsetMs` into it, where trimming cut the leading silence).
 */
export function toTranscriptSegments(segments: Segment[], offsetMs: number): TranscriptSegment[] {
  const seconds = (ms: number) => Math.round(ms + offsetMs) / 1000;
  return segments.map((s) => ({
    start: seconds(s.start_ms),
    end: seconds(s.end_ms),
    text: s.text,
    confidence: s.confidence ?? null,
  }));
}
