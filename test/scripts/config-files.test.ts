/**
 * The files that must agree with the configuration schema: the generated reference and type
 * declarations, `wrangler types`' output, and wrangler.toml, whose top level is the production
 * profile.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIDECAR_SETTINGS } from '#core/schemas/sidecar-settings';
import { generatedFiles } from '../../scripts/config/generate';
import { readWranglerFile, WRANGLER_TOML } from '../../scripts/config/wrangler-file';
import { runWrangler } from '../../scripts/deploy/wrangler';
import { DEVELOPMENT_VARS, TEST_VARS } from '../../scripts/stack/dev-profile';
import { checkConfig } from '../../worker/config';
import { VARIABLES } from '../../worker/config/schema';

const ROOT = resolve(import.meta.dirname, '../..');

describe('generated from the schema', () => {
  it.each(Object.entries(generatedFiles()))('%s is up to date', async (path, expected) => {
    const committed = await readFile(resolve(ROOT, path), 'utf8');
    // On failure: run `npm run config:docs` and commit the result.
    expect(committed, `${path} differs from the schema: run npm run config:docs`).toBe(expected);
  });

  it('worker-configuration.d.ts is what wrangler types makes of wrangler.toml', async () => {
    const ran = await runWrangler(
      [
        'types',
        '--check',
        '--include-runtime=false',
        '--strict-vars=false',
        'worker-configuration.d.ts',
      ],
      { ...process.env, WRANGLER_LOG: 'error' },
    );
    expect(ran.code, `${ran.stdout}${ran.stderr}\nrun npm run types`).toBe(0);
  }, 60_000);
});

describe('wrangler.toml', () => {
  const { vars } = readWranglerFile();

  it('is the production profile at its top level, with no named environments', async () => {
    expect(vars).toMatchObject({ ENVIRONMENT: 'production', AUTH_MODE: 'on' });
    expect(await readFile(WRANGLER_TOML, 'utf8')).not.toMatch(/^\s*\[+env\./m);
  });

  it('cannot deploy open: what it leaves to the operator is only missing, never unsafe', () => {
    const { environment, problems } = checkConfig(vars);
    expect(environment).toBe('production');
    expect(
      problems.every((p) => /^required/.test(p.message)),
      JSON.stringify(problems),
    ).toBe(true);
    const operator = {
      PUBLIC_BASE_URL: 'https://edge.example.com',
      SUPABASE_URL: 'https://p.supabase.co',
      SUPABASE_ANON_KEY: 'a'.repeat(40),
    };
    const secrets = new Set([
      'TICKET_SECRET',
      'STORAGE_SIGNING_SECRET',
      'SIDECAR_SECRET',
      'SUPABASE_SERVICE_ROLE_KEY',
      'SUPABASE_JWT_SECRET',
      'CALLER_HASH_KEY',
    ]);
    expect(checkConfig({ ...vars, ...operator }, { setButUnknown: secrets }).problems).toEqual([]);
  });

  it('runs the media pool it routes over, and its jobs take half the pool at most', () => {
    const { sidecarContainer, jobsConsumer } = readWranglerFile();
    const poolSize = Number(VARIABLES.SIDECAR_POOL_SIZE.spec.default);
    expect(sidecarContainer).toEqual({ maxInstances: poolSize, instanceType: 'standard-3' });
    // Each consumer runs its batch side by side; every instance has MAX_CONCURRENCY slots.
    const slots = poolSize * Number(SIDECAR_SETTINGS.MAX_CONCURRENCY.spec.default);
    expect(jobsConsumer).toEqual({ maxBatchSize: 2, maxConcurrency: poolSize / 2 });
    expect(jobsConsumer!.maxBatchSize! * jobsConsumer!.maxConcurrency!).toBe(slots / 2);
  });

  it('is overridden by the development and test profiles where it makes the API closed', () => {
    expect(vars).toMatchObject({ ENVIRONMENT: 'production', AUTH_MODE: 'on' });
    expect(DEVELOPMENT_VARS).toMatchObject({ ENVIRONMENT: 'development', AUTH_MODE: 'off' });
    expect(TEST_VARS).toMatchObject({ ENVIRONMENT: 'test', AUTH_MODE: 'off' });
  });
});
