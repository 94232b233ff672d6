import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { apiErrorFor, DbError } from './db/errors';
import type { AppEnv } from './env';
import { ApiError, type ErrorCode, errorBody } from './errors';
import { authenticate, requireRole } from './middleware/auth';
import { cors } from './middleware/cors';
import { init, type ServicesProvider } from './middleware/init';
import { requestId } from './middleware/request-id';
import { defaultHook } from './openapi';
import { analyzeAudioRoutes } from './routes/analyze-audio';
import { analyzeText } from './routes/analyze-text';
import { docs } from './routes/docs';
import { health } from './routes/health';
import { storage } from './routes/storage';
import { streams } from './routes/streams';
import { v1 } from './routes/v1';
import { registerWebhookDocs } from './routes/v1/webhook-docs';
import { createLogger } from './services/logger';

/** Maps Hono's own HTTPExceptions (malformed bodies, 415 gate, body limit) onto our codes. */
const HTTP_EXCEPTION_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * A 400 from Hono means its body parser failed; the request's content type says which one.
 * Its own message carries parser internals, so the client gets ours.
 */
function malformedBody(contentType: string): { code: ErrorCode; message: string } {
  if (/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(contentType))
    return { code: 'INVALID_MULTIPART', message: 'the form body could not be parsed' };
  if (/json/i.test(contentType))
    return { code: 'INVALID_JSON', message: 'the body is not valid JSON' };
  return { code: 'BAD_REQUEST', message: 'the request body could not be read' };
}

/**
 * Builds the Worker's Hono app: middleware, every route, the OpenAPI document, one error path.
 * Tests may pass their own services (a fake clock for the caches).
 */
export function createApp(options: { services?: ServicesProvider } = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook });

  app.use('*', requestId());
  app.use('*', init(options.services));
  app.use('*', cors());
  // Routes that act for an organisation. /ws/stream authenticates itself (tickets or the same
  // credentials), and /api/storage/object URLs carry their own signature. Analyses need the
  // analyst role (each becomes a stored row); the stream routes and /api/v1 check roles per route.
  for (const path of ['/analyze/*', '/api/analyze/*'])
    app.use(path, authenticate(), requireRole('analyst'));
  for (const path of ['/api/streams/*', '/api/v1/*']) app.use(path, authenticate());

  app.route('/', health);
  app.route('/', analyzeText);
  app.route('/', analyzeAudioRoutes);
  app.route('/', storage);
  app.route('/', docs);
  app.route('/', streams);
  app.route('/', v1);
  registerWebhookDocs(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Supabase user access token (JWT), or an organisation API key (`csk_…`).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'An organisation API key (`csk_…`), as CallShield clients send it.',
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CallShield Edge',
      version: '0.1.0',
      description:
        'Real-time scam-call detection: transcripts, audio files, live streams, Twilio Media Streams.',
    },
  });

  app.notFound((c) =>
    c.json(
      errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, c.var.requestId),
      404,
    ),
  );

  app.onError((thrown, c) => {
    const id = c.var.requestId ?? crypto.randomUUID();
    const err = thrown instanceof DbError ? apiErrorFor(thrown) : thrown;
    // Without a logger the configuration itself failed: log through a plain one.
    const logger = c.var.logger ?? createLogger({ bound: { request_id: id } });
    if (err instanceof ApiError) {
      // A 5xx we chose to show (sidecar or database down, slow, a bug behind INTERNAL) still
      // wants a line; the cause stays in it.
      if (err.status >= 500)
        logger.warn('request_failed', { path: c.req.path, code: err.code, cause: err.cause });
      if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
      return c.json(errorBody(err.code, err.message, id), err.status);
    }
    if (err instanceof HTTPException && err.status === 400) {
      const { code, message } = malformedBody(c.req.header('content-type') ?? '');
      return c.json(errorBody(code, message, id), 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code = HTTP_EXCEPTION_CODES[err.status] ?? 'BAD_REQUEST';
      return c.json(errorBody(code, err.message || code, id), err.status);
    }
    // Internal text never reaches a client; the log carries the request id to find it.
    logger.error('unhandled_error', { path: c.req.path, error: err });
    return c.json(errorBody('INTERNAL', 'internal error', id), 500);
  });

  return app;
}
