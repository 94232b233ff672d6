/**
 * The analyses workspace (worker/public/analyses.html) in real Chromium against the real
 * stack: sign in with a member's token, upload a spoken call with its progress shown, follow
 * the job to its result, play the audio from its presigned URL, jump by transcript segment,
 * review it, filter the list; and with an API key, the review is refused with the reason.
 * Every wait is for something the page shows, with a bound.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Scratch, scratch } from '../fixtures/media';
import { type ConsoleBrowser, launchConsoleBrowser, speechWav } from './browser';

const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/workspace-final.png');
const base = inject('workerUrl');
const dev = inject('devCredentials');
let s: Scratch;
let browser: ConsoleBrowser;
let callWav: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  s = await scratch();
  callWav = await speechWav(
    s,
    'upload',
    'This is the Social Security Administration. Your number has been suspended. Pay the fine with gift cards today.',
    0.5,
  );
  browser = await launchConsoleBrowser(callWav);
});
afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

async function signIn(credential: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${base}/analyses.html`, { waitUntil: 'load', timeout: 30_000 });
  await page.getByTestId('signin-token').fill(credential);
  await page.getByTestId('signin-submit').click();
  await page.locator('#workspace').waitFor({ state: 'visible', timeout: 15_000 });
  return page;
}

describe('the analyses workspace', () => {
  it('uploads with progress, follows the job, plays and reviews the result', async () => {
    const page = await signIn(dev.user_jwt);
    expect(await page.getByTestId('who').textContent()).toBe(dev.user_email);

    await page.getByTestId('ws-upload-file').setInputFiles(callWav);
    await page.getByTestId('ws-upload-submit').click();
    // The job's progress bar moves while the server works, and the page opens the result.
    await page.waitForFunction(
      () =>
        Number(document.querySelector<HTMLProgressElement>('[data-testid="job-progress"]')?.value) >
        0,
      null,
      { timeout: 60_000, polling: 100 },
    );
    await page.waitForFunction(() => /^#\/analysis\/[0-9a-f-]{36}$/.test(location.hash), null, {
      timeout: 180_000,
      polling: 250,
    });
    expect(
      await page.getByTestId('upload-progress').evaluate((el) => (el as HTMLProgressElement).value),
    ).toBe(100);
    expect(
      await page.getByTestId('job-progress').evaluate((el) => (el as HTMLProgressElement).value),
    ).toBe(100);
    const status = page.getByTestId('detail-status');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.getAttribute('data-status')).toBe('completed');
    const id = page.url().split('/').pop() ?? '';
    expect(await page.locator('#detail').textContent()).not.toMatch(/\b(null|undefined)\b/);

    // The audio plays from its presigned URL; a segment moves the player to its start.
    const player = page.getByTestId('audio-player');
    expect(await player.getAttribute('src')).toMatch(/\/api\/storage\/object\?key=.*&sig=/);
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLAudioElement>('[data-testid="audio-player"]')?.duration ?? 0) >
        0,
      null,
      { timeout: 15_000 },
    );
    const segments = page.getByTestId('segment');
    expect(await segments.count()).toBeGreaterThan(0);
    const start = Number(await segments.first().getAttribute('data-start'));
    await segments.first().click();
    const at = await player.evaluate((el) => (el as HTMLAudioElement).currentTime);
    expect(Math.abs(at - start)).toBeLessThan(0.5);
    await page.getByTestId('detail-signals').waitFor();

    // Review it: the outcome and its record appear.
    await page.getByTestId('review-notes').fill('Asked for gift cards.');
    await page.getByTestId('review-confirmed_scam').click();
    await page.waitForFunction(
      () =>
        /Reviewed: Confirmed scam/.test(
          document.querySelector('[data-testid="review-state"]')?.textContent ?? '',
        ),
      null,
      { timeout: 15_000 },
    );
    expect(await page.getByTestId('review-history').textContent()).toContain(
      'Asked for gift cards.',
    );

    // The list finds it by transcript text and not among errors.
    const transcript = (await segments.first().textContent()) ?? '';
    const word = transcript.split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w))[0] ?? 'the';
    await page.getByTestId('filter-q').fill(word);
    await page.getByTestId('filter-apply').click();
    await page
      .locator(`[data-testid="analysis-row"][data-id="${id}"]`)
      .waitFor({ timeout: 15_000 });
    await page.getByTestId('filter-q').fill('');
    await page.getByTestId('filter-status').selectOption('error');
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('list-status').waitFor();
    await page.waitForFunction(
      (rowId) => !document.querySelector(`[data-testid="analysis-row"][data-id="${rowId}"]`),
      id,
      { timeout: 15_000 },
    );

    await mkdir(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-apply').click();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 300_000);

  it('with an API key: reads analyses, but the review is refused with the reason', async () => {
    const page = await signIn(dev.api_key);
    expect(await page.getByTestId('who').textContent()).toBe('API key');
    await page.getByTestId('filter-status').selectOption('completed');
    await page.getByTestId('filter-apply').click();
    const first = page.locator('[data-testid="analysis-row"][data-status="completed"]').first();
    await first.waitFor({ timeout: 15_000 });
    await first.locator('a').click();
    await page.getByTestId('review-panel').waitFor({ timeout: 15_000 });
    await page.getByTestId('review-false_positive').click();
    await page.waitForFunction(
      () =>
        /reviewer role/.test(
          document.querySelector('[data-testid="review-status"]')?.textContent ?? '',
        ),
      null,
      { timeout: 15_000 },
    );
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('refuses a wrong credential with the server’s reason', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/analyses.html`);
    await page.getByTestId('signin-token').fill('csk_not-a-real-key');
    await page.getByTestId('signin-submit').click();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="signin-status"]')?.textContent ?? '').length > 12,
      null,
      { timeout: 15_000 },
    );
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    await page.close();
  });
});
