/**
 * The command line of `npm run deploy`: wrangler deploy's own arguments, of which the preflight
 * reads the few that change the configuration (`--var`, `--secrets-file`, `--dry-run`), plus
 * `--secret-names`, which is the preflight's alone and never reaches wrangler.
 */
export interface DeployArgs {
  dryRun: boolean;
  /** `--var NAME:value`, as wrangler deploy takes them (they override `[vars]`). */
  vars: Record<string, string>;
  /** `--secrets-file PATH`: secrets with values, uploaded with the deploy. */
  secretsFile?: string;
  /**
   * `--secret-names A,B` (or `CALLSHIELD_SECRET_NAMES`): the names of the Worker's secrets,
   * instead of asking Cloudflare's API (a dry run without an account).
   */
  secretNames?: string[];
  /** Whether `--containers-rollout` was given (the preflight may add `none` to a dry run). */
  containersRollout: boolean;
  /** What is passed on to `wrangler deploy`. */
  wrangler: string[];
}

/** Thrown for a command line the preflight cannot read. */
export class UsageError extends Error {}

const names = (list: string) =>
  list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);

/** Reads `argv` (after `npm run deploy --`); `env` supplies `CALLSHIELD_SECRET_NAMES`. */
export function parseDeployArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): DeployArgs {
  const out: DeployArgs = { dryRun: false, vars: {}, containersRollout: false, wrangler: [] };
  if (env.CALLSHIELD_SECRET_NAMES !== undefined)
    out.secretNames = names(env.CALLSHIELD_SECRET_NAMES);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--secret-names') {
      out.secretNames = names(value());
      continue;
    }
    out.wrangler.push(arg);
    if (flag === '--dry-run') out.dryRun = true;
    else if (flag === '--containers-rollout') out.containersRollout = true;
    else if (flag === '--secrets-file') {
      out.secretsFile = value();
      if (inline === undefined) out.wrangler.push(out.secretsFile);
    } else if (flag === '--var') {
      const pair = value();
      if (inline === undefined) out.wrangler.push(pair);
      const colon = pair.indexOf(':');
      if (colon < 1) throw new UsageError(`--var takes NAME:value, got ${pair.split(':')[0]}`);
      out.vars[pair.slice(0, colon)] = pair.slice(colon + 1);
    }
  }
  return out;
}
