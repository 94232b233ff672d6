/**
 * The pinned Whisper model: pinning from the hub, fetching with checksums, and refusing a file
 * that differs. A loopback server stands in for huggingface.co with its real URL layout
 * (`/{model}/resolve/{revision}/{file}`, `X-Repo-Commit`, large files redirected to a CDN
 * path) over a small fake model folder; no test needs the internet or real weights.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPinnedModel, pinModel } from '../../sidecar/src/models/fetch-model';
import {
  readManifest,
  requirePinned,
  type WhisperManifest,
  whisperFiles,
  writeManifest,
} from '../../sidecar/src/models/whisper-manifest';
import { type Scratch, scratch } from '../fixtures/media';

const MODEL = 'onnx-community/whisper-tiny.en';
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const FILES = whisperFiles('fp32');

let s: Scratch;
/** What the stand-in hub serves, by file path; tests may tamper with it. */
let served: Map<string, Buffer>;
let hub: Server;
let hubUrl: string;
const requests: string[] = [];

/**
 * The hub: `main` and the commit both resolve; JSON files answer 200, `.onnx` files 302 to a
 * CDN path, each resolve answer carries `X-Repo-Commit`, anything else is 404.
 */
function startHub(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    requests.push(`${req.method} ${url.pathname}`);
    const cdn = /^\/cdn\/(.+)$/.exec(url.pathname);
    if (cdn?.[1]) {
      const body = served.get(decodeURIComponent(cdn[1]));
      res.writeHead(body ? 200 : 404).end(body);
      return;
    }
    const prefix = `/${MODEL}/resolve/`;
    if (!url.pathname.startsWith(prefix)) return void res.writeHead(404).end();
    const [revision, ...rest] = url.pathname.slice(prefix.length).split('/');
    const path = rest.map(decodeURIComponent).join('/');
    const body = served.get(path);
    if ((revision !== 'main' && revision !== COMMIT) || !body) {
      return void res.writeHead(404).end('Entry not found');
    }
    if (path.endsWith('.onnx')) {
      res.writeHead(302, { location: `/cdn/${encodeURIComponent(path)}`, 'x-repo-commit': COMMIT });
      return void res.end();
    }
    res.writeHead(200, { 'content-length': body.length, 'x-repo-commit': COMMIT });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The fake model's files: small, distinct bytes per file. */
function fakeModel(): Map<string, Buffer> {
  return new Map(FILES.map((f, i) => [f, Buffer.from(`${f}:${i}:${'x'.repeat(100 * (i + 1))}`)]));
}

/** The manifest the fake model pins to. */
function pinnedManifest(): WhisperManifest {
  return {
    model: MODEL,
    dtype: 'fp32',
    revision: COMMIT,
    files: FILES.map((path) => {
      const body = fakeModel().get(path) as Buffer;
      return { path, size: body.length, sha256: sha256(body) };
    }),
  };
}

beforeAll(async () => {
  s = await scratch();
  hub = await startHub();
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hub.close();
  await s.cleanup();
});
beforeEach(() => {
  served = fakeModel();
  requests.length = 0;
});

describe('pinModel', () => {
  it('resolves main to its commit and records every file’s size and sha256', async () => {
    const manifest = await pinModel({ model: MODEL, dtype: 'fp32', revision: 'main', hub: hubUrl });
    expect(manifest).toMatchObject(pinnedManifest());
    // Everything after the first look-up is read at the commit, never at the moving branch.
    const gets = requests.filter((r) => r.startsWith('GET') && r.includes('/resolve/'));
    expect(gets).toHaveLength(FILES.length);
    for (const get of gets) expect(get).toContain(`/resolve/${COMMIT}/`);
  });
});

describe('fetchPinnedModel', () => {
  it('downloads every file at the pinned commit into the layout WHISPER_MODEL_DIR reads', async () => {
    const out = s.path('hub-out');
    const bytes = await fetchPinnedModel(requirePinned(pinnedManifest()), out, { hub: hubUrl });
    expect(bytes).toBe([...served.values()].reduce((n, b) => n + b.length, 0));
    for (const [path, body] of served) {
      expect(await readFile(join(out, MODEL, path))).toEqual(body);
    }
  });

  it('refuses a file the hub serves with other bytes, naming it, and keeps nothing of it', async () => {
    const out = s.path('tampered-out');
    const tampered = 'onnx/decoder_model_merged.onnx';
    const original = served.get(tampered) as Buffer;
    served.set(tampered, Buffer.concat([original.subarray(0, -1), Buffer.from('!')]));
    await expect(
      fetchPinnedModel(requirePinned(pinnedManifest()), out, { hub: hubUrl }),
    ).rejects.toThrow(/onnx\/decoder_model_merged\.onnx from .* does not match the manifest/);
    await expect(readFile(join(out, MODEL, tampered))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(out, MODEL, `${tampered}.part`))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a file longer than the manifest says without reading it all', async () => {
    served.set('tokenizer.json', Buffer.alloc(1_000_000, 1));
    await expect(
      fetchPinnedModel(requirePinned(pinnedManifest()), s.path('long-out'), { hub: hubUrl }),
    ).rejects.toThrow(/tokenizer\.json .*more than the expected/);
  });

  it('copies from a local folder of the same layout, with the same checks', async () => {
    const folder = s.path('local-model');
    for (const [path, body] of served) {
      await mkdir(join(folder, MODEL, path, '..'), { recursive: true });
      await writeFile(join(folder, MODEL, path), body);
    }
    const out = s.path('local-out');
    await fetchPinnedModel(requirePinned(pinnedManifest()), out, { folder });
    expect(await readFile(join(out, MODEL, 'config.json'))).toEqual(served.get('config.json'));
    expect(requests).toEqual([]);

    await writeFile(join(folder, MODEL, 'config.json'), '{"edited": true}');
    await expect(
      fetchPinnedModel(requirePinned(pinnedManifest()), s.path('local-out-2'), { folder }),
    ).rejects.toThrow(/config\.json from .* does not match the manifest/);
  });
});

describe('requirePinned', () => {
  it('refuses the unpinned manifest with what to do', () => {
    const unpinned: WhisperManifest = { model: MODEL, dtype: 'fp32', revision: null, files: [] };
    expect(() => requirePinned(unpinned)).toThrow(/not pinned yet: run `npm run whisper:pin`/);
  });

  it('refuses a manifest that leaves out a file the sidecar loads', () => {
    const partial = pinnedManifest();
    partial.files = partial.files.filter((f) => f.path !== 'onnx/encoder_model.onnx');
    expect(() => requirePinned(partial)).toThrow(/lists no onnx\/encoder_model\.onnx/);
  });

  it('reads the committed manifest as valid (pinned or not)', async () => {
    const committed = await readManifest();
    expect(committed.model).toBe(MODEL);
  });
});

describe('the command line', () => {
  const root = resolve(import.meta.dirname, '../..');
  const run = async (args: string[]) => {
    const child = spawn(
      resolve(root, 'node_modules/.bin/tsx'),
      [resolve(root, 'sidecar/scripts/fetch-whisper-model.ts'), ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, output };
  };

  it('pins, fetches, and exits 1 naming a file that differs', async () => {
    const manifestPath = s.path('cli-manifest.json');
    await writeManifest({ model: MODEL, dtype: 'fp32', revision: null, files: [] }, manifestPath);
    const pinned = await run(['--pin', '--manifest', manifestPath, '--hub', hubUrl]);
    expect(pinned.code).toBe(0);
    expect((await readManifest(manifestPath)).revision).toBe(COMMIT);

    const out = s.path('cli-out');
    const fetched = await run(['--manifest', manifestPath, '--out', out, '--hub', hubUrl]);
    expect(fetched).toMatchObject({ code: 0 });
    expect(fetched.output).toContain('"event":"whisper_model_verified"');

    served.set('preprocessor_config.json', Buffer.from('{}'));
    await rm(out, { recursive: true, force: true });
    const refused = await run(['--manifest', manifestPath, '--out', out, '--hub', hubUrl]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/preprocessor_config\.json from .* does not match/);
  });
});
