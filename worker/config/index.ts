import { withoutBlanks } from '#core/config/env';
import { describeProblems, type Problem, parseVariables } from '#core/config/parse';
import { RULES } from './rules';
import {
  type AppConfig,
  buildConfig,
  type ConfigValues,
  SECTIONS,
  type SectionName,
  VARIABLES,
  type VariableName,
} from './schema';
import type { Environment } from './sections/general';

export type { Problem } from '#core/config/parse';
export type { AppConfig, VariableName } from './schema';
export { OPEN_ORG } from './sections/auth';
export type { RateLimit, RateLimitedGroup } from './sections/rate-limits';
export type { SidecarSettings } from './sections/sidecar';
export type { R2S3Config } from './sections/storage';
export type { SupabaseConfig } from './sections/supabase';
export type { TextEngineConfig } from './sections/text-engine';
export type { WebhookConfig } from './sections/webhooks';

/**
 * The configuration, validated once per environment object. A bad value fails loudly and
 * names the variable (never its value), so a misconfigured Worker never serves with silent
 * defaults. The variables are described in sections/ (and, generated from them, in
 * docs/configuration.md); the rules that tie several together in rules.ts.
 */

/** Thrown by {@link loadConfig}: every problem, each naming its variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly Problem[]) {
    super(`invalid configuration: ${describeProblems(problems).join('; ')}`);
  }
}

/** What {@link checkConfig} found. */
export interface ConfigCheck {
  /** The profile the rules were applied for (production when ENVIRONMENT is unset or invalid). */
  environment: Environment;
  problems: Problem[];
  values: Partial<ConfigValues>;
}

/** Options for {@link checkConfig}. */
export interface CheckOptions {
  /**
   * Names known to be set whose values cannot be read (the secrets Cloudflare lists for a
   * deployed Worker): they count as present; their values are checked when the Worker starts.
   */
  setButUnknown?: ReadonlySet<string>;
}

/**
 * Checks an environment against the schema and every rule, without building anything: the
 * deploy preflight's check, and the first half of {@link loadConfig}.
 */
export function checkConfig(env: object, options: CheckOptions = {}): ConfigCheck {
  const raw = withoutBlanks(env as Readonly<Record<string, unknown>>, Object.keys(VARIABLES));
  const declared = VARIABLES.ENVIRONMENT.parse(raw.ENVIRONMENT);
  // An ENVIRONMENT that does not parse gets the strictest profile (and its own problem below).
  const environment = declared.ok ? declared.value : 'production';
  const parsed = parseVariables(VARIABLES, raw, {
    production: environment === 'production',
    setButUnknown: options.setButUnknown,
  });
  const isSet = (name: VariableName) => parsed.isSet(name);
  const problems = [...parsed.problems];
  for (const rule of RULES) problems.push(...rule.check(parsed.values, isSet));
  return { environment, problems: dedupe(problems), values: parsed.values };
}

/** One problem per variable (the first found): a missing variable is missing once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.variable)) return false;
    seen.add(p.variable);
    return true;
  });
}

const cache = new WeakMap<object, AppConfig>();

/** Parses the configuration from the Worker's env, once per env object; throws ConfigError. */
export function loadConfig(env: object): AppConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const { problems, values } = checkConfig(env);
  if (problems.length > 0) throw new ConfigError(problems);
  // Without problems every variable parsed, so the values are complete.
  const config = buildConfig(values as ConfigValues);
  cache.set(env, config);
  return config;
}

/** What one section builds. */
export type SectionConfig<N extends SectionName> = ReturnType<(typeof SECTIONS)[N]['build']>;

/**
 * One section's part of the configuration, for command-line tools that need only it (`npm run
 * eval` reads the text engine's from its environment). Other sections' requirements and the
 * production rules do not apply. Throws ConfigError.
 */
export function loadSection<N extends SectionName>(name: N, env: object): SectionConfig<N> {
  const { variables, build } = SECTIONS[name] as unknown as {
    variables: typeof VARIABLES;
    build: (values: ConfigValues) => SectionConfig<N>;
  };
  const raw = withoutBlanks(env as Readonly<Record<string, unknown>>, Object.keys(variables));
  const { values, problems } = parseVariables(variables, raw, { production: false });
  if (problems.length > 0) throw new ConfigError(problems);
  return build(values);
}
