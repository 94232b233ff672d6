import { readFile } from 'node:fs/promises';
import { runWrangler } from './wrangler';

/** The names of a deployed Worker's secrets, or null when the Worker does not exist yet. */
export type SecretNames = string[] | null;

/**
 * Asks Cloudflare's API, through `wrangler secret list`, which secrets the Worker has (names
 * only: the API never returns values). Needs the credentials wrangler deploy needs
 * (`CLOUDFLARE_API_TOKEN` and `CLOUDFLARE_ACCOUNT_ID`, or `wrangler login`);
 * `CLOUDFLARE_API_BASE_URL` points it elsewhere (tests use a loopback stand-in).
 */
export async function listSecretNames(
  worker: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SecretNames> {
  const ran = await runWrangler(['secret', 'list', '--format', 'json', '--name', worker], env);
  if (ran.code === 0) {
    const json = ran.stdout.slice(ran.stdout.indexOf('['));
    const listed = JSON.parse(json) as { name: string }[];
    return listed.map((s) => s.name);
  }
  const output = `${ran.stdout}\n${ran.stderr}`;
  if (/Worker ".*" .*not found/.test(output)) return null;
  const last = output.trim().split('\n').filter(Boolean).slice(-6).join('\n');
  throw new Error(`wrangler secret list failed (exit ${ran.code}):\n${last}`);
}

/**
 * The secrets in a `--secrets-file`, as wrangler reads it: JSON (`{"NAME": "value"}`) or
 * `NAME=value` lines (blank lines and `#` comments skipped, one pair of quotes removed).
 */
export async function readSecretsFile(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const raw = match[2] as string;
    out[match[1] as string] = /^(['"]).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return out;
}
