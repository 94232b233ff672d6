/**
 * The campaigns list: calls of one script grouped per organisation, busiest over the last 24
 * hours first (the server's order, which the page keeps), the label filter, and more pages by
 * the server's cursor. Each row opens its campaign (`#/campaign/<id>`, campaign-detail.ts).
 * Answers are checked with the server's own schemas (core/schemas/campaigns.ts).
 */
import type { z } from 'zod';
import {
  CampaignPageSchema,
  type CampaignSummary,
  type VerdictMixSchema,
} from '#core/schemas/campaigns';
import { errorParts } from '../api';
import { byId, h, humanize } from '../dom';
import { call } from './client';

const PAGE = 25;

/** What the signed-in member may do with campaigns here (the server checks it again). */
export interface CampaignAccess {
  /** Reviewers and above, signed in as a user (API keys may not label). */
  label: boolean;
  /** Admins and above, signed in as a user: the organisation's campaign settings. */
  settings: boolean;
}

/** Campaigns have no names: a short form of the id stands for one. */
export function campaignName(id: string): string {
  return `Campaign ${id.slice(0, 8)}`;
}

/** The reviewers' label as a badge; "Unlabelled" when there is none. */
export function labelBadge(label: CampaignSummary['label'], testid?: string): HTMLSpanElement {
  const style = label === 'scam' ? 'verdict-scam' : label === 'legitimate' ? 'verdict-safe' : '';
  return h(
    `span.badge${style ? `.${style}` : ''}`,
    { testid, 'data-label': label ?? 'none' },
    label ? humanize(label) : 'Unlabelled',
  );
}

const VERDICTS = ['SCAM', 'LIKELY_SCAM', 'SUSPICIOUS', 'SAFE'] as const;

/** The verdict mix: a stacked bar and its numbers in words (the bar alone says too little). */
export function verdictMix(mix: z.infer<typeof VerdictMixSchema>, testid?: string): HTMLElement {
  const total = VERDICTS.reduce((sum, v) => sum + mix[v], 0);
  const parts = VERDICTS.filter((v) => mix[v] > 0);
  const words = parts.map((v) => `${mix[v]} ${humanize(v).toLowerCase()}`).join(' · ');
  return h(
    'div.verdict-mix',
    { testid },
    h(
      'div.mix-bar',
      { 'aria-hidden': 'true' },
      parts.map((v) => h(`span.mix-${v.toLowerCase()}`, { style: `flex-grow: ${mix[v] / total}` })),
    ),
    h('span.small.muted', null, words || 'no verdicts yet'),
  );
}

function rowOf(c: CampaignSummary): HTMLTableRowElement {
  return h(
    'tr',
    { testid: 'campaign-row', 'data-id': c.id, 'data-calls-24h': c.calls_24h },
    h('td', null, h('a', { href: `#/campaign/${c.id}` }, campaignName(c.id))),
    h('td.num', { testid: 'campaign-calls-24h' }, c.calls_24h),
    h('td.num', null, c.calls_total),
    h('td', null, verdictMix(c.verdicts)),
    h('td', null, labelBadge(c.label, 'campaign-row-label')),
    h('td.muted', null, new Date(c.last_seen).toLocaleString()),
  );
}

/** Wires the filter and the list; returns a function that reloads it from the first page. */
export function setupCampaignList(): () => Promise<void> {
  const form = byId('campaign-filters', HTMLFormElement);
  const body = byId('campaigns-body');
  const status = byId('campaigns-status');
  const more = byId('campaigns-more', HTMLButtonElement);
  let cursor: string | null = null;

  const query = () => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim()) params.set(name, value.trim());
    }
    // The cursor keeps the first page's instant: every page ranks by the same 24 hours.
    if (cursor) params.set('cursor', cursor);
    return params;
  };

  const load = async (fresh: boolean) => {
    if (fresh) {
      cursor = null;
      body.replaceChildren();
    }
    status.textContent = 'Loading…';
    more.disabled = true;
    try {
      const page = await call(CampaignPageSchema, `/api/v1/campaigns?${query()}`);
      body.append(...page.items.map(rowOf));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      status.textContent = body.children.length ? '' : 'No campaigns match.';
    } catch (error) {
      status.textContent = errorParts(error).detail;
    } finally {
      more.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  return () => load(true);
}
