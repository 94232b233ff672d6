import { describe, expect, it } from 'vitest';
import { parseHypseg } from '../../sidecar/src/asr/pocketsphinx-output';
import { ConfigError, loadConfig } from '../../sidecar/src/config';
import { secretsEqual } from '../../sidecar/src/middleware/secret';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8788,
      host: '127.0.0.1',
      secret: undefined,
      maxBodyBytes: 25 * 1024 * 1024,
      silenceThresholdDb: -50,
      asrEngines: ['whisper', 'pocketsphinx'],
      whisper: { model: 'onnx-community/whisper-tiny.en', dtype: 'fp32', modelDir: undefined },
      maxContextMs: 15_000,
    });
    expect(c.pocketsphinx.lm).toMatch(/sidecar\/models\/callshield\.lm\.bin$/);
    expect(c.pocketsphinx.dict).toMatch(/sidecar\/models\/callshield\.dict$/);
  });

  it('selects the general language model with ASR_LM=general, else pairs LM and dictionary', () => {
    expect(loadConfig({ ASR_LM: 'general' }).pocketsphinx).toMatchObject({ lm: null, dict: null });
    expect(loadConfig({ ASR_LM: '/m/x.lm.bin' }).pocketsphinx.dict).toBe('/m/x.dict');
    expect(loadConfig({ ASR_LM: '/m/x.lm.bin', ASR_DICT: '/d/y.dict' }).pocketsphinx.dict).toBe(
      '/d/y.dict',
    );
  });

  it.each([
    [{ SIDECAR_PORT: 'eighty' }, 'SIDECAR_PORT'],
    [{ ASR_ENGINES: 'whisper,vosk' }, 'ASR_ENGINES'],
    [{ ASR_ENGINES: 'whisper,whisper' }, 'ASR_ENGINES'],
    [{ SILENCE_THRESHOLD_DB: '-200' }, 'SILENCE_THRESHOLD_DB'],
    [{ SIDECAR_SECRET: 'short' }, 'SIDECAR_SECRET'],
    [{ WHISPER_DTYPE: 'fp64' }, 'WHISPER_DTYPE'],
    [{ MAX_CONCURRENCY: '0' }, 'MAX_CONCURRENCY'],
    [{ MAX_CONTEXT_MS: '-1' }, 'MAX_CONTEXT_MS'],
  ])('fails loudly naming the variable: %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('treats empty values as unset and never echoes the secret', () => {
    expect(loadConfig({ SIDECAR_PORT: '', WHISPER_MODEL_DIR: ' ' }).port).toBe(8788);
    try {
      loadConfig({ SIDECAR_SECRET: 'tiny' });
    } catch (err) {
      expect(String(err)).not.toContain('tiny');
    }
  });
});

describe('parseHypseg (pocketsphinx_batch -hypseg)', () => {
  it('gives each word the frames up to the next token and drops fillers and (2) variants', () => {
    const line =
      'utt S 0 T -9000 A -8000 L -1000 0 -10 0 <s> 33 -20 -5 hello 57 -30 -5 <sil> 70 -5 -3 from(2) 76 -9 -2 [NOISE] 81 -40 -7 amazon 126';
    expect(parseHypseg(`${line}\n`)).toEqual([
      { word: 'hello', startFrame: 33, endFrame: 57 },
      { word: 'from', startFrame: 70, endFrame: 76 },
      { word: 'amazon', startFrame: 81, endFrame: 126 },
    ]);
  });

  it('returns no words for silence-only, empty or malformed output', () => {
    expect(parseHypseg('')).toEqual([]);
    expect(parseHypseg('utt S 0 T -1 A -1 L 0 0 -1 0 <s> 10 -1 0 <sil> 40 -1 0 </s> 50\n')).toEqual(
      [],
    );
    expect(parseHypseg('not a hypseg line\nutt S 0 T x A')).toEqual([]);
  });
});

describe('secretsEqual', () => {
  it('compares by content regardless of length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});
