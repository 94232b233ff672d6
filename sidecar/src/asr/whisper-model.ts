/**
 * Where the Whisper weights come from. With `WHISPER_MODEL_DIR` set (production image,
 * offline machines) remote loading is switched off and the files must already be there in
 * transformers.js' layout (`<dir>/<model id>/config.json`, `onnx/*.onnx`); we check that up
 * front so a missing model is one clear sentence in /healthz instead of a stack trace.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { SidecarConfig } from '../config';

/** transformers.js file-name suffix of each ONNX weight variant. */
const DTYPE_SUFFIX: Record<SidecarConfig['whisper']['dtype'], string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** How transformers.js will be told to find the model. */
export interface WhisperModelPlan {
  modelId: string;
  dtype: SidecarConfig['whisper']['dtype'];
  source: 'local' | 'hub';
  /** transformers.js `env.localModelPath` (local only). */
  localModelPath: string | null;
  /** transformers.js `env.allowRemoteModels`. */
  allowRemoteModels: boolean;
  /** Files that must exist for a local load, relative to the model folder. */
  requiredFiles: string[];
}

/** Decides local vs hub loading from the config. Pure. */
export function planWhisperModel(cfg: SidecarConfig['whisper']): WhisperModelPlan {
  const suffix = DTYPE_SUFFIX[cfg.dtype];
  const local = cfg.modelDir !== undefined;
  return {
    modelId: cfg.model,
    dtype: cfg.dtype,
    source: local ? 'local' : 'hub',
    localModelPath: local ? cfg.modelDir! : null,
    allowRemoteModels: !local,
    requiredFiles: [
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      `onnx/encoder_model${suffix}.onnx`,
      `onnx/decoder_model_merged${suffix}.onnx`,
    ],
  };
}

/**
 * For a local plan, returns a readable reason when the model folder or any required file is
 * missing; null when everything is in place (or the plan loads from the hub).
 */
export async function findMissingModelFiles(plan: WhisperModelPlan): Promise<string | null> {
  if (plan.localModelPath === null) return null;
  const folder = join(plan.localModelPath, plan.modelId);
  try {
    await access(folder);
  } catch {
    return `Whisper model ${plan.modelId} not found: ${folder} does not exist (WHISPER_MODEL_DIR=${plan.localModelPath}; remote loading is off)`;
  }
  const missing: string[] = [];
  for (const file of plan.requiredFiles) {
    try {
      await access(join(folder, file));
    } catch {
      missing.push(file);
    }
  }
  if (missing.length === 0) return null;
  return `Whisper model ${plan.modelId} (dtype ${plan.dtype}) is incomplete in ${folder}: missing ${missing.join(', ')}`;
}
