/**
 * Downloads (or copies) the pinned Whisper files and verifies each against the manifest, and
 * pins a manifest from the hub. The hub's URL layout is `/{model}/resolve/{revision}/{file}`;
 * large files answer with a redirect to a CDN, which fetch follows.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ManifestFile, PinnedManifest, WhisperManifest } from './whisper-manifest';
import { whisperFiles } from './whisper-manifest';

/** Hugging Face; `HF_ENDPOINT` (the hub libraries' own variable) names a mirror. */
export const DEFAULT_HUB = 'https://huggingface.co';

/** The hub URL of one file at one revision. */
export function hubFileUrl(hub: string, model: string, revision: string, path: string): string {
  const segments = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  return `${hub.replace(/\/+$/, '')}/${segments(model)}/resolve/${encodeURIComponent(revision)}/${segments(path)}`;
}

/** Size and SHA-256 of a stream's bytes, optionally written to `dest` on the way. */
async function digest(
  source: Readable,
  dest: string | null,
  maxBytes: number,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      // A file longer than it should be is wrong already: stop before it fills the disk.
      if (size > maxBytes) done(new Error(`more than the expected ${maxBytes} bytes`));
      else {
        hash.update(chunk);
        done(null, chunk);
      }
    },
  });
  if (dest === null) {
    await pipeline(source, count, async (chunks: AsyncIterable<Buffer>) => {
      for await (const _ of chunks);
    });
  } else {
    await pipeline(source, count, createWriteStream(dest));
  }
  return { size, sha256: hash.digest('hex') };
}

/** GETs a hub file as a stream, or says which URL failed and how. */
async function hubStream(url: string, fetchImpl: typeof fetch): Promise<Readable> {
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(15 * 60_000) });
  if (!res.ok || res.body === null) {
    throw new Error(`GET ${url} answered ${res.status} ${res.statusText}`);
  }
  return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
}

/**
 * Writes one file to `dest` through `dest.part`, and renames it into place only when its size
 * and SHA-256 match the manifest; otherwise deletes it and throws, naming the file.
 */
async function installVerified(source: Readable, dest: string, file: ManifestFile, from: string) {
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  try {
    const got = await digest(source, part, file.size);
    if (got.size !== file.size || got.sha256 !== file.sha256) {
      throw new Error(
        `${file.path} from ${from} does not match the manifest: expected ${file.size} bytes with sha256 ${file.sha256}, got ${got.size} bytes with sha256 ${got.sha256}; refusing it`,
      );
    }
    await rename(part, dest);
  } catch (error) {
    await rm(part, { force: true });
    if (error instanceof Error && error.message.includes('does not match the manifest'))
      throw error;
    throw new Error(
      `${file.path} from ${from} could not be verified: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Where the files come from: the hub at the pinned revision, or a local folder. */
export type ModelSource = { hub: string; fetchImpl?: typeof fetch } | { folder: string };

/**
 * Puts every file of a pinned manifest under `outDir/<model>/` (transformers.js' local layout,
 * what `WHISPER_MODEL_DIR=outDir` reads), each verified. A local `folder` has the same layout.
 * Returns the total bytes written.
 */
export async function fetchPinnedModel(
  manifest: PinnedManifest,
  outDir: string,
  source: ModelSource,
): Promise<number> {
  let bytes = 0;
  for (const file of manifest.files) {
    const dest = join(outDir, manifest.model, file.path);
    if ('folder' in source) {
      const path = join(source.folder, manifest.model, file.path);
      await installVerified(createReadStream(path), dest, file, path);
    } else {
      const url = hubFileUrl(source.hub, manifest.model, manifest.revision, file.path);
      await installVerified(await hubStream(url, source.fetchImpl ?? fetch), dest, file, url);
    }
    bytes += file.size;
  }
  return bytes;
}

/** What to pin. */
export interface PinRequest {
  model: string;
  dtype: WhisperManifest['dtype'];
  /** A branch or tag (resolved to its commit) or a commit id. */
  revision: string;
  hub: string;
  fetchImpl?: typeof fetch;
}

/**
 * Resolves `revision` to the commit the hub serves (its `X-Repo-Commit` header, which it sends
 * on every `/resolve/` answer, the redirect of a large file included), then downloads every
 * file at that commit and records its size and SHA-256. Nothing is kept on disk.
 */
export async function pinModel(request: PinRequest): Promise<WhisperManifest> {
  const fetchImpl = request.fetchImpl ?? fetch;
  const paths = whisperFiles(request.dtype);
  const first = hubFileUrl(request.hub, request.model, request.revision, 'config.json');
  const head = await fetchImpl(first, { method: 'HEAD', redirect: 'manual' });
  if (head.status >= 400) throw new Error(`HEAD ${first} answered ${head.status}`);
  const commit = head.headers.get('x-repo-commit') ?? request.revision;
  if (!/^[0-9a-f]{40}$/.test(commit)) {
    throw new Error(`The hub did not say which commit ${request.revision} is (no X-Repo-Commit)`);
  }
  const files: ManifestFile[] = [];
  for (const path of paths) {
    const url = hubFileUrl(request.hub, request.model, commit, path);
    const { size, sha256 } = await digest(
      await hubStream(url, fetchImpl),
      null,
      Number.MAX_SAFE_INTEGER,
    );
    files.push({ path, size, sha256 });
  }
  return {
    $comment:
      'Written by `npm run whisper:pin`. The image build downloads exactly these files at this commit and refuses any whose size or sha256 differs. Pin again to change model, dtype or revision.',
    model: request.model,
    dtype: request.dtype,
    revision: commit,
    files,
  };
}
