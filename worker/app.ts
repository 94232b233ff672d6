import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createLogger } from '#core/log';
import { apiErrorFor, DbError } from './db/errors';
import type { AppEnv } from './env';
import { ApiError, type ErrorCode, errorBody } from './errors';
import { authenticate, requireRole } from './middleware/auth';
import { cors } from './middleware/cors';
import { init, type ServicesProvider } from './middleware/init';
import { requestId } from './middleware/request-id';
import { API_TAGS, defaultHook } from './openapi';
import { analyzeAudioRoutes } from './routes/analyze-audio';
import { analyzeText } from './routes/analyze-text';
import { callshieldError, isCallShieldPath } from './routes/callshield/errors';
import { docs } from './routes/docs';
import { health } from './routes/health';
import { root } from './routes/root';
import { storage } from './routes/storage';
import { streams } from './routes/streams';
import { v1 } from './routes/v1';
import { registerWebhookDocs } from './routes/v1/webhook-docs';
import { twilio } from './twilio/routes';
import { API_VERSION } from './version';

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

/** Whatever was thrown, as the ApiError the client is shown (INTERNAL for anything unknown). */
function asApiError(thrown: unknown, c: Context<AppEnv>): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (thrown instanceof HTTPException && thrown.status === 400) {
    const { code, message } = malformedBody(c.req.header('content-type') ?? '');
    return new ApiError(code, message);
  }
  if (thrown instanceof HTTPException && thrown.status < 500) {
    const code = HTTP_EXCEPTION_CODES[thrown.status] ?? 'BAD_REQUEST';
    return new ApiError(code, thrown.message || code);
  }
  return new ApiError('INTERNAL', 'internal error', { cause: thrown });
}

/**
 * The methods some route answers at `path` (middleware excluded): a request for another one
 * is 405 with `Allow`, not 404. GET routes answer HEAD too.
 */
function allowedMethods(routes: readonly { method: string; path: string }[], path: string) {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL') continue;
    const pattern = route.path
      .split('/')
      .map((part) =>
        part === '*'
          ? '.*'
          : part.startsWith(':')
            ? '[^/]+'
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    if (new RegExp(`^${pattern}/?$`).test(path)) methods.add(route.method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
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

  app.route('/', root);
  app.route('/', health);
  app.route('/', analyzeText);
  app.route('/', analyzeAudioRoutes);
  app.route('/', storage);
  app.route('/', docs);
  app.route('/', streams);
  app.route('/', twilio);
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
      version: API_VERSION,
      description:
        'Real-time scam-call detection: transcripts, audio files, live streams, Twilio Media Streams.\n\n' +
        'Authenticate with an organisation API key in `X-API-Key` (as CallShield clients do), or with ' +
        '`Authorization: Bearer` and an API key or a Supabase user token.',
    },
    tags: [...API_TAGS],
  });

  app.notFound((c) => {
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length === 0)
      throw new ApiError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`);
    c.header('Allow', allowed.join(', '));
    throw new ApiError('METHOD_NOT_ALLOWED', `${c.req.path} answers ${allowed.join(', ')}`);
  });

  app.onError((thrown, c) => {
    const id = c.var.requestId ?? crypto.randomUUID();
    const err = asApiError(thrown instanceof DbError ? apiErrorFor(thrown) : thrown, c);
    // Without a logger the configuration itself failed: log through a plain one.
    const logger = c.var.logger ?? createLogger({ bound: { request_id: id } });
    // A 5xx we chose to show (sidecar or database down, slow) still wants a line; the cause
    // stays in it. Anything else thrown is a bug: its text never reaches a client.
    if (err.code === 'INTERNAL' && !(thrown instanceof ApiError))
      logger.error('unhandled_error', { path: c.req.path, error: thrown });
    // A bad configuration was logged once, in full, by init(): not again for every request.
    else if (err.status >= 500 && err.code !== 'CONFIG_INVALID')
      logger.warn('request_failed', { path: c.req.path, code: err.code, cause: err.cause });
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    if (isCallShieldPath(c.req.path)) {
      const { status, body } = callshieldError(err, { headers: c.req.raw.headers, requestId: id });
      return c.json(body, status);
    }
    return c.json(errorBody(err.code, err.message, id), err.status);
  });

  return app;
}
