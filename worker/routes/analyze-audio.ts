import { createRoute, z } from '@hono/zod-openapi';
import { ScamReportSchema } from '#core/schemas/report';
import { INPUT_FORMATS } from '#core/schemas/sidecar-protocol';
import { ApiError, errorResponses } from '../errors';
import { CREDENTIALS, createRouter } from '../openapi';
import { analyzeAudio } from '../services/audio-analysis';
import { callshieldHook } from './callshield-hook';
import { keepReport } from './keep-analysis';

/** CallShield's upload limit. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;
/** Room for the multipart envelope around the file. */
const MULTIPART_SLACK = 64 * 1024;

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

function audioRoute(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path,
    tags: ['Analysis'],
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
      ...errorResponses(400, 401, 403, 413, 415, 422, 503, 504),
    },
  });
}

const guideRoute = audioRoute(
  '/analyze/audio',
  'Score an audio file (CallShield integration-guide path)',
);
const serverRoute = audioRoute(
  '/api/analyze/audio',
  'Score an audio file (CallShield server path)',
);

/** `POST /analyze/audio` and `POST /api/analyze/audio`. */
export const analyzeAudioRoutes = createRouter(callshieldHook);
for (const route of [guideRoute, serverRoute]) {
  analyzeAudioRoutes.openapi(route, async (c) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_AUDIO_BYTES + MULTIPART_SLACK) {
      throw new ApiError(
        'PAYLOAD_TOO_LARGE',
        `audio uploads are limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MB`,
      );
    }
    const file = c.req.valid('form').file;
    if (!(file instanceof File))
      throw new ApiError('INVALID_AUDIO', 'send the audio as the multipart field "file"');
    if (file.size === 0) throw new ApiError('INVALID_AUDIO', 'the uploaded file is empty');
    if (file.size > MAX_AUDIO_BYTES) {
      throw new ApiError(
        'PAYLOAD_TOO_LARGE',
        `audio uploads are limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MB`,
      );
    }
    const query = c.req.valid('query');
    if (query.format && query.format !== 'auto' && !query.sample_rate) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `sample_rate is required for raw ${query.format} audio`,
      );
    }
    const { sidecar, storage, textEngine, config } = c.var.services;
    const report = await analyzeAudio(
      {
        bytes: new Uint8Array(await file.arrayBuffer()),
        contentType: file.type || 'application/octet-stream',
        filename: file.name,
        org: c.var.caller.org,
        format: query.format,
        sampleRate: query.sample_rate,
        channels: query.channels,
      },
      {
        sidecar,
        bucket: storage.bucket,
        presigner: storage.presigner,
        textEngine,
        thresholds: config.thresholds,
      },
    );
    keepReport(c, report, {
      transcript: report.transcript ?? '',
      fileName: file.name || undefined,
    });
    return c.json(report, 200);
  });
}
