import { checkConfig, type Problem, type VariableName } from '../../worker/config';
import { VARIABLES } from '../../worker/config/schema';

/**
 * The deploy preflight: the production configuration a deploy would produce, checked with the
 * Worker's own schema (worker/config/) before anything is uploaded. Values come from
 * wrangler.toml's `[vars]`, `--var` and a `--secrets-file`; the secrets already set on the
 * Worker are known by name only (Cloudflare's API never returns a value), so they count as
 * present and their values are checked when the Worker starts.
 */
export interface PreflightInput {
  /** wrangler.toml's `[vars]` with `--var` over them. */
  vars: Readonly<Record<string, string>>;
  /** Secrets uploaded with this deploy (`--secrets-file`), with values. */
  secretValues: Readonly<Record<string, string>>;
  /** The secrets already set on the Worker; null when it does not exist yet. */
  secretNames: readonly string[] | null;
  /** `max_instances` of the sidecar's `[[containers]]` entry; null when it sets none. */
  sidecarMaxInstances?: number | null;
}

/** A problem with what to do about it. */
export interface PreflightProblem extends Problem {
  fix: string;
}

export interface PreflightResult {
  problems: PreflightProblem[];
  /** Secrets known by name only: present, their values checked at start-up. */
  unchecked: string[];
}

const isVariable = (name: string): name is VariableName => name in VARIABLES;
const isSecret = (name: string) => isVariable(name) && VARIABLES[name].spec.secret === true;

function fixFor(name: string, workerExists: boolean): string {
  if (!isSecret(name)) return `set it in wrangler.toml [vars], or pass --var ${name}:<value>`;
  return workerExists
    ? `npx wrangler secret put ${name} (or put it in the --secrets-file)`
    : `put it in a --secrets-file: a Worker that does not exist yet has no secrets to keep`;
}

/** Checks the configuration a deploy would produce, as production. */
export function preflight(input: PreflightInput): PreflightResult {
  const env = { ...input.vars, ...input.secretValues };
  const listed = input.secretNames ?? [];
  const unchecked = listed.filter((name) => env[name] === undefined && isVariable(name));
  const check = checkConfig(env, { setButUnknown: new Set(unchecked) });
  const workerExists = input.secretNames !== null;
  const problems: PreflightProblem[] = [];
  // Only production is deployed: a development profile would pass its own, laxer, checks.
  if (check.environment !== 'production')
    problems.push({
      variable: 'ENVIRONMENT',
      message: `is ${check.environment}: a deploy must be production`,
      fix: 'set ENVIRONMENT = "production" in wrangler.toml [vars] (and no --var over it)',
    });
  for (const p of check.problems) problems.push({ ...p, fix: fixFor(p.variable, workerExists) });
  // The pool routes over SIDECAR_POOL_SIZE named instances: more than the container may run
  // would leave the calls of the missing ones knocking on instances that never start.
  const poolSize = check.values.SIDECAR_POOL_SIZE;
  const max = input.sidecarMaxInstances;
  if (poolSize !== undefined && max != null && poolSize > max)
    problems.push({
      variable: 'SIDECAR_POOL_SIZE',
      message: `is ${poolSize}, above the container's max_instances (${max})`,
      fix: `raise max_instances in wrangler.toml [[containers]] to ${poolSize}, or lower SIDECAR_POOL_SIZE`,
    });
  // A secret in plain [vars] would be readable in the dashboard and the repository.
  for (const name of Object.keys(input.vars).filter(isSecret))
    problems.push({
      variable: name,
      message: 'is a secret, but set as a plain var',
      fix: `remove it from [vars]/--var and use npx wrangler secret put ${name}`,
    });
  return { problems, unchecked };
}

/** The preflight's report, for the terminal. */
export function formatPreflight(result: PreflightResult, worker: string): string {
  const lines: string[] = [];
  if (result.problems.length === 0) {
    lines.push(`preflight: the production configuration of ${worker} passes every check.`);
  } else {
    lines.push(
      `preflight: refusing to deploy ${worker}: ${result.problems.length} problem(s) with the production configuration`,
    );
    for (const p of result.problems)
      lines.push(`  ✘ ${p.variable}: ${p.message}`, `      → ${p.fix}`);
  }
  if (result.unchecked.length > 0)
    lines.push(
      `  secrets known by name only (their values are checked when the Worker starts): ${result.unchecked.join(', ')}`,
    );
  return lines.join('\n');
}
