import { describe, expect, it } from 'vitest';
import { parsePocketsphinxOutput } from '../../sidecar/src/asr/pocketsphinx-output';
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
    });
  });

  it.each([
    [{ SIDECAR_PORT: 'eighty' }, 'SIDECAR_PORT'],
    [{ ASR_ENGINES: 'whisper,vosk' }, 'ASR_ENGINES'],
    [{ ASR_ENGINES: 'whisper,whisper' }, 'ASR_ENGINES'],
    [{ SILENCE_THRESHOLD_DB: '-200' }, 'SILENCE_THRESHOLD_DB'],
    [{ SIDECAR_SECRET: 'short' }, 'SIDECAR_SECRET'],
    [{ WHISPER_DTYPE: 'fp64' }, 'WHISPER_DTYPE'],
    [{ MAX_CONCURRENCY: '0' }, 'MAX_CONCURRENCY'],
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

describe('parsePocketsphinxOutput', () => {
  it('builds one segment per utterance and drops fillers and (2) variants', () => {
    const out = [
      'hello from amazon',
      '<s> 0.000 0.320 0.999700',
      'hello 0.330 0.570 0.824546',
      '<sil> 0.580 0.690 0.944588',
      'from(2) 0.700 0.760 0.067205',
      '[NOISE] 0.770 0.800 1.0',
      'amazon 0.810 1.260 0.887884',
      '</s> 1.270 1.500 1.000200',
      'your account',
      '<s> 2.000 2.100 1.0',
      'your 2.110 2.300 0.5',
      'account 2.310 2.900 0.5',
      '</s> 2.910 3.000 1.0',
      'garbage line that is not timed',
    ].join('\n');
    expect(parsePocketsphinxOutput(out)).toEqual([
      { start_ms: 330, end_ms: 1260, text: 'hello from amazon', confidence: 0.593 },
      { start_ms: 2110, end_ms: 2900, text: 'your account', confidence: 0.5 },
    ]);
  });

  it('ends a segment at a pause of 200 ms or more', () => {
    const out = [
      '<s> 0.0 0.1 1.0',
      'pay 0.1 0.4 0.9',
      '<sil> 0.4 0.5 0.9',
      'now 0.5 0.8 0.7',
      '<sil> 0.8 1.1 0.9',
      'or 1.1 1.3 0.5',
      '</s> 1.3 1.5 1.0',
    ].join('\n');
    expect(parsePocketsphinxOutput(out).map((s) => s.text)).toEqual(['pay now', 'or']);
  });

  it('gives no confidence when the words carry no posteriors', () => {
    const out = ['<s> 0.0 0.1', 'hello 0.1 0.5', 'there 0.5 0.9', '</s> 0.9 1.0'].join('\n');
    expect(parsePocketsphinxOutput(out)).toEqual([
      { start_ms: 100, end_ms: 900, text: 'hello there' },
    ]);
  });

  it('returns no segments for silence-only or empty output', () => {
    expect(parsePocketsphinxOutput('')).toEqual([]);
    expect(
      parsePocketsphinxOutput('<s> 0.0 0.5 1.0\n<sil> 0.5 1.0 1.0\n</s> 1.0 1.2 1.0\n'),
    ).toEqual([]);
  });
});

describe('secretsEqual', () => {
  it('compares by content regardless of length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});
