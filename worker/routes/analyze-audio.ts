import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { MAX_MULTIPART_BYTES, MIB, MULTIPART_SLACK_BYTES } from '#core/limits';
import { ScamReportSchema } from '#core/schemas/report';
import { INPUT_FORMATS } from '#core/schemas/sidecar-protocol';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { rateLimit } from '../middleware/rate-limit';
import { CREDENTIALS } from '../openapi';
import { analyzeAudio } from '../services/audio-analysis';
import { matchLabelledCampaign } from '../services/campaign-match';
import { readQuery, readUploadedFile } from './callshield/body';
import { RequestValidationError, redactInput } from './callshield/pydantic';
import { callshieldErrorResponses } from './callshield/schemas';
import { keepReport } from './keep-analysis';

const UploadSchema = z
  .object({
    file: z
      .any()
      .openapi({ type: 'string', format: 'binary', description: 'The audio file (≤ 25 MB).' }),
  })
  .openapi('AudioUpload');

const QuerySchema = z.object({
  format: z
    .enum(INPUT_FORMATS)
    .optional()
    .openapi({ description: 'For headerless audio: mulaw, alaw or s16le.' }),
  sample_rate: z.coerce.number().int().min(4_000).max(192_000).optional(),
  channels: z.coerce.number().int().min(1).max(8).optional(),
});

function audioRoute(path: string, operationId: string, summary: string) {
  return createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Scoring'],
    summary,
    description:
      'Any format ffmpeg decodes (WAV, MP3, OGG/Opus, WebM, FLAC, M4A), or raw µ-law/A-law/PCM with `format` and ' +
      '`sample_rate`. The audio is trimmed, transcribed (the report names the engine), measured and scored; the ' +
      "original and trimmed audio are stored in R2, and the report as an analysis of the caller's organisation. " +
      'Needs the analyst role.',
    security: CREDENTIALS,
    request: {
      query: QuerySchema,
      body: { required: true, content: { 'multipart/form-data': { schema: UploadSchema } } },
    },
    responses: {
      200: {
        description: 'The scam report.',
        content: { 'application/json': { schema: ScamReportSchema } },
      },
      ...callshieldErrorResponses(400, 401, 403, 422, 429, 503, 504),
    },
  });
}

const ROUTES = [
  audioRoute(
    '/analyze/audio',
    'analyzeAudio',
    'Score an audio file (CallShield integration-guide path)',
  ),
  audioRoute(
    '/api/analyze/audio',
    'analyzeAudioFile',
    'Score an audio file (CallShield server path)',
  ),
];

const tooLarge = () =>
  new ApiError('PAYLOAD_TOO_LARGE', `File exceeds ${MAX_MULTIPART_BYTES / MIB}MB limit.`);

/**
 * `POST /analyze/audio` and `POST /api/analyze/audio`. The form is read as CallShield's
 * FastAPI server reads it (callshield/body.ts), so the route is registered for the document
 * and handled without the OpenAPI validator.
 */
export const analyzeAudioRoutes = new OpenAPIHono<AppEnv>();
for (const route of ROUTES) {
  analyzeAudioRoutes.openAPIRegistry.registerPath(route);
  analyzeAudioRoutes.post(route.path, rateLimit('audio'), async (c) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_MULTIPART_BYTES + MULTIPART_SLACK_BYTES) throw tooLarge();
    const query = readQuery(c, QuerySchema);
    const file = await readUploadedFile(c, 'file');
    if (file.size === 0) throw new ApiError('INVALID_AUDIO', 'The uploaded file is empty.');
    if (file.size > MAX_MULTIPART_BYTES) throw tooLarge();
    if (query.format && query.format !== 'auto' && !query.sample_rate) {
      throw new RequestValidationError([
        {
          type: 'missing',
          loc: ['query', 'sample_rate'],
          msg: `Field required (for raw ${query.format} audio)`,
          input: redactInput(c.req.query()),
        },
      ]);
    }
    const { services } = c.var;
    const { sidecar, storage, textEngine, config } = services;
    const org = c.var.caller.org;
    const report = await analyzeAudio(
      {
        bytes: new Uint8Array(await file.arrayBuffer()),
        contentType: file.type || 'application/octet-stream',
        filename: file.name,
        org,
        format: query.format,
        sampleRate: query.sample_rate,
        channels: query.channels,
        receivedAt: c.var.receivedAt,
      },
      {
        sidecar,
        bucket: storage.bucket,
        presigner: storage.presigner,
        textEngine,
        thresholds: config.thresholds,
        matchCampaign: (transcript) => matchLabelledCampaign(services, org, transcript),
      },
    );
    keepReport(c, report, {
      transcript: report.transcript ?? '',
      fileName: file.name || undefined,
    });
    return c.json(report, 200);
  });
}
