/**
 * The campaigns view of the analyses workspace (worker/public/analyses.html, #/campaigns) in
 * real Chromium against the real stack: two campaigns of the dev organisation, recorded the
 * way the scoring path records calls (`record_campaign_call`, as the service role), appear
 * busiest first; the owner opens one, sees its hourly counts and example, labels it a scam,
 * and the label is still there after a reload. A viewer sees campaigns but no label buttons.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VerdictName as Verdict } from '#core/thresholds';
import { recordCampaignCall } from '../../worker/db/campaigns';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';
import { control } from './control';

const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/console-campaigns.png');
const base = inject('workerUrl');
const dev = inject('devCredentials');
const HOUR = 3_600_000;
let browser: Browser;
let service: SupabaseClient;
let viewerJwt = '';
let exampleId = '';
const ids = { busy: '', quiet: '' };
/** One-call campaigns, enough to need a second page. */
const fillers: string[] = [];
const pageErrors: string[] = [];

/**
 * Calls `hoursAgo` whole hours before this one: the list ranks by the 24 whole hours before
 * the current one, so none of them may fall in the current hour.
 */
const at = (hoursAgo: number) =>
  new Date((Math.floor(Date.now() / HOUR) - hoursAgo) * HOUR + 10 * 60_000).toISOString();

/** A campaign of the dev organisation with one call per verdict; band keys no real call has. */
async function seedCampaign(verdicts: Verdict[], analysis?: string): Promise<string> {
  const call = { org: dev.org_id, fingerprint: 'AAECAwQFBgcICQoLDA0ODw==' };
  const bands = [`e2e-console:${crypto.randomUUID()}`];
  const [first = 'SCAM', ...rest] = verdicts;
  const id = await recordCampaignCall(service, {
    ...call,
    bands,
    verdict: first,
    at: at(rest.length + 1),
    analysis,
  });
  for (const [i, verdict] of rest.entries())
    await recordCampaignCall(service, { ...call, bands, verdict, at: at(i + 1), campaign: id });
  return id;
}

async function api<T>(path: string, jwt: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${jwt}`,
      'x-orgid': dev.org_id,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  service = createClient(dev.supabase_url, dev.service_role_key, {
    auth: { persistSession: false },
  });
  const analysis = await service
    .from('call_analyses')
    .insert({
      organization_id: dev.org_id,
      source: 'text',
      status: 'completed',
      verdict: 'LIKELY_SCAM',
      combined_score: 0.72,
      transcript: 'Medicare is calling about your new card. Press one to confirm your number.',
    })
    .select('id')
    .single();
  if (analysis.error) throw new Error(analysis.error.message);
  exampleId = analysis.data.id;
  ids.busy = await seedCampaign(['LIKELY_SCAM', 'SCAM', 'SCAM', 'SUSPICIOUS', 'SAFE'], exampleId);
  ids.quiet = await seedCampaign(['SAFE', 'SUSPICIOUS']);
  for (let i = 0; i < 25; i++) fillers.push(await seedCampaign(['SAFE']));

  // A viewer of the dev organisation: invited by its owner, accepted by themselves.
  const viewer = await control<{ id: string; jwt: string }>('/main/users');
  const invitation = await api<{ id: string }>('/api/v1/invitations', dev.user_jwt, {
    user_id: viewer.id,
    role: 'viewer',
  });
  await api(`/api/v1/invitations/${invitation.id}/accept`, viewer.jwt, {});
  viewerJwt = viewer.jwt;

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

async function openCampaigns(credential: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${base}/analyses.html`, { waitUntil: 'load', timeout: 30_000 });
  await page.getByTestId('signin-token').fill(credential);
  await page.getByTestId('signin-submit').click();
  await page.locator('#workspace').waitFor({ state: 'visible', timeout: 15_000 });
  await page.getByTestId('nav-campaigns').click();
  for (const id of [ids.busy, ids.quiet])
    await page
      .locator(`[data-testid="campaign-row"][data-id="${id}"]`)
      .waitFor({ timeout: 15_000 });
  return page;
}

