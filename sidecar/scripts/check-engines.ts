/**
 * Image-build check: loads every engine the image's configuration names (ASR_ENGINES), runs
 * each once on a second of silence, and finds ffmpeg and espeak-ng, so a broken model, a
 * missing Debian package or an over-pruned node_modules fails the build instead of the first
 * call in production. It also imports @huggingface/transformers whatever the engines, which
 * loads onnxruntime-node's native library and sharp.
 *
 * Bundled into the image as dist/check-engines.mjs; `npx tsx sidecar/scripts/check-engines.ts`
 * runs it here. Exits 1 with one line per problem.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEngines } from '../src/app';
import { TranscriberSelector } from '../src/asr/selector';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { resolveFfmpeg } from '../src/media/ffmpeg';
import { resolveEspeak } from '../src/media/speech';

async function main(): Promise<string[]> {
  // The build has no secret (it is set when the container starts), so production's
  // secret requirement is not this check's business.
  const config = loadConfig({ ...process.env, NODE_ENV: 'image-build' });
  const problems: string[] = [];
  for (const tool of [resolveFfmpeg(config.ffmpegPath), resolveEspeak(config.espeakPath)]) {
    if (!tool.path) problems.push(tool.error ?? 'a binary is missing');
  }
  try {
    await import('@huggingface/transformers');
  } catch (error) {
    problems.push(`@huggingface/transformers does not load: ${String(error).slice(0, 300)}`);
  }
  const engines = buildEngines(config);
  const selector = new TranscriberSelector(engines, silentLogger);
  await selector.start();
  for (const status of selector.status()) {
    if (!status.available) problems.push(`${status.name}: ${status.error ?? status.state}`);
  }
  const tmpDir = await mkdtemp(join(tmpdir(), 'check-engines-'));
  try {
    for (const engine of engines.filter((e) =>
      selector.status().some((s) => s.name === e.name && s.available),
    )) {
      try {
        await engine.transcribe(new Int16Array(16_000), {
          signal: AbortSignal.timeout(120_000),
          tmpDir,
        });
      } catch (error) {
        problems.push(
          `${engine.name} fails on a second of silence: ${String(error).slice(0, 300)}`,
        );
      }
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ event: 'engines_checked', engines: selector.status(), problems }));
  return problems;
}

main().then(
  (problems) => {
    for (const p of problems) console.error(p);
    process.exit(problems.length > 0 ? 1 : 0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
