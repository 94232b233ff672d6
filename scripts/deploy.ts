/**
 * `npm run deploy` (`-- --dry-run`, and any other `wrangler deploy` flag): checks the
 * production configuration with the Worker's own schema, names each missing or invalid item
 * and refuses, and only then runs `wrangler deploy` with the same arguments.
 *
 * The secrets' names come from Cloudflare's API (`wrangler secret list`), or, for a dry run
 * without an account, from `--secret-names A,B` or `CALLSHIELD_SECRET_NAMES`. A dry run where
 * no Docker engine answers skips the container image (`--containers-rollout=none`) and says so.
 * docs/deploy.md has the whole procedure.
 */

import { readWranglerFile } from './config/wrangler-file';
import { parseDeployArgs, UsageError } from './deploy/args';
import { formatPreflight, preflight } from './deploy/preflight';
import { listSecretNames, readSecretsFile } from './deploy/secrets';
import { dockerEngineAnswers, runWranglerAttached } from './deploy/wrangler';

async function secretNamesFor(worker: string, given: string[] | undefined) {
  if (given) {
    console.log(`preflight: the Worker's secrets, as given: ${given.join(', ') || '(none)'}`);
    return given;
  }
  const names = await listSecretNames(worker);
  if (names === null) console.log(`preflight: ${worker} does not exist yet: it has no secrets`);
  else console.log(`preflight: ${worker}'s secrets on Cloudflare: ${names.join(', ') || '(none)'}`);
  return names;
}

async function main(): Promise<number> {
  const args = parseDeployArgs(process.argv.slice(2), process.env);
  const file = readWranglerFile();
  let secretNames: string[] | null;
  try {
    secretNames = await secretNamesFor(file.name, args.secretNames);
  } catch (error) {
    console.error(
      `preflight: could not list ${file.name}'s secrets: ${(error as Error).message}\n` +
        'Log in (npx wrangler login, or CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), or, for a dry run, name them: --secret-names A,B',
    );
    return 1;
  }
  const result = preflight({
    vars: { ...file.vars, ...args.vars },
    secretValues: args.secretsFile ? await readSecretsFile(args.secretsFile) : {},
    secretNames,
    sidecarMaxInstances: file.sidecarContainer?.maxInstances ?? null,
  });
  const report = formatPreflight(result, file.name);
  if (result.problems.length > 0) {
    console.error(report);
    return 1;
  }
  console.log(report);
  const wrangler = ['deploy', ...args.wrangler];
  if (args.dryRun && !args.containersRollout && !(await dockerEngineAnswers())) {
    console.log(
      'preflight: no Docker engine answers, so this dry run skips the container image (--containers-rollout=none). Set WRANGLER_DOCKER_BIN and DOCKER_HOST to build it (docs/deploy.md).',
    );
    wrangler.push('--containers-rollout=none');
  }
  return runWranglerAttached(wrangler, process.env);
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`npm run deploy: ${error.message}`);
  process.exitCode = 2;
}
