import { describe, expect, it } from 'vitest';
import { segmentsOf } from '../../sidecar/src/asr/pocketsphinx';
import { parseCtm } from '../../sidecar/src/asr/pocketsphinx-output';
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
      busyContextMs: 2_000,
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
    [{ ASR_MIN_WORD_CONFIDENCE: '1.5' }, 'ASR_MIN_WORD_CONFIDENCE'],
  ])('fails loudly naming the variable: %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('requires SIDECAR_SECRET with NODE_ENV=production (the image), and only there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SIDECAR_SECRET: required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SIDECAR_SECRET: ' ' })).toThrow(
      /SIDECAR_SECRET/,
    );
    const secret = 'a-production-secret-0123';
    expect(loadConfig({ NODE_ENV: 'production', SIDECAR_SECRET: secret }).secret).toBe(secret);
    expect(loadConfig({ NODE_ENV: 'development' }).secret).toBeUndefined();
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

describe('parseCtm (pocketsphinx_batch -ctm)', () => {
  it('reads words, frames and posteriors in time order, dropping fillers and (2) variants', () => {
    const ctm = [
      'utt 1 0.00 0.33 <s> 0.999',
      'utt 1 0.81 0.45 amazon 0.887',
      'utt 1 0.33 0.24 hello 0.824',
      'utt 1 0.57 0.13 <sil> 0.944',
      'utt 1 0.70 0.06 from(2) 0.067',
      'utt 1 0.76 0.05 [NOISE] 1.0',
      'utt 1 1.26 0.24 </s> 1.0',
    ].join('\n');
    expect(parseCtm(`${ctm}\n`)).toEqual([
      { word: 'hello', startFrame: 33, endFrame: 57, confidence: 0.824 },
      { word: 'from', startFrame: 70, endFrame: 76, confidence: 0.067 },
      { word: 'amazon', startFrame: 81, endFrame: 126, confidence: 0.887 },
    ]);
  });

  it('returns no words for silence-only, empty or malformed output', () => {
    expect(parseCtm('')).toEqual([]);
    expect(parseCtm('utt 1 0.00 0.40 <sil> 1.0\nutt 1 0.40 0.10 </s> 1.0\n')).toEqual([]);
    expect(parseCtm('not a ctm line\nutt 1 x 0.2 word 1')).toEqual([]);
  });
});

describe('pocketsphinx segments', () => {
  it('split at pauses, each with the mean posterior of its words', () => {
    const word = (w: string, start: number, end: number, confidence: number) => ({
      word: w,
      start_ms: start,
      end_ms: end,
      confidence,
    });
    expect(
      segmentsOf([
        word('pay', 100, 400, 0.9),
        word('now', 450, 800, 0.6),
        word('or', 1400, 1600, 0.25),
      ]),
    ).toEqual([
      { start_ms: 100, end_ms: 800, text: 'pay now', confidence: 0.75 },
      { start_ms: 1400, end_ms: 1600, text: 'or', confidence: 0.25 },
    ]);
  });
});

describe('secretsEqual', () => {
  it('compares by content regardless of length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});
