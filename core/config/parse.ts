import type { Variable } from './variable';

/** A set of described variables, by the name the environment spells them. */
export type Variables = Readonly<Record<string, Variable<unknown>>>;

/** The parsed value of each variable in `V`. */
export type ValuesOf<V extends Variables> = {
  [K in keyof V]: V[K] extends Variable<infer T> ? T : never;
};

/** One thing wrong with a configuration, naming the variable (never its value). */
export interface Problem {
  variable: string;
  message: string;
}

/** How to parse: which profile, and which variables are set although their values are unknown. */
export interface ParseOptions {
  /** Apply the `required: 'production'` and production rules of each variable. */
  production: boolean;
  /**
   * Names known to be set whose values cannot be read (secrets listed by Cloudflare's API,
   * for the deploy preflight): they count as present, and nothing about their value is checked.
   */
  setButUnknown?: ReadonlySet<string>;
}

/** Parsed values (undefined for problems and unknown values) and every problem found. */
export interface ParseResult<V extends Variables> {
  values: ValuesOf<V>;
  problems: Problem[];
  /** Whether a variable is set, blank counting as unset (for rules that span variables). */
  isSet: (name: keyof V & string) => boolean;
}

/**
 * Parses each variable of `variables` from `env` (already without blanks: see env.ts),
 * applying defaults, requirements and production rules. Collects every problem rather than
 * stopping at the first, so a misconfiguration is fixed in one go.
 */
export function parseVariables<V extends Variables>(
  variables: V,
  env: Readonly<Record<string, string>>,
  options: ParseOptions,
): ParseResult<V> {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const unknown = options.setButUnknown ?? new Set<string>();
  const isSet = (name: string) => env[name] !== undefined || unknown.has(name);
  for (const [name, { spec, parse }] of Object.entries(variables)) {
    const required =
      spec.required === 'always' || (spec.required === 'production' && options.production);
    if (required && !isSet(name)) {
      const where = spec.required === 'always' ? '' : ' in production';
      problems.push({ variable: name, message: `required${where}, and not set` });
      continue;
    }
    if (env[name] === undefined && unknown.has(name)) continue;
    const parsed = parse(env[name]);
    if (!parsed.ok) {
      problems.push({ variable: name, message: parsed.message });
      continue;
    }
    values[name] = parsed.value;
    const rule = spec.production;
    const value = parsed.value as NonNullable<unknown> | undefined;
    if (options.production && rule && value !== undefined && !rule.check(value))
      problems.push({ variable: name, message: `${rule.rule} in production` });
  }
  return { values: values as ValuesOf<V>, problems, isSet };
}

/** Problems as one line each: `NAME: message`. */
export function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.variable}: ${p.message}`);
}
