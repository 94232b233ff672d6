/**
 * Image-build step: downloads the Whisper model into WHISPER_MODEL_DIR (default /models) with
 * transformers.js' own file cache, whose layout (<dir>/<model id>/<file>) is exactly what the
 * sidecar later reads with `env.localModelPath` and remote loading off. Then it runs the model
 * once on a second of silence so a broken or partial download fails the build, not production.
 *
 * Plain JavaScript on purpose: the runtime image has no TypeScript tooling.
 */
import { env, pipeline } from '@huggingface/transformers';

const dir = process.env.WHISPER_MODEL_DIR || '/models';
const model = process.env.WHISPER_MODEL || 'onnx-community/whisper-tiny.en';
const dtype = process.env.WHISPER_DTYPE || 'fp32';

env.cacheDir = dir;
env.useFSCache = true;
env.allowLocalModels = false;
env.allowRemoteModels = true;

const started = Date.now();
const asr = await pipeline('automatic-speech-recognition', model, { dtype, device: 'cpu' });
await asr(new Float32Array(16_000));
await asr.dispose?.();
console.log(
  JSON.stringify({ event: 'whisper_model_fetched', model, dtype, dir, ms: Date.now() - started }),
);
