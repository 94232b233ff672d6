/**
 * `npm run deploy`: the preflight that checks the production configuration with the Worker's
 * own schema before wrangler deploys anything, and its secret listing against a loopback
 * stand-in for Cloudflare's API (the real `wrangler secret list`, pointed at it).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployArgs } from '../../scripts/deploy/args';
import { formatPreflight, preflight } from '../../scripts/deploy/preflight';
import { listSecretNames, readSecretsFile } from '../../scripts/deploy/secrets';
import { type FakeCloudflareApi, startCloudflareApi } from '../fixtures/cloudflare-api';

const ROOT = resolve(import.meta.dirname, '../..');

/** What a production deploy sets in [vars] (wrangler.toml's own plus the operator's). */
const VARS = {
  ENVIRONMENT: 'production',
  AUTH_MODE: 'on',
  PUBLIC_BASE_URL: 'https://edge.example.com',
  SUPABASE_URL: 'https://project.supabase.co',
  SUPABASE_ANON_KEY: 'a'.repeat(40),
};
/** The secrets a production Worker needs (names only, as Cloudflare lists them). */
const SECRETS = [
  'TICKET_SECRET',
  'STORAGE_SIGNING_SECRET',
  'SIDECAR_SECRET',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_JWT_SECRET',
  'CALLER_HASH_KEY',
];

const problemsOf = (result: ReturnType<typeof preflight>) =>
  result.problems.map((p) => `${p.variable}: ${p.message}`);