/** The label badge of the open campaign, once the campaign `id` is shown. */
async function shownLabel(page: Page, id: string): Promise<string | null> {
  await page
    .locator(`[data-testid="campaign-title"][data-id="${id}"]`)
    .waitFor({ timeout: 15_000 });
  return page.getByTestId('campaign-label').getAttribute('data-label');
}

describe('the campaigns view', () => {
  it('lists campaigns busiest first; a reviewer labels one, and the label stays', async () => {
    const page = await openCampaigns(dev.user_jwt);
    const order = await page
      .getByTestId('campaign-row')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    expect(order.indexOf(ids.busy)).toBeLessThan(order.indexOf(ids.quiet));
    const busyRow = page.locator(`[data-testid="campaign-row"][data-id="${ids.busy}"]`);
    expect(await busyRow.getAttribute('data-calls-24h')).toBe('5');
    expect(await busyRow.getByTestId('campaign-row-label').textContent()).toBe('Unlabelled');
    // A page holds 25; "more" brings the next by the server's cursor, nothing twice.
    const rows = page.getByTestId('campaign-row');
    expect(await rows.count()).toBe(25);
    await page.getByTestId('campaigns-more').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="campaign-row"]').length > 25,
      null,
      { timeout: 15_000 },
    );
    const all = await rows.evaluateAll((r) => r.map((row) => (row as HTMLElement).dataset.id));
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(fillers));

    // Its detail: five calls over the last hours, the mix in words, the example analysis.
    await busyRow.locator('a').click();
    expect(await shownLabel(page, ids.busy)).toBe('none');
    const hours = await page
      .locator('[data-testid="campaign-hours"] .bar')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-calls'))));
    expect(hours).toHaveLength(24);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(5);
    expect(await page.locator('[data-testid="campaign-days"] .bar').count()).toBe(7);
    expect(await page.getByTestId('campaign-verdicts').textContent()).toContain('2 scam');
    expect(await page.getByTestId('campaign-example').getAttribute('href')).toBe(
      `#/analysis/${exampleId}`,
    );
    expect(await page.getByTestId('campaign-settings-card').isVisible()).toBe(true);

    await page.getByTestId('campaign-label-scam').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="campaign-label"]')?.getAttribute('data-label') ===
        'scam',
      null,
      { timeout: 15_000 },
    );
    await page.reload({ waitUntil: 'load' });
    expect(await shownLabel(page, ids.busy)).toBe('scam');
    // Now it is labelled, the unlabelled filter leaves it out.
    await page.getByTestId('campaign-filter-label').selectOption('none');
    await page.getByTestId('campaign-filter-apply').click();
    await page
      .locator(`[data-testid="campaign-row"][data-id="${ids.quiet}"]`)
      .waitFor({ timeout: 15_000 });
    expect(await busyRow.count()).toBe(0);
    await page.getByTestId('campaign-filter-label').selectOption('');
    await page.getByTestId('campaign-filter-apply').click();
    await busyRow.getByTestId('campaign-row-label').waitFor({ timeout: 15_000 });
    expect(await busyRow.getByTestId('campaign-row-label').textContent()).toBe('Scam');
    expect(await page.locator('#campaign-detail').textContent()).not.toMatch(
      /\b(null|undefined|NaN)\b/,
    );

    await mkdir(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The example opens its analysis in the analyses view.
    await page.getByTestId('campaign-example').click();
    await page.getByTestId('detail-title').waitFor({ timeout: 15_000 });
    expect(await page.locator('#campaigns-view').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('a viewer sees the campaigns but no label buttons and no settings', async () => {
    const page = await openCampaigns(viewerJwt);
    await page.locator(`[data-testid="campaign-row"][data-id="${ids.quiet}"] a`).click();
    expect(await shownLabel(page, ids.quiet)).toBe('none');
    await page.getByTestId('campaign-label-note').waitFor();
    expect(await page.getByTestId('campaign-label-panel').count()).toBe(0);
    expect(await page.getByTestId('campaign-label-scam').count()).toBe(0);
    expect(await page.getByTestId('campaign-settings-card').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
