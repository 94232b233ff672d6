/**
 * What the MediaSidecar container class hands its container: the Worker's SIDECAR_SECRET and
 * SIDECAR_* settings, under the names the sidecar reads.
 */
import { describe, expect, it } from 'vitest';
import { SIDECAR_OPERATOR_SETTINGS, workerVariableFor } from '#core/schemas/sidecar-settings';
import {
  containerEnv,
  readyTimeoutMs,
  SIDECAR_CONTAINER_PORT,
} from '../../durable-objects/media-sidecar-env';
import { loadConfig, SIDECAR_ENV_NAMES } from '../../sidecar/src/config';

const SECRET = 'worker-and-container-share-this';

describe('containerEnv', () => {
  it('passes the secret and each SIDECAR_* setting on under the sidecar’s own name', () => {
    const env = containerEnv({
      SIDECAR_SECRET: SECRET,
      SIDECAR_ASR_ENGINES: 'whisper,pocketsphinx',
      SIDECAR_MAX_CONCURRENCY: ' 4 ',
      SIDECAR_WHISPER_DTYPE: '',
      SIDECAR_URL: 'http://127.0.0.1:8788',
      TICKET_SECRET: 'not-for-the-container-0123456789',
      MAX_QUEUE: '99',
    });
    expect(env).toEqual({
      SIDECAR_HOST: '0.0.0.0',
      SIDECAR_PORT: String(SIDECAR_CONTAINER_PORT),
      SIDECAR_SECRET: SECRET,
      ASR_ENGINES: 'whisper,pocketsphinx',
      MAX_CONCURRENCY: '4',
    });
  });

  it('gives the sidecar a configuration it accepts in production', () => {
    const env = containerEnv({ SIDECAR_SECRET: SECRET, SIDECAR_MAX_QUEUE: '32' });
    const config = loadConfig({ ...env, NODE_ENV: 'production' });
    expect(config).toMatchObject({ secret: SECRET, host: '0.0.0.0', maxQueue: 32 });
    expect(config.port).toBe(SIDECAR_CONTAINER_PORT);
  });

  it('without the secret, yields an environment the production sidecar refuses', () => {
    expect(() => loadConfig({ ...containerEnv({}), NODE_ENV: 'production' })).toThrow(
      /SIDECAR_SECRET/,
    );
  });

  it('names only variables the sidecar reads', () => {
    for (const setting of SIDECAR_OPERATOR_SETTINGS) {
      expect(SIDECAR_ENV_NAMES).toContain(setting);
      expect(workerVariableFor(setting)).toBe(`SIDECAR_${setting}`);
    }
  });
});

describe('readyTimeoutMs', () => {
  it('covers the Whisper load timeout the container was given, plus the start', () => {
    expect(readyTimeoutMs({})).toBe(150_000);
    expect(readyTimeoutMs({ WHISPER_LOAD_TIMEOUT_MS: '600000' })).toBe(630_000);
  });
});
