/**
 * The pinned Whisper model baked into the image: `sidecar/models/whisper-manifest.json` names
 * the model, the hub commit it comes from, and every file transformers.js loads with its size
 * and SHA-256. The image build downloads exactly those bytes (or copies them from a local
 * folder) and refuses any file whose checksum differs; `--pin` writes the manifest.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { planWhisperModel } from '../asr/whisper-model';
import { WHISPER_DTYPES } from '../config';

/** The committed manifest. */
export const MANIFEST_PATH = fileURLToPath(
  new URL('../../models/whisper-manifest.json', import.meta.url),
);

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
/** A path inside the model folder: no absolute paths, no `..`, no backslashes. */
const ModelPath = z
  .string()
  .regex(/^[\w.-]+(\/[\w.-]+)*$/, 'must be a relative path like onnx/encoder_model.onnx')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ..');

/** One file of the model, as the hub serves it at the pinned revision. */
export const ManifestFileSchema = z.object({
  path: ModelPath,
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/**
 * `revision` is the hub's commit id (40 hex digits), never a branch: a branch moves. An
 * unpinned manifest (`revision: null`, no files) is valid to read but refused by the fetch.
 */
export const WhisperManifestSchema = z.object({
  $comment: z.string().optional(),
  model: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be a hub model id like owner/name'),
  dtype: z.enum(WHISPER_DTYPES),
  revision: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'must be a full commit id (40 hex digits), not a branch')
    .nullable(),
  files: z.array(ManifestFileSchema),
});
export type WhisperManifest = z.infer<typeof WhisperManifestSchema>;

/** A manifest with a revision and its files: the only kind the fetch accepts. */
export type PinnedManifest = WhisperManifest & { revision: string };

/** Reads and validates a manifest file. */
export async function readManifest(path = MANIFEST_PATH): Promise<WhisperManifest> {
  const parsed = WhisperManifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path} is not a valid Whisper manifest — ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Writes a manifest (two-space JSON, trailing newline, like the rest of the repository). */
export async function writeManifest(manifest: WhisperManifest, path = MANIFEST_PATH) {
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Narrows to a pinned manifest, or explains what to do. The check that every file the
 * sidecar needs is listed keeps a hand-edited manifest from baking half a model.
 */
export function requirePinned(manifest: WhisperManifest): PinnedManifest {
  if (manifest.revision === null || manifest.files.length === 0) {
    throw new Error(
      `The Whisper manifest for ${manifest.model} is not pinned yet: run \`npm run whisper:pin\` where huggingface.co is reachable, review and commit sidecar/models/whisper-manifest.json (or build with --build-arg WHISPER_SOURCE=none for a pocketsphinx-only image)`,
    );
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const missing = whisperFiles(manifest.dtype).filter((f) => !listed.has(f));
  if (missing.length > 0) {
    throw new Error(
      `The Whisper manifest lists no ${missing.join(', ')} (dtype ${manifest.dtype}): pin it again`,
    );
  }
  return { ...manifest, revision: manifest.revision };
}

/** The files transformers.js loads for Whisper speech recognition at `dtype`. */
export function whisperFiles(dtype: WhisperManifest['dtype']): string[] {
  return planWhisperModel({ model: 'any/model', dtype, modelDir: '/', loadTimeoutMs: 1 })
    .requiredFiles;
}
