/**
 * The API reference pages in Debian's Chromium against the real stack (wrangler dev serving the
 * bundles from its static assets): /docs (Scalar) shows every operation and schema of
 * /openapi.json and sends a real request with the API key typed into its auth input; /redoc
 * (ReDoc) shows every operation. Nothing either page asks for leaves 127.0.0.1.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';

const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SCREENSHOT = resolve(RESULTS, 'api-reference.png');
const REDOC_SCREENSHOT = resolve(RESULTS, 'api-reference-redoc.png');

const base = inject('workerUrl');
const credentials = inject('devCredentials');

interface DocumentOutline {
  /** Every operationId, paths' and webhooks' alike. */
  operationIds: string[];
  /** Every component schema's name. */
  schemas: string[];
}

/** A page, with everything it asked the network for and everything it complained about. */
interface Observed {
  page: Page;
  requests: Request[];
  /** Console errors about the Content-Security-Policy: something tried to load from elsewhere. */
  cspViolations: string[];
  pageErrors: string[];
}

let browser: Browser;
let outline: DocumentOutline;
/** The document's tags, in its order. */
let tags: string[];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
    webhooks: Record<string, Record<string, { operationId: string }>>;
    components: { schemas: Record<string, unknown> };
    tags: { name: string }[];
  };
  tags = doc.tags.map((tag) => tag.name);
  const items = [...Object.values(doc.paths), ...Object.values(doc.webhooks)];
  outline = {
    operationIds: items.flatMap((item) => Object.values(item).map((op) => op.operationId)),
    schemas: Object.keys(doc.components.schemas),
  };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens `path` in a fresh context (no storage from another test), recording its traffic. */
async function open(path: string): Promise<Observed> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const observed: Observed = { page, requests: [], cspViolations: [], pageErrors: [] };
  page.on('request', (request) => observed.requests.push(request));
  page.on('pageerror', (error) => observed.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      observed.cspViolations.push(message.text());
  });
  await page.goto(`${base}${path}`, { waitUntil: 'load', timeout: 60_000 });
  return observed;
}

/** Requests to anywhere but the Worker (blob: and data: URLs are the page's own memory). */
function offOrigin(requests: Request[]): Request[] {
  const origin = new URL(base).origin;
  return requests.filter((request) => {
    const url = new URL(request.url());
    return url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin;
  });
}

/**
 * What the Scalar page does not show yet: operationIds not in its text, schemas without a
 * heading. Runs in the page; `innerText`, not `textContent`, because only what is drawn counts.
 */
function missingFrom(wanted: DocumentOutline): DocumentOutline {
  // biome-ignore lint/performance/useDomNodeTextContent: only text that is drawn counts
  const text = document.body.innerText;
  const headings = new Set(
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) =>
      // biome-ignore lint/performance/useDomNodeTextContent: as above
      (h as HTMLElement).innerText.trim(),
    ),
  );
  return {
    operationIds: wanted.operationIds.filter((id) => !text.includes(id)),
    schemas: wanted.schemas.filter((name) => !headings.has(name)),
  };
}

const NOTHING: DocumentOutline = { operationIds: [], schemas: [] };

/** How long /docs may take to draw everything: a pass takes 10–60 s on two busy cores. */
const REVEAL_MS = 200_000;

/**
 * Makes Scalar draw the whole document, within REVEAL_MS, and returns what it still lacks. It
 * draws a section only once it comes near the viewport (in an idle callback), and shows a
 * collapsed tag, and the models, behind "Show More": so each pass scrolls through the page a
 * frame at a time, opening every "Show More" it meets, then waits (up to a bound) until every
 * operation and schema is drawn. Sections change height as they are drawn, so a pass may leave
 * some for the next.
 */
