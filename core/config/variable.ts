import { z } from 'zod';

/**
 * One environment variable, described once: how its value is parsed, its default, whether it
 * is a secret, which profile requires it and what production demands of it. The Worker's
 * configuration (worker/config/), the sidecar's own (sidecar/src/config.ts), the deploy
 * preflight and the generated reference (docs/configuration.md) all read these descriptions.
 */

/** Which profile refuses to start without the variable: every one, or production only. */
export type Requirement = 'always' | 'production';

/** What production demands of a value beyond its parse (e.g. https only). */
export interface ProductionRule<T> {
  /** The rule in words, for the reference and for the message when it is broken. */
  rule: string;
  // Method syntax on purpose: a Variable<string> must still count as a Variable<unknown>.
  check(value: T): boolean;
}

/** How a variable is parsed and documented. */
export interface VariableSpec<T> {
  /** What it does, for the configuration reference (Markdown, one paragraph). */
  doc: string;
  /** Parses the trimmed, non-blank string. Its messages never contain the value. */
  schema: z.ZodType<T>;
  /** The value when unset, written as an operator would write it; parsed like a set value. */
  default?: string;
  /** How the reference shows a default that is not a literal (e.g. "the image's model"). */
  defaultDoc?: string;
  /** Set with `wrangler secret put` (or a secrets file), never in `wrangler.toml`. */
  secret?: boolean;
  required?: Requirement;
  production?: ProductionRule<NonNullable<T>>;
}

/** The result of parsing one value. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A described variable; `T` is its parsed value (with `undefined` when it may be unset). */
export interface Variable<T> {
  readonly spec: VariableSpec<NonNullable<T>>;
  /** Parses a trimmed, non-blank value, or the default when `raw` is undefined. */
  parse(raw: string | undefined): Parsed<T>;
}

/** Describes a variable. With a default, or required everywhere, its value is never undefined. */
export function variable<T>(spec: VariableSpec<T> & { default: string }): Variable<T>;
export function variable<T>(spec: VariableSpec<T> & { required: 'always' }): Variable<T>;
export function variable<T>(spec: VariableSpec<T>): Variable<T | undefined>;
export function variable<T>(spec: VariableSpec<T>): Variable<T | undefined> {
  return {
    spec: spec as VariableSpec<NonNullable<T>>,
    parse(raw) {
      const input = raw ?? spec.default;
      // Unset and without a default: the "required" rules decide whether that is allowed.
      if (input === undefined) return { ok: true, value: undefined };
      const parsed = spec.schema.safeParse(input);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid value' };
    },
  };
}

/** A whole number from `min` to `max`. */
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A secret of at least `min` characters. */
export const secretString = (min: number) =>
  z.string().min(min, `must be at least ${min} characters`);

/** `true` or `false`. */
export const bool = z
  .enum(['true', 'false'], 'expected true or false')
  .transform((value) => value === 'true');

/** An http(s) URL, without a trailing slash. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .transform((raw) => raw.replace(/\/+$/, ''));

/** Production's rule for URLs: https only (secrets and audio travel over them). */
export const HTTPS_ONLY: ProductionRule<string> = {
  rule: 'must be https',
  check: (value: string) => value.startsWith('https://'),
};
