import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '../../errors';

/**
 * The error bodies of CallShield's REST paths (see errors.ts for when each is sent). Our own
 * `code`, `message` and `request_id` ride along at the top level.
 */

const ours = {
  code: z.enum(ERROR_CODES).openapi({ description: "This API's error code." }),
  message: z.string(),
  request_id: z.string(),
};

export const CallShieldErrorSchema = z
  .object({
    detail: z.object({
      error: z.string().openapi({
        example: 'transcript_empty',
        description:
          'CallShield\'s code: transcript_empty, invalid_file_type, file_too_large, missing_api_key, invalid_api_key, model_error; ours lower-cased where CallShield has no such case (e.g. "forbidden", "database_unavailable").',
      }),
      detail: z.string(),
    }),
    ...ours,
  })
  .openapi('CallShieldError');

export const PydanticIssueSchema = z
  .object({
    type: z.string().openapi({ example: 'string_too_long' }),
    loc: z.array(z.union([z.string(), z.number()])).openapi({ example: ['body', 'transcript'] }),
    msg: z.string(),
    input: z.unknown(),
    ctx: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('ValidationIssue');
export type PydanticIssue = z.infer<typeof PydanticIssueSchema>;

export const CallShieldValidationErrorSchema = z
  .object({ detail: z.array(PydanticIssueSchema), ...ours })
  .openapi('CallShieldValidationError');

export const CallShieldRateLimitSchema = z
  .object({
    error: z.literal('rate_limit_exceeded'),
    detail: z.string(),
    ...ours,
  })
  .openapi('CallShieldRateLimitError');

/** FastAPI's own errors (404, 405, an unparsable multipart body): `detail` is text. */
export const FrameworkErrorSchema = z
  .object({ detail: z.string(), ...ours })
  .openapi('CallShieldFrameworkError');

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** OpenAPI entries for the errors a CallShield route can answer. */
export function callshieldErrorResponses(...statuses: number[]) {
  const described: Record<number, ReturnType<typeof json>> = {
    400: json(
      z.union([CallShieldErrorSchema, FrameworkErrorSchema]),
      'transcript_empty, invalid_file_type, file_too_large; or a multipart body that cannot be parsed',
    ),
    401: json(CallShieldErrorSchema, 'missing_api_key: no credentials (auth on)'),
    403: json(
      CallShieldErrorSchema,
      'invalid_api_key (or forbidden: a role or organisation refused)',
    ),
    422: json(CallShieldValidationErrorSchema, 'The request failed validation (pydantic issues).'),
    429: json(CallShieldRateLimitSchema, 'rate_limit_exceeded, with Retry-After'),
    503: json(
      CallShieldErrorSchema,
      'model_error: the media service is busy or down (Retry-After); database_unavailable',
    ),
    504: json(CallShieldErrorSchema, 'model_error: the media service took too long (Retry-After)'),
  };
  return Object.fromEntries(statuses.map((s) => [s, described[s]]));
}
