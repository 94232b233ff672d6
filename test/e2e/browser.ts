/**
 * Debian's Chromium driven by playwright-core, with a fake microphone that plays a WAV file,
 * for the browser-console tests. Each launch gets a fresh profile so no state leaks between
 * runs, and nothing but 127.0.0.1 is ever contacted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type Scratch, speak, tool } from '../fixtures/media';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What every test browser runs with: no sandbox (root), no GPU, nothing fetched from outside. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ConsoleBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Launches Chromium whose microphone plays `micWav` (looped by Chromium).
 * @param micWav a 16 kHz mono 16-bit WAV
 */
export async function launchConsoleBrowser(micWav: string): Promise<ConsoleBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'callshield-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
    args: [
      '--headless',
      ...CHROMIUM_ARGS,
      // Answer the permission prompt and replace the microphone with the WAV file.
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micWav}`,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Speaks `text` with espeak-ng and converts it to 16 kHz mono 16-bit PCM, the format the fake
 * microphone and CallShield's clients use, with `padSeconds` of silence after it (`voice`:
 * an espeak-ng voice, its default when absent).
 */
export async function speechWav(
  s: Scratch,
  name: string,
  text: string,
  padSeconds = 0,
  voice?: string,
): Promise<string> {
  const raw = s.path(`${name}-raw.wav`);
  const out = s.path(`${name}.wav`);
  await speak(text, raw, voice);
  await tool('sox', [
    raw,
    '-r',
    '16000',
    '-c',
    '1',
    '-b',
    '16',
    out,
    'pad',
    '0',
    String(padSeconds),
  ]);
  return out;
}
