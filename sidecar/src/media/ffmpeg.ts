/**
 * ffmpeg: the only place that spawns it. Decodes any input ffmpeg understands (or headerless
 * µ-law/A-law/s16le given the format parameters) to 16 kHz mono signed 16-bit PCM.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pcm16FromBytes } from '#core/audio/pcm';
import type { ProcessParams } from '#core/schemas/sidecar-protocol';
import { SidecarError } from '../errors';
import type { Logger } from '../log';
import { OutputLimitError, runChild } from './child';
import { type BinaryInfo, resolveBinary } from './resolve-binary';

/** Sample rate of everything downstream of decoding (what the speech models expect). */
export const PIPELINE_RATE = 16_000;

/** Resolves the ffmpeg binary; call once at start. `FFMPEG_PATH` overrides PATH lookup. */
export function resolveFfmpeg(override: string | undefined): BinaryInfo {
  return resolveBinary('ffmpeg', override, 'FFMPEG_PATH');
}

/** Input description for {@link decodeToPcm16k}: the bytes, or a file already holding them. */
export interface DecodeInput {
  bytes?: Uint8Array;
  path?: string;
  format: ProcessParams['format'];
  sampleRate?: number | undefined;
  channels?: number | undefined;
}

/** Builds ffmpeg's argument list; exported for tests. */
export function ffmpegArgs(input: Omit<DecodeInput, 'bytes' | 'path'>, inPath: string): string[] {
  const rawInput =
    input.format === 'auto'
      ? []
      : ['-f', input.format, '-ar', String(input.sampleRate), '-ac', String(input.channels ?? 1)];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...rawInput,
    '-i',
    inPath,
    // First audio stream only: a text file probes as a "tty" video and must fail here.
    '-map',
    '0:a:0',
    '-ac',
    '1',
    '-ar',
    String(PIPELINE_RATE),
    '-c:a',
    'pcm_s16le',
    '-f',
    's16le',
    'pipe:1',
  ];
}

/**
 * Decodes to 16 kHz mono PCM. The input goes through a temp file, not stdin, because MP4/M4A
 * with the index at the end can't be demuxed from a pipe. Decoding failures become
 * UNSUPPORTED_MEDIA; ffmpeg's stderr goes to the log only.
 */
export async function decodeToPcm16k(
  ffmpegPath: string,
  input: DecodeInput,
  ctx: { tmpDir: string; signal: AbortSignal; maxSeconds: number; logger: Logger },
): Promise<Int16Array> {
  const inPath = input.path ?? join(ctx.tmpDir, 'input.bin');
  if (!input.path) await writeFile(inPath, input.bytes ?? new Uint8Array());
  const maxStdoutBytes = ctx.maxSeconds * PIPELINE_RATE * 2;
  let result: Awaited<ReturnType<typeof runChild>>;
  try {
    result = await runChild(ffmpegPath, ffmpegArgs(input, inPath), {
      signal: ctx.signal,
      maxStdoutBytes,
    });
  } catch (err) {
    if (err instanceof OutputLimitError) {
      throw new SidecarError('AUDIO_TOO_LONG', `Audio is longer than ${ctx.maxSeconds} s`);
    }
    throw err;
  }
  if (result.code !== 0) {
    const lastLine = result.stderr.trim().split('\n').pop() ?? '';
    ctx.logger.warn('ffmpeg_decode_failed', {
      exit_code: result.code,
      format: input.format,
      bytes: input.bytes?.byteLength,
      detail: lastLine.replaceAll(ctx.tmpDir, '<tmp>').slice(0, 160),
    });
    throw new SidecarError(
      'UNSUPPORTED_MEDIA',
      'The body could not be decoded as audio (unsupported format, or truncated/corrupt data)',
    );
  }
  const samples = pcm16FromBytes(result.stdout);
  if (samples.length === 0) {
    throw new SidecarError('UNSUPPORTED_MEDIA', 'The body decoded to no audio samples');
  }
  return samples;
}
