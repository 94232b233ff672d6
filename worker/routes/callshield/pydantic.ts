import type { ZodError } from 'zod';
import { ApiError } from '../../errors';
import type { PydanticIssue } from './schemas';

/**
 * FastAPI's request validation errors, as CallShield's server (FastAPI 0.124, pydantic 2.10)
 * answers them with 422 `{"detail": [issue, …]}`. Type names and messages are pydantic's.
 */
export type { PydanticIssue };

/**
 * A 422 on a CallShield path, carrying FastAPI's list. `code` is ours (TOO_LONG for a value
 * over its maximum, INVALID_JSON for a body that is not JSON, else VALIDATION_FAILED).
 */
export class RequestValidationError extends ApiError {
  readonly issues: PydanticIssue[];

  constructor(issues: PydanticIssue[]) {
    const code = issues.some((i) => i.type === 'json_invalid')
      ? 'INVALID_JSON'
      : issues.some((i) => i.type === 'string_too_long')
        ? 'TOO_LONG'
        : 'VALIDATION_FAILED';
    super(code, issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

/**
 * What an issue's `input` shows of what the client sent. pydantic repeats it as it came; we
 * never repeat text (a transcript may hold an account number): each string becomes
 * `"[N characters]"`, so the shape stays and the words don't.
 */
export function redactInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return `[${value.length} characters]`;
  if (depth > 3 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactInput(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 20)
      .map(([k, v]) => [k, redactInput(v, depth + 1)]),
  );
}

/** pydantic's `missing` issue; `input` is the object the field is missing from. */
export function missing(loc: PydanticIssue['loc'], input: unknown): PydanticIssue {
  return { type: 'missing', loc, msg: 'Field required', input: redactInput(input) };
}

/** pydantic's answer to a body that is no object (an array, a number, a plain-text body). */
export function notAnObject(input: unknown): PydanticIssue {
  return {
    type: 'model_attributes_type',
    loc: ['body'],
    msg: 'Input should be a valid dictionary or object to extract fields from',
    input: redactInput(input),
  };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `'a', 'b' or 'c'`, as pydantic lists the values of an enum. */
function expectedList(values: readonly unknown[]): string {
  const quoted = values.map((v) => `'${String(v)}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
    : quoted.join('');
}

/**
 * Our zod schema's issues as pydantic's, for input found at `where` (`body` or `query`). The
 * schemas of CallShield's routes use only strings, numbers, enums and lengths, which map
 * one to one; anything else becomes pydantic's generic `value_error`.
 */
export function pydanticIssues(error: ZodError, input: unknown, where: string): PydanticIssue[] {
  return error.issues.map((issue): PydanticIssue => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const loc = [where, ...path];
    const value = redactInput(valueAt(input, issue.path));
    switch (issue.code) {
      case 'invalid_type':
        if (value === undefined)
          return missing(loc, valueAt(input, issue.path.slice(0, -1)) ?? null);
        if (path.length === 0 && issue.expected === 'object') return notAnObject(value);
        if (issue.expected === 'number' || issue.expected === 'int')
          return {
            type: 'int_parsing',
            loc,
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: value,
          };
        return {
          type: `${issue.expected}_type`,
          loc,
          msg: `Input should be a valid ${issue.expected}`,
          input: value,
        };
      case 'too_big':
        return issue.origin === 'string'
          ? {
              type: 'string_too_long',
              loc,
              msg: `String should have at most ${issue.maximum} characters`,
              input: value,
              ctx: { max_length: Number(issue.maximum) },
            }
          : {
              type: 'less_than_equal',
              loc,
              msg: `Input should be less than or equal to ${issue.maximum}`,
              input: value,
              ctx: { le: Number(issue.maximum) },
            };
      case 'too_small':
        return issue.origin === 'string'
          ? {
              type: 'string_too_short',
              loc,
              msg: `String should have at least ${issue.minimum} characters`,
              input: value,
              ctx: { min_length: Number(issue.minimum) },
            }
          : {
              type: 'greater_than_equal',
              loc,
              msg: `Input should be greater than or equal to ${issue.minimum}`,
              input: value,
              ctx: { ge: Number(issue.minimum) },
            };
      case 'invalid_value':
        return {
          type: 'enum',
          loc,
          msg: `Input should be ${expectedList(issue.values)}`,
          input: value,
          ctx: { expected: expectedList(issue.values) },
        };
      default:
        return { type: 'value_error', loc, msg: `Value error, ${issue.message}`, input: value };
    }
  });
}
