/**
 * The browser console (worker/public) in real Chromium against the real local stack: a fake
 * microphone speaks a scam script into the Record tab, and the Paste and Upload tabs score a
 * transcript and a recording. Every wait is for something the page shows, with a bound.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readWavHeader } from '#core/audio/wav-reader';
import { type Scratch, scratch } from '../fixtures/media';
import { type ConsoleBrowser, launchConsoleBrowser, speechWav } from './browser';

/**
 * Four independent threats (a suspended social security number, a warrant, gift cards read
 * out, secrecy), each above SAFE as text on its own, so a misheard word or two cannot make the
 * call sound safe. Heard from the file alone, the first and the third still are.
 */
const SCAM_SCRIPT =
  'This is officer John Miller from the Social Security Administration. Your social security ' +
  'number has been suspended because of suspicious activity. A warrant will be issued for your ' +
  'arrest. To avoid legal action, buy gift cards today and read me the numbers on the back. ' +
  'Do not tell anyone about this call.';
/**
 * espeak-ng's American voice with its `f2` variant. pocketsphinx's en-us model hears the plain
 * `en-us` voice poorly even from the file ("your social security has been | we're easy for
 * your" for the number and warrant sentences) and this one well ("your social security
 * number has been suspended because of suspicious activity warrant will be issued for your").
 */
const SCAM_VOICE = 'en-us+f2';
const VERDICTS = ['SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM'];
const ABOVE_SAFE = VERDICTS.slice(1);
const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/console-final.png');
const FAILURE_SCREENSHOT = resolve(import.meta.dirname, '../../test-results/console-failure.png');

const base = inject('workerUrl');
let s: Scratch;
let browser: ConsoleBrowser;
let micWav: string;
/** How long the script lasts, and the partials that cover it (a 2 s chunk, then 5 s ones). */
let scriptMs: number;
let scriptPartials: number;
/** A short call (~4 s): two chunks, so streaming it as a file stays quick. */
let shortWav: string;
/** Uncaught exceptions in the page: a console that throws is broken even if it renders. */
const pageErrors: string[] = [];

beforeAll(async () => {
  s = await scratch();
  // A second of silence after the script, so Chromium's loop starts each repeat cleanly.
  micWav = await speechWav(s, 'mic', SCAM_SCRIPT, 1, SCAM_VOICE);
  scriptMs = readWavHeader(new Uint8Array(await readFile(micWav))).durationMs;
  scriptPartials = 1 + Math.ceil(Math.max(0, scriptMs - 2_000) / 5_000);
  shortWav = await speechWav(s, 'short', 'Your social security number has been suspended.', 0.5);
  browser = await launchConsoleBrowser(micWav);
});

afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

