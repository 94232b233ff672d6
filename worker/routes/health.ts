import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../openapi';
import type { Services } from '../services';
import { API_VERSION } from '../version';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    service: z.literal('callshield-edge'),
    version: z.string(),
    environment: z.string(),
    time: z.string(),
    model: z.string().openapi({
      description:
        "The engines in use, CallShield's field: the scoring engines, then the speech recogniser the media sidecar would use now (left out while it can't be reached).",
      example: 'local + pocketsphinx',
    }),
    engines: z.object({
      scoring: z.array(z.string()).openapi({ example: ['local', 'gemini:gemini-2.5-flash'] }),
      speech: z.string().nullable().openapi({
        description: 'name[:model] of the recogniser; null while the sidecar is unreachable',
        example: 'whisper:onnx-community/whisper-tiny.en',
      }),
    }),
    demo_mode: z.literal(false).openapi({
      description:
        'CallShield answered canned results without a model key ("demo mode"); this server never does.',
    }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['System'],
  operationId: 'getHealth',
  summary: 'Liveness of the edge API, and the engines it uses',
  responses: {
    200: {
      description: 'The API is up (whatever state the media sidecar is in).',
      content: { 'application/json': { schema: HealthSchema } },
    },
  },
});

/** How long the speech engine the sidecar reported is trusted, so health checks stay cheap. */
const SPEECH_ENGINE_TTL_MS = 30_000;
/** A health check never waits longer than this on the sidecar. */
const SIDECAR_HEALTH_TIMEOUT_MS = 1_500;

const speechEngines = new WeakMap<Services, { name: string | null; at: number }>();

/** The recogniser the sidecar would use now (`name[:model]`), or null when it can't say. */
async function speechEngine(services: Services): Promise<string | null> {
  const cached = speechEngines.get(services);
  if (cached && services.now() - cached.at < SPEECH_ENGINE_TTL_MS) return cached.name;
  let name: string | null = null;
  try {
    const health = await services.sidecar.health({ timeoutMs: SIDECAR_HEALTH_TIMEOUT_MS });
    // A model may explain itself in parentheses (why a fallback is used, where it lies on the
    // sidecar's disk): that stays there.
    const model = health.engine?.model?.replace(/\s*\(.*\)\s*$/, '');
    if (health.engine) name = model ? `${health.engine.name}:${model}` : health.engine.name;
  } catch {
    // Unreachable or starting: the field says so (null), liveness of the API is unaffected.
  }
  speechEngines.set(services, { name, at: services.now() });
  return name;
}

function scoringEngines(services: Services): string[] {
  const gemini = services.config.textEngine.gemini;
  return gemini ? ['local', `gemini:${gemini.model}`] : ['local'];
}

/** `GET /api/health`: CallShield's fields (`status`, `model`, `version`, `demo_mode`) and ours. */
export const health = createRouter().openapi(route, async (c) => {
  const { services } = c.var;
  const scoring = scoringEngines(services);
  const speech = await speechEngine(services);
  return c.json(
    {
      status: 'ok' as const,
      service: 'callshield-edge' as const,
      version: API_VERSION,
      environment: c.var.config.environment,
      time: new Date().toISOString(),
      model: [...scoring, ...(speech ? [speech] : [])].join(' + '),
      engines: { scoring, speech },
      demo_mode: false as const,
    },
    200,
  );
});
