import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '#core/schemas/sidecar-protocol';
import { WhisperTranscriber } from '../../sidecar/src/asr/whisper';
import { findMissingModelFiles, planWhisperModel } from '../../sidecar/src/asr/whisper-model';
import { parseWhisperOutput } from '../../sidecar/src/asr/whisper-output';
import { loadConfig } from '../../sidecar/src/config';
import { ffmpeg, type Scratch, scratch, sineArgs, speak } from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

let s: Scratch;
beforeAll(async () => {
  s = await scratch();
});
afterAll(() => s.cleanup());

const whisperCfg = (env: Record<string, string> = {}) => loadConfig(env).whisper;

describe('Whisper model resolution', () => {
  it('defaults to onnx-community/whisper-tiny.en from the hub when no folder is set', () => {
    const plan = planWhisperModel(whisperCfg());
    expect(plan).toMatchObject({
      modelId: 'onnx-community/whisper-tiny.en',
      source: 'hub',
      allowRemoteModels: true,
      localModelPath: null,
    });
  });

  it('loads only locally from WHISPER_MODEL_DIR, with the dtype picking the ONNX files', () => {
    const plan = planWhisperModel(
      whisperCfg({
        WHISPER_MODEL_DIR: '/models',
        WHISPER_MODEL: 'Xenova/whisper-tiny.en',
        WHISPER_DTYPE: 'q8',
      }),
    );
    expect(plan).toMatchObject({
      source: 'local',
      allowRemoteModels: false,
      localModelPath: '/models',
    });
    expect(plan.requiredFiles).toContain('onnx/encoder_model_quantized.onnx');
    expect(plan.requiredFiles).toContain('onnx/decoder_model_merged_quantized.onnx');
  });

  it('names the missing folder, then the missing files of an incomplete model', async () => {
    const plan = planWhisperModel(whisperCfg({ WHISPER_MODEL_DIR: s.path('models') }));
    expect(await findMissingModelFiles(plan)).toContain(
      join(s.path('models'), 'onnx-community/whisper-tiny.en'),
    );
    await mkdir(s.path('models/onnx-community/whisper-tiny.en'), { recursive: true });
    await writeFile(s.path('models/onnx-community/whisper-tiny.en/config.json'), '{}');
    const missing = await findMissingModelFiles(plan);
    expect(missing).toContain('onnx/encoder_model.onnx');
    const listed = missing!.split('missing ')[1]!.split(', ');
    expect(listed).not.toContain('config.json');
  });

  it('reports a corrupt local model as a load failure from the real transformers.js', async () => {
    const dir = s.path('corrupt');
    const cfg = whisperCfg({ WHISPER_MODEL_DIR: dir });
    const folder = join(dir, cfg.model);
    await mkdir(join(folder, 'onnx'), { recursive: true });
    for (const f of planWhisperModel(cfg).requiredFiles)
      await writeFile(join(folder, f), 'not a model');
    const engine = new WhisperTranscriber(cfg);
    await expect(engine.load()).rejects.toThrow(
      /Whisper model onnx-community\/whisper-tiny\.en failed to load/,
    );
  });

  it('bounds a hanging load by WHISPER_LOAD_TIMEOUT_MS', async () => {
    const engine = new WhisperTranscriber(
      whisperCfg({ WHISPER_LOAD_TIMEOUT_MS: '1000' }),
      () => new Promise(() => {}),
    );
    await expect(engine.load()).rejects.toThrow(/timed out after 1000 ms/);
  });
});

describe('Whisper output parsing', () => {
  it('turns timestamped chunks into segments and closes an open last chunk', () => {
    const t = parseWhisperOutput(
      {
        text: ' Hi there. Your card was charged.',
        chunks: [
          { timestamp: [0, 1.2], text: ' Hi there.' },
          { timestamp: [1.2, null], text: ' Your card was charged.' },
        ],
      },
      4000,
    );
    expect(t.segments).toEqual([
      { start_ms: 0, end_ms: 1200, text: 'Hi there.' },
      { start_ms: 1200, end_ms: 4000, text: 'Your card was charged.' },
    ]);
    expect(t.text).toBe('Hi there. Your card was charged.');
  });

  it('accepts a text-only result and rejects garbage', () => {
    expect(parseWhisperOutput([{ text: 'hello' }], 900).segments).toEqual([
      { start_ms: 0, end_ms: 900, text: 'hello' },
    ]);
    expect(() => parseWhisperOutput(42, 100)).toThrow();
  });
});

describe('fallback from Whisper to pocketsphinx', () => {
  it('shows the missing model in /healthz and transcribes with pocketsphinx', async () => {
    const sidecar = await testSidecar({
      ASR_ENGINES: 'whisper,pocketsphinx',
      WHISPER_MODEL_DIR: '/nonexistent/whisper-models',
    });
    const res = await sidecar.app.fetch(new Request('http://127.0.0.1/healthz'));
    expect(res.status).toBe(200);
    const health = HealthResponseSchema.parse(await res.json());
    expect(health.status).toBe('degraded');
    expect(health.engine?.name).toBe('pocketsphinx');
    expect(health.engines.map((e) => [e.name, e.state])).toEqual([
      ['whisper', 'failed'],
      ['pocketsphinx', 'ready'],
    ]);
    expect(health.engines[0]!.error).toMatch(/\/nonexistent\/whisper-models.*does not exist/);
    await speak('Hello there.', s.path('hello.wav'));
    const body = await okJson(await post(sidecar, await s.read('hello.wav')));
    expect(body.engine.name).toBe('pocketsphinx');
  });

  it('uses Whisper first when it loads (loader stubbed: there are no weights here)', async () => {
    const cfg = whisperCfg();
    const whisper = new WhisperTranscriber(cfg, async () => async (audio) => ({
      text: `heard ${audio.length} samples`,
      chunks: [{ timestamp: [0, 0.5], text: `heard ${audio.length} samples` }],
    }));
    const sidecar = await testSidecar({}, { engines: [whisper] });
    await ffmpeg([...sineArgs(300, 1, 16000), s.path('tone.wav')]);
    const body = await okJson(await post(sidecar, await s.read('tone.wav'), '?trim=false'));
    expect(body.engine).toEqual({
      name: 'whisper',
      model: 'onnx-community/whisper-tiny.en (fp32)',
    });
    expect(body.text).toBe('heard 16000 samples');
  });
});