describe('the preflight', () => {
  it('passes a complete production configuration, secrets known by name', () => {
    const result = preflight({ vars: VARS, secretValues: {}, secretNames: SECRETS });
    expect(result.problems).toEqual([]);
    expect(result.unchecked).toEqual(SECRETS);
  });

  it('names a missing secret and how to set it', () => {
    const names = SECRETS.filter((n) => n !== 'SIDECAR_SECRET');
    const result = preflight({ vars: VARS, secretValues: {}, secretNames: names });
    expect(problemsOf(result)).toEqual(['SIDECAR_SECRET: required in production, and not set']);
    expect(result.problems[0]?.fix).toBe(
      'npx wrangler secret put SIDECAR_SECRET (or put it in the --secrets-file)',
    );
    expect(formatPreflight(result, 'callshield-edge')).toMatch(
      /refusing to deploy callshield-edge.*\n.*✘ SIDECAR_SECRET: required in production/,
    );
  });

  it('tells a new Worker to bring its secrets in a secrets file', () => {
    const result = preflight({ vars: VARS, secretValues: {}, secretNames: null });
    expect(result.problems.map((p) => p.variable)).toEqual([
      'TICKET_SECRET',
      'SUPABASE_SERVICE_ROLE_KEY',
      'STORAGE_SIGNING_SECRET',
      'SIDECAR_SECRET',
      'CALLER_HASH_KEY',
      'SUPABASE_JWT_SECRET',
    ]);
    expect(result.problems[0]?.fix).toMatch(/--secrets-file: a Worker that does not exist yet/);
  });

  it('checks the values of a secrets file, without printing them', () => {
    const secretValues = {
      TICKET_SECRET: 'short-ticket',
      STORAGE_SIGNING_SECRET: 's'.repeat(32),
      SIDECAR_SECRET: 'c'.repeat(16),
      SUPABASE_SERVICE_ROLE_KEY: 'x'.repeat(40),
      SUPABASE_JWT_SECRET: 'j'.repeat(32),
      CALLER_HASH_KEY: 'h'.repeat(32),
    };
    const result = preflight({ vars: VARS, secretValues, secretNames: null });
    expect(problemsOf(result)).toEqual(['TICKET_SECRET: must be at least 32 characters']);
    expect(formatPreflight(result, 'w')).not.toContain('short-ticket');
  });

  it.each([
    [{ AUTH_MODE: 'off' }, 'AUTH_MODE: must be on in production'],
    [
      { PUBLIC_BASE_URL: 'http://edge.example.com' },
      'PUBLIC_BASE_URL: must be https in production',
    ],
    [{ SUPABASE_URL: 'http://project.supabase.co' }, 'SUPABASE_URL: must be https in production'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS: must list origins, not `*` in production'],
    [
      { WEBHOOK_ALLOW_LOCAL_URLS: 'true' },
      'WEBHOOK_ALLOW_LOCAL_URLS: must be false (webhooks must not reach private networks) in production',
    ],
  ])('refuses %o', (vars, problem) => {
    const result = preflight({
      vars: { ...VARS, ...vars },
      secretValues: {},
      secretNames: SECRETS,
    });
    expect(problemsOf(result)).toEqual([problem]);
  });

  it('refuses to deploy anything but the production profile', () => {
    const vars = { ...VARS, ENVIRONMENT: 'development', AUTH_MODE: 'off' };
    const result = preflight({ vars, secretValues: {}, secretNames: SECRETS });
    expect(problemsOf(result)).toEqual([
      'ENVIRONMENT: is development: a deploy must be production',
    ]);
  });

  it('refuses a media pool larger than the container may run', () => {
    const vars = { ...VARS, SIDECAR_POOL_SIZE: '8' };
    const result = preflight({
      vars,
      secretValues: {},
      secretNames: SECRETS,
      sidecarMaxInstances: 4,
    });
    expect(problemsOf(result)).toEqual([
      "SIDECAR_POOL_SIZE: is 8, above the container's max_instances (4)",
    ]);
    const fits = preflight({
      vars,
      secretValues: {},
      secretNames: SECRETS,
      sidecarMaxInstances: 8,
    });
    expect(problemsOf(fits)).toEqual([]);
  });

  it('refuses a secret written as a plain var', () => {
    const vars = { ...VARS, TICKET_SECRET: 't'.repeat(32) };
    const result = preflight({ vars, secretValues: {}, secretNames: SECRETS });
    expect(problemsOf(result)).toEqual(['TICKET_SECRET: is a secret, but set as a plain var']);
  });
});

describe('the command line', () => {
  it('passes wrangler deploy its arguments, keeping --secret-names for itself', () => {
    const args = parseDeployArgs(
      [
        '--dry-run',
        '--var',
        'PUBLIC_BASE_URL:https://a.example',
        '--secret-names=A,B',
        '--secrets-file',
        'f',
      ],
      {},
    );
    expect(args).toEqual({
      dryRun: true,
      vars: { PUBLIC_BASE_URL: 'https://a.example' },
      secretsFile: 'f',
      secretNames: ['A', 'B'],
      containersRollout: false,
      wrangler: ['--dry-run', '--var', 'PUBLIC_BASE_URL:https://a.example', '--secrets-file', 'f'],
    });
    expect(parseDeployArgs([], { CALLSHIELD_SECRET_NAMES: 'X, Y' }).secretNames).toEqual([
      'X',
      'Y',
    ]);
    expect(() => parseDeployArgs(['--var', 'NOVALUE'])).toThrow(/NAME:value/);
  });

  it('reads a secrets file as wrangler does: NAME=value lines or JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callshield-secrets-'));
    try {
      await writeFile(join(dir, 'a.env'), '# comment\nTICKET_SECRET="quoted value"\n\nB=plain\n');
      await writeFile(join(dir, 'b.json'), '{"TICKET_SECRET": "json value"}');
      expect(await readSecretsFile(join(dir, 'a.env'))).toEqual({
        TICKET_SECRET: 'quoted value',
        B: 'plain',
      });
      expect(await readSecretsFile(join(dir, 'b.json'))).toEqual({ TICKET_SECRET: 'json value' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The environment that points wrangler at the stand-in. */
const cloudflareEnv = (api: FakeCloudflareApi) => ({
  ...process.env,
  CLOUDFLARE_API_BASE_URL: api.baseUrl,
  CLOUDFLARE_API_TOKEN: 'test-token',
  CLOUDFLARE_ACCOUNT_ID: 'test-account',
});

describe("the Worker's secrets, from Cloudflare's API", () => {
  let api: FakeCloudflareApi;
  beforeAll(async () => {
    api = await startCloudflareApi({
      'callshield-edge': SECRETS.filter((n) => n !== 'SIDECAR_SECRET'),
      complete: SECRETS,
    });
  });
  afterAll(() => api.close());

  it('lists the names with the real wrangler secret list', async () => {
    expect(await listSecretNames('complete', cloudflareEnv(api))).toEqual(SECRETS);
    expect(api.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/client/v4/accounts/test-account/workers/scripts/complete/secrets',
      authorization: 'Bearer test-token',
    });
  });

  it('knows a Worker that does not exist yet', async () => {
    expect(await listSecretNames('never-deployed', cloudflareEnv(api))).toBeNull();
  });

  it('npm run deploy -- --dry-run with a secret missing refuses and names it', async () => {
    const run = await deploy(['--dry-run'], cloudflareEnv(api));
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/✘ SIDECAR_SECRET: required in production, and not set/);
    expect(run.output).toMatch(/✘ PUBLIC_BASE_URL: required, and not set/);
    // Refused before wrangler deploy ran.
    expect(run.output).not.toMatch(/--dry-run: exiting now/);
  });

  it('npm run deploy -- --dry-run with everything set runs wrangler deploy --dry-run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callshield-dry-run-'));
    try {
      const vars = Object.entries(VARS).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
      const args = ['--dry-run', '--containers-rollout=none', '--outdir', dir, ...vars];
      const env = { ...cloudflareEnv(api), CALLSHIELD_SECRET_NAMES: SECRETS.join(',') };
      const run = await deploy(args, env);
      expect(run.output).toMatch(/passes every check/);
      // --var values are hidden in wrangler's listing; the names show they were passed on.
      expect(run.output).toMatch(/env\.ENVIRONMENT .*env\.AUTH_MODE .*env\.PUBLIC_BASE_URL/s);
      expect(run.output).toMatch(/--dry-run: exiting now/);
      expect(run.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Runs `npm run deploy -- …` as a user would (scripts/deploy.ts under tsx). */
function deploy(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}
