import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import {
  missing,
  notAnObject,
  type PydanticIssue,
  pydanticIssues,
  RequestValidationError,
  redactInput,
} from './pydantic';

/**
 * Request bodies of CallShield's routes, read the way its FastAPI server reads them, so its
 * clients get the same statuses: every failure is a 422 list (RequestValidationError), except
 * a multipart body that cannot be parsed (400, as FastAPI answers it).
 */

/** `application/json` or `application/<anything>+json`, the bodies FastAPI parses as JSON. */
const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json$/i;

/** Where a JSON parse error stopped, from the parser's message (FastAPI reports the position). */
function errorPosition(message: string, length: number): number {
  const at = /position (\d+)/.exec(message)?.[1];
  return at === undefined ? length : Number(at);
}

/**
 * A JSON body validated by `schema`. No body or `null` is `missing`; a content type other than
 * JSON is read as text (and so is no object); a body without a content type is parsed as JSON.
 */
export async function readJsonBody<T extends z.ZodType>(
  c: Context<AppEnv>,
  schema: T,
): Promise<z.output<T>> {
  const text = await c.req.text();
  if (text.length === 0) throw new RequestValidationError([missing(['body'], null)]);
  const contentType = c.req.header('content-type');
  const media = contentType?.split(';')[0]?.trim() ?? '';
  let body: unknown = text;
  if (!contentType || JSON_MEDIA.test(media)) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'invalid JSON';
      throw new RequestValidationError([
        {
          type: 'json_invalid',
          loc: ['body', errorPosition(message, text.length)],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: message },
        },
      ]);
    }
  }
  if (body === null) throw new RequestValidationError([missing(['body'], null)]);
  if (typeof body !== 'object' || Array.isArray(body))
    throw new RequestValidationError([notAnObject(body)]);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RequestValidationError(pydanticIssues(parsed.error, body, 'body'));
  return parsed.data;
}

/** Query parameters validated by `schema`, failures as pydantic's `query` issues. */
export function readQuery<T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.output<T> {
  const query = c.req.query();
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new RequestValidationError(pydanticIssues(parsed.error, query, 'query'));
  return parsed.data;
}

/**
 * The uploaded file of a multipart (or urlencoded) form. Any other body is an empty form, as
 * Starlette reads it, so the file is `missing`; a form field that is text is pydantic's
 * `value_error` for an UploadFile.
 */
export async function readUploadedFile(c: Context<AppEnv>, field: string): Promise<File> {
  const media = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const isForm = media === 'multipart/form-data' || media === 'application/x-www-form-urlencoded';
  let value: File | string | null = null;
  if (isForm) {
    try {
      value = (await c.req.formData()).get(field);
    } catch (error) {
      throw new ApiError('INVALID_MULTIPART', 'There was an error parsing the body', {
        cause: error,
      });
    }
  }
  if (value === null) throw new RequestValidationError([missing(['body', field], null)]);
  if (typeof value === 'string') {
    const issue: PydanticIssue = {
      type: 'value_error',
      loc: ['body', field],
      msg: "Value error, Expected UploadFile, received: <class 'str'>",
      input: redactInput(value),
      ctx: { error: {} },
    };
    throw new RequestValidationError([issue]);
  }
  return value;
}
