/**
 * The pinned Whisper model (sidecar/models/whisper-manifest.json).
 *
 *   fetch-whisper-model --out DIR [--from DIR] [--hub URL] [--manifest FILE]
 *     puts the manifest's files under DIR/<model>/ (what WHISPER_MODEL_DIR=DIR reads), each
 *     checked against its size and SHA-256; exits 1 naming the first file that differs.
 *     --from copies from a folder of the same layout instead of downloading (offline builds).
 *   fetch-whisper-model --pin [--model ID] [--dtype D] [--revision REV] [--hub URL]
 *     resolves REV (default main) to a commit and writes the manifest for it.
 *
 * The hub is HF_ENDPOINT or https://huggingface.co. The image build runs this bundled
 * (dist/fetch-whisper-model.mjs); here it is `npm run whisper:fetch` / `npm run whisper:pin`.
 */
import { parseArgs } from 'node:util';
import { WHISPER_DTYPES } from '../src/config';
import { DEFAULT_HUB, fetchPinnedModel, pinModel } from '../src/models/fetch-model';
import {
  MANIFEST_PATH,
  readManifest,
  requirePinned,
  writeManifest,
} from '../src/models/whisper-manifest';

const { values } = parseArgs({
  options: {
    pin: { type: 'boolean', default: false },
    manifest: { type: 'string', default: MANIFEST_PATH },
    out: { type: 'string' },
    from: { type: 'string' },
    hub: { type: 'string', default: process.env.HF_ENDPOINT || DEFAULT_HUB },
    model: { type: 'string' },
    dtype: { type: 'string' },
    revision: { type: 'string', default: 'main' },
  },
});

async function main(): Promise<void> {
  const current = await readManifest(values.manifest);
  if (values.pin) {
    const dtype = values.dtype ?? current.dtype;
    const known: readonly string[] = WHISPER_DTYPES;
    if (!known.includes(dtype)) throw new Error(`--dtype must be one of ${known.join(', ')}`);
    const pinned = await pinModel({
      model: values.model ?? current.model,
      dtype: dtype as (typeof WHISPER_DTYPES)[number],
      revision: values.revision,
      hub: values.hub,
    });
    await writeManifest(pinned, values.manifest);
    console.log(
      JSON.stringify({ event: 'whisper_pinned', model: pinned.model, revision: pinned.revision }),
    );
    return;
  }
  if (!values.out) throw new Error('--out DIR is required (or --pin)');
  const manifest = requirePinned(current);
  const started = Date.now();
  const bytes = await fetchPinnedModel(
    manifest,
    values.out,
    values.from ? { folder: values.from } : { hub: values.hub },
  );
  console.log(
    JSON.stringify({
      event: 'whisper_model_verified',
      model: manifest.model,
      revision: manifest.revision,
      files: manifest.files.length,
      bytes,
      ms: Date.now() - started,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
