import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

const GreetingSchema = z
  .object({ status: z.literal('ok'), message: z.literal('CallShield API') })
  .openapi('Greeting');

const route = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getRoot',
  tags: ['System'],
  summary: 'The console for browsers, a greeting for API clients',
  description:
    "A request that accepts text/html (a browser) gets the console; any other gets the JSON CallShield's server answers here (its smoke test checks it).",
  responses: {
    200: {
      description: 'The greeting (JSON), or the console (HTML).',
      content: {
        'application/json': { schema: GreetingSchema },
        'text/html': { schema: z.string() },
      },
    },
  },
});

/** Whether the client would rather have a page: browsers put text/html in Accept. */
function wantsHtml(accept: string | undefined): boolean {
  return /\btext\/html\b/i.test(accept ?? '');
}

/** `GET /`: the console (a static asset) to browsers, CallShield's JSON to everyone else. */
export const root = new OpenAPIHono<AppEnv>();
root.openAPIRegistry.registerPath(route);
root.get('/', async (c) => {
  c.header('Vary', 'Accept');
  if (!wantsHtml(c.req.header('accept')))
    return c.json({ status: 'ok', message: 'CallShield API' } satisfies z.infer<
      typeof GreetingSchema
    >);
  const page = await c.env.ASSETS.fetch(c.req.raw);
  const res = new Response(page.body, page);
  res.headers.append('Vary', 'Accept');
  return res;
});
