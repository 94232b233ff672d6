import { createRoute, z } from '@hono/zod-openapi';
import { ScamReportSchema } from '#core/schemas/report';
import { errorResponses } from '../errors';
import { CREDENTIALS, createRouter } from '../openapi';
import { buildReport } from '../services/report';
import { callshieldHook } from './callshield-hook';
import { keepReport } from './keep-analysis';

/** CallShield's limit on a transcript, in characters. */
export const MAX_TRANSCRIPT_CHARS = 10_000;

const TranscriptRequestSchema = z
  .object({
    transcript: z
      .string()
      .max(MAX_TRANSCRIPT_CHARS, `transcript is longer than ${MAX_TRANSCRIPT_CHARS} characters`)
      .regex(/\S/, 'transcript must not be empty')
      .openapi({
        example:
          'This is the IRS. You owe back taxes and a warrant will be issued for your arrest unless you pay today with Google Play gift cards.',
      }),
  })
  .openapi('TranscriptRequest');

function textRoute(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path,
    tags: ['Analysis'],
    summary,
    description: `Scores a call transcript (at most ${MAX_TRANSCRIPT_CHARS} characters) with the local engine, and with Gemini when it is configured (see the cascade rules in the README). Needs the analyst role; the report is stored as an analysis of the caller's organisation in the background (\`GET /api/v1/analyses/{id}\`).`,
    security: CREDENTIALS,
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: TranscriptRequestSchema } },
      },
    },
    responses: {
      200: {
        description: 'The scam report.',
        content: { 'application/json': { schema: ScamReportSchema } },
      },
      ...errorResponses(400, 401, 403, 415, 422, 503),
    },
  });
}

const guideRoute = textRoute(
  '/analyze/text',
  'Score a transcript (CallShield integration-guide path)',
);
const serverRoute = textRoute(
  '/api/analyze/transcript',
  'Score a transcript (CallShield server path)',
);

/** `POST /analyze/text` and `POST /api/analyze/transcript`: the same handler on both paths. */
export const analyzeText = createRouter(callshieldHook);
for (const route of [guideRoute, serverRoute]) {
  analyzeText.openapi(route, async (c) => {
    const startedAt = performance.now();
    const { transcript } = c.req.valid('json');
    const { textEngine, config } = c.var.services;
    const result = await textEngine.analyze(transcript, { final: true });
    const report = buildReport({
      mode: 'text',
      text: result.analysis,
      audio: null,
      engines: result.engines,
      thresholds: config.thresholds,
      startedAt,
      fallbackReason: result.fallback_reason,
    });
    keepReport(c, report, { transcript });
    return c.json(report, 200);
  });
}
