import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adjustForCampaign } from '#core/campaigns/adjust';
import { ScamReportSchema } from '#core/schemas/report';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { rateLimit } from '../middleware/rate-limit';
import { CREDENTIALS } from '../openapi';
import { matchLabelledCampaign } from '../services/campaign-match';
import { buildReport } from '../services/report';
import { readJsonBody } from './callshield/body';
import { callshieldErrorResponses } from './callshield/schemas';
import { keepReport } from './keep-analysis';

/** CallShield's limit on a transcript, in characters (counted before blanks are stripped). */
export const MAX_TRANSCRIPT_CHARS = 10_000;

const TranscriptRequestSchema = z
  .object({
    transcript: z
      .string()
      .max(MAX_TRANSCRIPT_CHARS)
      .openapi({
        description: `At most ${MAX_TRANSCRIPT_CHARS} characters (422 above); blank → 400 transcript_empty.`,
        example:
          'This is the IRS. You owe back taxes and a warrant will be issued for your arrest unless you pay today with Google Play gift cards.',
      }),
  })
  .openapi('TranscriptRequest');

function textRoute(path: string, operationId: string, summary: string) {
  return createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Scoring'],
    summary,
    description: `Scores a call transcript (at most ${MAX_TRANSCRIPT_CHARS} characters) with the local engine, and with Gemini when it is configured (see the cascade rules in docs/scoring.md). Needs the analyst role; rate-limited per key (RATE_LIMIT_TEXT). The report is stored as an analysis of the caller's organisation in the background (\`GET /api/v1/analyses/{id}\`). Errors take CallShield's shapes (docs/callshield-compatibility.md).`,
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
      ...callshieldErrorResponses(400, 401, 403, 422, 429, 503),
    },
  });
}

const ROUTES = [
  textRoute(
    '/analyze/text',
    'analyzeText',
    'Score a transcript (CallShield integration-guide path)',
  ),
  textRoute(
    '/api/analyze/transcript',
    'analyzeTranscript',
    'Score a transcript (CallShield server path)',
  ),
];

/**
 * `POST /analyze/text` and `POST /api/analyze/transcript`: the same handler on both paths.
 * The body is read as CallShield's FastAPI server reads it (callshield/body.ts), so the route
 * is registered for the document and handled without the OpenAPI validator.
 */
export const analyzeText = new OpenAPIHono<AppEnv>();
for (const route of ROUTES) {
  analyzeText.openAPIRegistry.registerPath(route);
  analyzeText.post(route.path, rateLimit('text'), async (c) => {
    const { transcript } = await readJsonBody(c, TranscriptRequestSchema);
    if (transcript.trim() === '')
      throw new ApiError('EMPTY_TRANSCRIPT', 'Transcript cannot be empty.');
    const { services } = c.var;
    const { textEngine, config } = services;
    const result = await textEngine.analyze(transcript, { final: true });
    // The organisation's reviewer-labelled campaigns (docs/campaigns.md); null for the open
    // caller without a database organisation, and on any failure or timeout.
    const match = await matchLabelledCampaign(services, c.var.caller.org, transcript);
    const report = buildReport({
      mode: 'text',
      text: adjustForCampaign(result.analysis, match, config.thresholds),
      engines: result.engines,
      thresholds: config.thresholds,
      // From the request's arrival: what the caller waited for, checks and body included.
      startedAt: c.var.receivedAt,
      fallbackReason: result.fallback_reason,
      campaignId: match?.campaign,
    });
    keepReport(c, report, { transcript });
    return c.json(report, 200);
  });
}