/** @param query e.g. `?debug=1`, which gives the page its test hook (`window.callshieldDebug`) */
async function openConsole(tab: 'record' | 'upload' | 'paste', query = ''): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${base}/${query}`, { waitUntil: 'load', timeout: 30_000 });
  await page.getByTestId(`tab-${tab}`).click();
  // Wait for the tab to show as selected rather than reading it once: on a loaded machine the
  // page's module may still be wiring the tabs when the click lands; then click again (bounded).
  const selected = `[data-testid="tab-${tab}"][aria-selected="true"]`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await page.waitForSelector(selected, { timeout: 5_000 }).catch(() => null)) return page;
    await page.getByTestId(`tab-${tab}`).click();
  }
  throw new Error(`the ${tab} tab never showed as selected`);
}

/** The text of the first element with this test id ('' when it has none). */
async function testText(page: Page, id: string): Promise<string> {
  return (await page.getByTestId(id).first().textContent({ timeout: 5_000 })) ?? '';
}

/**
 * Start is disabled while a call runs and comes back once it is over, with a final result or
 * with the reason there is none, so it is the one event that ends every stream wait.
 */
async function waitUntilCallOver(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector<HTMLButtonElement>('[data-testid="record-start"]')?.disabled,
    null,
    { timeout: 120_000, polling: 250 },
  );
}

describe('browser console', () => {
  it('streams the microphone: partial results build up, Stop brings the final verdict', async ({
    onTestFailed,
  }) => {
    const page = await openConsole('record');
    // What the page showed when it went wrong is the quickest way to see why.
    onTestFailed(async () => {
      await mkdir(resolve(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true }).catch(() => {});
    });
    await page.getByTestId('record-start').click();

    // Stop only once the whole script has been spoken and answered: its threats come at the
    // end. The first chunk is 2 s and the rest 5 s; each partial needs its audio in real time
    // plus recognition, which with pocketsphinx on a busy machine can take longer than the
    // audio. Also stop waiting if the stream ends early (Start enabled again), to fail with its
    // reason.
    await page.waitForFunction(
      (wanted) =>
        Number(document.querySelector('[data-testid="partial-count"]')?.textContent) >= wanted ||
        !document.querySelector<HTMLButtonElement>('[data-testid="record-start"]')?.disabled,
      scriptPartials,
      { timeout: 90_000 + scriptMs, polling: 250 },
    );
    expect(
      Number(await testText(page, 'partial-count')),
      `stream ended early: ${await testText(page, 'stream-errors')}`,
    ).toBeGreaterThanOrEqual(scriptPartials);
    expect(VERDICTS).toContain(await page.getByTestId('live-verdict').getAttribute('data-verdict'));
    expect(Number(await testText(page, 'gauge-value'))).toBeGreaterThanOrEqual(0);
    expect(await page.locator('[data-testid="chunk"].done').count()).toBeGreaterThanOrEqual(2);
    // The chart draws one point per partial and labels each threshold with its number.
    expect(await page.locator('[data-testid="score-chart"] circle').count()).toBeGreaterThanOrEqual(
      2,
    );
    const chartText = await testText(page, 'score-chart');
    for (const label of ['SUSPICIOUS 0.30', 'LIKELY_SCAM 0.60', 'SCAM 0.85']) {
      expect(chartText).toContain(label);
    }

    await page.getByTestId('record-stop').click();
    await waitUntilCallOver(page);
    expect(
      await page.getByTestId('final-verdict').isVisible(),
      `no final result: ${await testText(page, 'stream-errors')}`,
    ).toBe(true);
    // The microphone reaches the recogniser unprocessed (recorder.js), so the call is heard as
    // the file is: a scam.
    const verdict = await page.getByTestId('final-verdict').getAttribute('data-verdict');
    expect(ABOVE_SAFE, `final verdict ${verdict}`).toContain(verdict);
    expect(await testText(page, 'final-summary')).toMatch(/Call summary/);
    expect(await page.getByTestId('stream-error').count()).toBe(0);

    await mkdir(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 240_000);

  it('scores a pasted transcript and exports the report as JSON', async () => {
    const page = await openConsole('paste');
    await page.getByTestId('paste-text').fill(SCAM_SCRIPT);
    await page.getByTestId('paste-submit').click();
    const verdict = page.getByTestId('report-verdict');
    await verdict.waitFor({ state: 'visible', timeout: 30_000 });
    expect(['LIKELY_SCAM', 'SCAM']).toContain(await verdict.getAttribute('data-verdict'));
    expect(await page.getByTestId('signal').count()).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByTestId('export-json').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(typeof exported.combined_score).toBe('number');
    expect(exported.combined_score.toFixed(2)).toBe(await testText(page, 'report-score'));
    expect(exported.verdict).toBe(await verdict.getAttribute('data-verdict'));
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the server error readably when the transcript is blank', async () => {
    const page = await openConsole('paste');
    await page.getByTestId('paste-text').fill('   ');
    await page.getByTestId('paste-submit').click();
    const error = page.getByTestId('report-error');
    await error.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await error.textContent()).toMatch(/empty/i);
    expect(await page.getByTestId('report').count()).toBe(0);
    await page.close();
  });

  it('uploads a recording and shows its transcript and the engines used', async () => {
    const page = await openConsole('upload');
    await page.getByTestId('upload-file').setInputFiles(micWav);
    await page.getByTestId('upload-submit').click();
    // Either outcome ends the wait; a shown error then fails with its own text.
    await page
      .locator('[data-testid="report"], [data-testid="report-error"]')
      .first()
      .waitFor({ state: 'visible', timeout: 150_000 });
    const error = page.getByTestId('report-error');
    if ((await error.count()) > 0) throw new Error(`upload failed: ${await error.textContent()}`);

    expect(VERDICTS).toContain(
      await page.getByTestId('report-verdict').getAttribute('data-verdict'),
    );
    expect((await testText(page, 'report-transcript')).trim()).not.toBe('');
    expect(await page.getByTestId('report-transcript').getAttribute('class')).not.toMatch(/muted/);
    expect(await testText(page, 'report-engine')).toMatch(/local|gemini/);
    // Which recogniser heard the call is shown too (pocketsphinx offline, Whisper where it loads).
    expect(await testText(page, 'report-asr-engine')).toMatch(/pocketsphinx|whisper/);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('streams a local file in the same chunks and finishes with a summary', async () => {
    const page = await openConsole('record');
    await page.getByTestId('stream-file').setInputFiles(shortWav);
    await waitUntilCallOver(page);
    expect(
      await page.getByTestId('final-verdict').isVisible(),
      `no final result: ${await testText(page, 'stream-errors')}`,
    ).toBe(true);
    // ~4 s of audio: a 2 s chunk, then the rest (over the 0.5 s minimum) as the last one.
    expect(await page.locator('[data-testid="chunk"]').count()).toBe(2);
    expect(await testText(page, 'partial-count')).toBe('2');
    expect(await testText(page, 'final-summary')).toMatch(/Chunks\s*2/);
    expect(await page.getByTestId('stream-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the alert banner as the call reaches each alert level', async () => {
    // Low levels of the dev organisation's own, so even this short call reaches them.
    const levels = (method: 'PUT' | 'DELETE', body?: unknown) =>
      fetch(`${base}/api/v1/alert-levels`, {
        method,
        headers: {
          Authorization: `Bearer ${inject('devCredentials').user_jwt}`,
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await levels('PUT', { review: 0.01, alert: 0.02, hard_alert: 0.03 })).status).toBe(200);
    try {
      const page = await openConsole('record');
      const alerts: { level: string }[] = [];
      page.on('websocket', (ws) =>
        ws.on('framereceived', ({ payload }) => {
          if (typeof payload === 'string' && payload.includes('"type":"alert"'))
            alerts.push(JSON.parse(payload));
        }),
      );
      await page.getByTestId('stream-file').setInputFiles(shortWav);
      await waitUntilCallOver(page);
      expect(alerts.length).toBeGreaterThan(0);
      expect(alerts.map((a) => a.level)).toEqual(
        ['review', 'alert', 'hard_alert'].slice(0, alerts.length),
      );
      const banner = page.getByTestId('alert-banner');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.getAttribute('data-level')).toBe(alerts.at(-1)?.level);
      expect(await testText(page, 'alert-title')).toMatch(/^(Review|Alert|Hard alert):/);
      expect(pageErrors).toEqual([]);
      await page.close();
    } finally {
      await levels('DELETE');
    }
  });

  it('resumes a stream whose socket drops: every chunk shown once, one summary', async () => {
    const page = await openConsole('record', '?debug=1');
    // What went over the wire: the resume URL, and the resent chunks the server had already
    // scored (chunk 2 is sent before partial 1 is drawn, so it reaches the server before the drop).
    const sockets: string[] = [];
    let duplicates = 0;
    page.on('websocket', (ws) => {
      sockets.push(ws.url());
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && /"duplicate":true/.test(payload)) duplicates += 1;
      });
    });
    // "Reconnected" is soon replaced by the next progress line, so every status the page
    // shows is recorded as it happens rather than polled for.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="stream-status"]') as HTMLElement;
      const seen: string[] = [];
      Object.assign(window, { statusLog: seen });
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    // The script runs ~22 s: chunks of 2 s, then 5 s ones and a tail, so the drop lands mid-call.
    await page.getByTestId('stream-file').setInputFiles(micWav);
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="partial-count"]')?.textContent) >= 1 ||
        !document.querySelector<HTMLButtonElement>('[data-testid="record-start"]')?.disabled,
      null,
      { timeout: 90_000, polling: 100 },
    );
    expect(
      await page.getByTestId('record-start').isDisabled(),
      `stream ended early: ${await testText(page, 'stream-errors')}`,
    ).toBe(true);

    // A non-1000 close, as a network failure gives: the server keeps the call open.
    await page.evaluate(() =>
      (
        window as unknown as { callshieldDebug: { dropStream: (code: number) => void } }
      ).callshieldDebug.dropStream(4000),
    );
    // Reconnecting first, then Reconnected, in that order (the first try is due after 0.5 s).
    await page.waitForFunction(
      () => {
        const log = (window as unknown as { statusLog: string[] }).statusLog;
        const lost = log.findIndex((t) => /^Connection lost — reconnecting \(1\/5\)/.test(t));
        return lost >= 0 && log.slice(lost).some((t) => /^Reconnected/.test(t));
      },
      null,
      { timeout: 20_000, polling: 100 },
    );
    await waitUntilCallOver(page);
    expect(
      await page.getByTestId('final-verdict').isVisible(),
      `no final result: ${await testText(page, 'stream-errors')}`,
    ).toBe(true);

    // Each chunk drawn once, none missing: resent chunks' second answers are not counted.
    const shown = await page
      .locator('[data-testid="chunk"].done')
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.chunk)));
    const n = shown.length;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(shown).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await page.locator('[data-testid="chunk"]').count()).toBe(n);
    expect(await testText(page, 'partial-count')).toBe(String(n));
    expect(await page.locator('[data-testid="score-chart"] circle').count()).toBe(n);
    expect(await testText(page, 'final-summary')).toMatch(new RegExp(`Chunks\\s*${n}(?!\\d)`));
    expect(await testText(page, 'stream-status')).toMatch(/reconnected/);
    expect(sockets).toHaveLength(2);
    const resumed = new URL(sockets[1] ?? 'http://missing.invalid').searchParams;
    expect(resumed.get('stream_id')).toMatch(/\S/);
    expect(resumed.get('last_chunk_index')).toBe('1');
    expect(duplicates).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('stream-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 240_000);

  it('asks for an API key when the server answers 401 and sends it as X-API-Key', async () => {
    const page = await openConsole('paste');
    const seenKeys: (string | undefined)[] = [];
    // Local dev runs without auth, so the refusal of a request without a key is staged here;
    // the key is the dev organisation's real one, which the server checks even with auth off.
    const { api_key } = inject('devCredentials');
    await page.route('**/analyze/text', async (route) => {
      const key = route.request().headers()['x-api-key'];
      seenKeys.push(key);
      if (!key) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'UNAUTHORIZED', message: 'missing API key', request_id: 'req-test' },
            detail: 'missing API key',
          }),
        });
      } else await route.continue();
    });
    await page.getByTestId('paste-text').fill(SCAM_SCRIPT);
    await page.getByTestId('paste-submit').click();

    const dialog = page.getByRole('dialog', { name: 'API key' });
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await testText(page, 'report-error')).toContain('UNAUTHORIZED: missing API key');
    await page.getByLabel('X-API-Key').fill(api_key);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });

    await page.getByTestId('paste-submit').click();
    await page.getByTestId('report-verdict').waitFor({ state: 'visible', timeout: 30_000 });
    expect(seenKeys).toEqual([undefined, api_key]);
    // Kept for the tab only.
    expect(await page.evaluate(() => sessionStorage.getItem('callshield.api_key'))).toBe(api_key);
    await page.close();
  });
});