async function revealEverything(page: Page): Promise<DocumentOutline> {
  const deadline = Date.now() + REVEAL_MS;
  while (Date.now() < deadline) {
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        for (const more of document.querySelectorAll<HTMLButtonElement>('button.show-more'))
          more.click();
      }
    });
    const timeout = Math.max(1_000, Math.min(15_000, deadline - Date.now()));
    const drawn = await expect
      .poll(() => page.evaluate(missingFrom, outline), { timeout, interval: 500 })
      .toEqual(NOTHING)
      .then(
        () => true,
        () => false,
      );
    if (drawn) break;
  }
  return page.evaluate(missingFrom, outline);
}

describe('/docs (Scalar)', () => {
  it(
    'shows every operation (with its operationId) and every schema, from this origin alone',
    async () => {
      const { page, requests, cspViolations, pageErrors } = await open('/docs');
      await page
        .locator('button', { hasText: 'Test Request' })
        .first()
        .waitFor({ timeout: 60_000 });
      // The sidebar lists the document's tags in its order, then the schemas ("Models").
      const groups = await page
        .getByRole('button', { name: /^(Open|Close) Group - / })
        .allInnerTexts();
      expect(groups.map((g) => g.replace(/^(Open|Close) Group - /, '').trim())).toEqual([
        ...tags,
        'Models',
      ]);
      expect(outline.operationIds.length).toBeGreaterThan(60);
      expect(outline.schemas.length).toBeGreaterThan(60);
      expect(await revealEverything(page)).toEqual(NOTHING);
      expect(offOrigin(requests).map((r) => r.url())).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    },
    REVEAL_MS + 100_000,
  );

  it('sends a request with the API key typed into its auth input, and shows the response', async () => {
    const { page, requests, cspViolations, pageErrors } = await open('/docs');
    // The document's security schemes give the page its auth input; X-API-Key comes first.
    const key = page.getByRole('textbox', { name: /value/i }).first();
    await key.waitFor({ timeout: 60_000 });
    await key.fill(credentials.api_key);
    await page.getByRole('button', { name: 'Open Group - Organisations', exact: true }).click();
    await page
      .getByRole('link', { name: 'Who the credentials belong to, and their organisations' })
      .click();
    await page.getByRole('button', { name: /Test Request\s*\(get \/api\/v1\/me\)/ }).click();
    const client = page.getByRole('dialog');
    const sent = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/me');
    await client.getByRole('button', { name: /^Send/ }).first().click();

    const request = await sent;
    expect(new URL(request.url()).origin).toBe(new URL(base).origin);
    expect(request.headers()['x-api-key']).toBe(credentials.api_key);
    // /api/v1/me answers 401 to a request without credentials; with the key, it names it.
    expect((await request.response())?.status()).toBe(200);
    await client.getByText('200 OK').first().waitFor({ timeout: 30_000 });
    await client.getByText('"api_key"').first().waitFor({ timeout: 30_000 });
    await client.getByText(credentials.org_id).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: SCREENSHOT });

    expect(offOrigin(requests).map((r) => r.url())).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

describe('/redoc (ReDoc)', () => {
  it('shows every operation; nothing it asks for leaves 127.0.0.1', async () => {
    const { page, requests, pageErrors } = await open('/redoc');
    await page.getByRole('heading', { name: /CallShield Edge/ }).waitFor({ timeout: 60_000 });
    // ReDoc gives each operation a section named after its operationId.
    const sections = await page
      .locator('[data-section-id^="operation/"]')
      .evaluateAll((found) => found.map((el) => el.getAttribute('data-section-id')));
    expect(sections.sort()).toEqual(outline.operationIds.map((id) => `operation/${id}`).sort());
    await page.screenshot({ path: REDOC_SCREENSHOT });

    // ReDoc 2 always draws its maker's logo from a CDN in the sidebar: the page's CSP stops
    // that request in the browser, so nothing else may appear, and it may not get through.
    for (const request of offOrigin(requests)) {
      expect(await request.response(), request.url()).toBeNull();
      expect(request.failure()?.errorText, request.url()).toBe('csp');
    }
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
