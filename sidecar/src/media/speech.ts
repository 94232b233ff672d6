/**
 * Text to phone audio: espeak-ng renders the text, ffmpeg turns it into 8 kHz mono µ-law (the
 * only format a Twilio Media Stream plays). The one place that spawns espeak-ng.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SidecarError } from '../errors';
import { runChild } from './child';
import { type BinaryInfo, resolveBinary } from './resolve-binary';

/** A minute of µ-law: no warning is longer. */
const MAX_SPEECH_BYTES = 8_000 * 60;

/** Resolves espeak-ng once at start; `ESPEAK_NG_PATH` overrides the PATH lookup. */
export function resolveEspeak(override: string | undefined): BinaryInfo {
  return resolveBinary('espeak-ng', override, 'ESPEAK_NG_PATH');
}

/** Speaks `text` as 8 kHz µ-law bytes. */
export async function speakMulaw(
  text: string,
  tools: { espeak: string; ffmpeg: string },
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'callshield-speak-'));
  try {
    const wav = join(dir, 'speech.wav');
    // From a file, so no text is ever read as an option.
    await writeFile(join(dir, 'speech.txt'), text);
    const spoken = await runChild(
      tools.espeak,
      ['-s', '150', '-w', wav, '-f', join(dir, 'speech.txt')],
      {
        signal,
        maxStdoutBytes: 65_536,
      },
    );
    if (spoken.code !== 0) throw new SidecarError('INTERNAL', 'speech synthesis failed');
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', wav];
    const converted = await runChild(
      tools.ffmpeg,
      [...args, '-ac', '1', '-ar', '8000', '-f', 'mulaw', 'pipe:1'],
      { signal, maxStdoutBytes: MAX_SPEECH_BYTES },
    );
    if (converted.code !== 0) throw new SidecarError('INTERNAL', 'speech conversion failed');
    return new Uint8Array(converted.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
