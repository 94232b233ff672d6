import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { loadSection } from '../../../worker/config';
import { textEngineFor } from '../../../worker/engines/index';
import { type FakeGeminiServer, startGeminiServer } from '../../fixtures/gemini-server';

let fake: FakeGeminiServer;
beforeEach(async () => {
  fake = await startGeminiServer();
});
afterEach(async () => {
  await fake.close();
});

describe("the text engine's configuration", () => {
  it('has working defaults and treats blank values as unset', () => {
    expect(loadSection('textEngine', { GEMINI_API_KEY: ' ', CASCADE_BAND: '' })).toEqual({
      gemini: null,
      band: [0.2, 0.7],
      onFinal: true,
    });
  });

  it('accepts strings as well as typed wrangler vars', () => {
    const config = loadSection('textEngine', {
      GEMINI_API_KEY: 'k',
      GEMINI_TIMEOUT_MS: 2500,
      CASCADE_BAND: '0.1, 0.9',
      CASCADE_ON_FINAL: 'false',
    });
    expect(config).toMatchObject({
      gemini: { apiKey: 'k', model: 'gemini-2.5-flash', timeoutMs: 2500 },
      band: [0.1, 0.9],
      onFinal: false,
    });
    expect(loadSection('textEngine', { CASCADE_ON_FINAL: false }).onFinal).toBe(false);
  });
});

/** The text engine the Worker's configuration describes. */
function textEngineFromEnv(env: Record<string, unknown>, thresholds = DEFAULT_THRESHOLDS) {
  return textEngineFor(loadSection('textEngine', env), thresholds);
}

describe('the text engine from the configuration', () => {
  it('builds a local-only engine without a key', async () => {
    const engine = textEngineFromEnv({});
    expect(engine.geminiEnabled).toBe(false);
    expect((await engine.analyze('Hello, dinner is at seven.', { final: true })).engines).toEqual([
      'local',
    ]);
  });

  it('wires key, model, base URL and band into a working Gemini cascade', async () => {
    fake.enqueue({
      kind: 'answer',
      answer: { score: 0.1, confidence: 0.9, signals: [], recommendation: 'ok', summary: 'ok' },
    });
    const engine = textEngineFromEnv(
      {
        GEMINI_API_KEY: 'env-key',
        GEMINI_MODEL: 'gemini-env-model',
        GEMINI_BASE_URL: fake.baseUrl,
        CASCADE_BAND: '0,1',
      },
      DEFAULT_THRESHOLDS,
    );
    const result = await engine.analyze('Hello, dinner is at seven.');
    expect(result.engines).toEqual(['local', 'gemini']);
    expect(fake.requests[0]?.model).toBe('gemini-env-model');
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe('env-key');
  });

  it('fails loudly on a bad value, naming the variable but not the key', () => {
    const env = {
      GEMINI_API_KEY: 'super-secret',
      CASCADE_BAND: '0.9,0.1',
      GEMINI_TIMEOUT_MS: 'soon',
    };
    let message = '';
    try {
      textEngineFromEnv(env, DEFAULT_THRESHOLDS);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/CASCADE_BAND/);
    expect(message).toMatch(/GEMINI_TIMEOUT_MS/);
    expect(message).not.toContain('super-secret');
  });
});
