/**
 * One campaign: its label, counts and first and last calls, calls per hour over the last 24
 * hours and per day over the last 7 (UTC, as the server counts them), the verdict mix, the
 * example calls (each opens its analysis), and for reviewers the label buttons. A refused
 * label shows the server's reason as it comes.
 */

import type { z } from 'zod';
import { type Campaign, type CampaignLabelSchema, CampaignSchema } from '#core/schemas/campaigns';
import { errorParts } from '../api';
import { barChart } from '../bar-chart';
import { append, fmtScore, h } from '../dom';
import { verdictBadge } from '../verdict';
import { type CampaignAccess, campaignName, labelBadge, verdictMix } from './campaigns';
import { call } from './client';

type Label = z.infer<typeof CampaignLabelSchema> | null;

const LABELS: [label: Label, text: string, style: string][] = [
  ['scam', 'Label scam', 'danger'],
  ['legitimate', 'Label legitimate', 'secondary'],
  [null, 'Clear label', 'secondary'],
];

const utcHour = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:00`;
const utcDay = (d: Date) =>
  d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function labelPanel(c: Campaign, access: CampaignAccess, saved: (c: Campaign) => void) {
  if (!access.label) {
    return h('p.muted.small', { testid: 'campaign-label-note' }, 'Reviewers label campaigns.');
  }
  const status = h('p.status-line', { role: 'status', testid: 'campaign-label-status' });
  const buttons = LABELS.map(([label, text, style]) =>
    h(
      `button.${style}`,
      {
        type: 'button',
        testid: `campaign-label-${label ?? 'clear'}`,
        disabled: c.label === label,
        onclick: async () => {
          status.textContent = 'Saving…';
          for (const b of buttons) b.disabled = true;
          try {
            saved(
              await call(CampaignSchema, `/api/v1/campaigns/${c.id}/label`, {
                method: 'PUT',
                body: { label },
              }),
            );
          } catch (error) {
            status.textContent = errorParts(error).detail;
            buttons.forEach((b, i) => {
              b.disabled = c.label === LABELS[i]?.[0];
            });
          }
        },
      },
      text,
    ),
  );
  return h('div', { testid: 'campaign-label-panel' }, h('div.controls', null, buttons), status);
}

function render(
  container: HTMLElement,
  c: Campaign,
  access: CampaignAccess,
  onChange: () => void,
): void {
  container.replaceChildren();
  append(container, [
    h('a.small-link', { href: '#/campaigns' }, '← All campaigns'),
    h(
      'header.report-head',
      null,
      h(
        'div',
        null,
        h('h2', { testid: 'campaign-title', 'data-id': c.id }, campaignName(c.id)),
        labelBadge(c.label, 'campaign-label'),
        h(
          'p.muted',
          { testid: 'campaign-counts' },
          `${c.calls_24h} calls in the last 24 hours · ${c.calls_total} in all · first ` +
            `${new Date(c.first_seen).toLocaleString()} · last ${new Date(c.last_seen).toLocaleString()}`,
        ),
        c.labeled_at
          ? h('p.muted.small', null, `Labelled ${new Date(c.labeled_at).toLocaleString()}`)
          : null,
      ),
    ),
    labelPanel(c, access, (next) => {
      onChange();
      render(container, next, access, onChange);
    }),
    h('h3.card-subtitle', null, 'Calls per hour, last 24 hours (UTC)'),
    barChart(c.calls_per_hour, {
      label: 'Calls per hour over the last 24 hours',
      tick: utcHour,
      every: 4,
      testid: 'campaign-hours',
    }),
    h('h3.card-subtitle', null, 'Calls per day, last 7 days (UTC)'),
    barChart(c.calls_per_day, {
      label: 'Calls per day over the last 7 days',
      tick: utcDay,
      testid: 'campaign-days',
    }),
    h('h3.card-subtitle', null, 'Verdicts'),
    verdictMix(c.verdicts, 'campaign-verdicts'),
    h('h3.card-subtitle', null, 'Example calls'),
    c.examples.length
      ? h(
          'ul.campaign-examples',
          { testid: 'campaign-examples' },
          c.examples.map((e) =>
            h(
              'li',
              null,
              h(
                'a',
                { href: `#/analysis/${e.id}`, testid: 'campaign-example' },
                new Date(e.created_at).toLocaleString(),
              ),
              ' ',
              e.verdict ? verdictBadge(e.verdict) : null,
              h('span.muted', null, ` score ${fmtScore(e.combined_score)}`),
            ),
          ),
        )
      : h('p.muted', null, 'No stored analyses are linked to this campaign.'),
  ]);
}

/**
 * Renders the campaign `id` into `container`.
 * @param onChange called after its label changed (the list shows labels too)
 */
export async function showCampaign(
  container: HTMLElement,
  id: string,
  access: CampaignAccess,
  onChange: () => void,
): Promise<void> {
  container.hidden = false;
  container.replaceChildren(h('p.muted', null, 'Loading…'));
  try {
    render(container, await call(CampaignSchema, `/api/v1/campaigns/${id}`), access, onChange);
  } catch (error) {
    container.replaceChildren(
      h('p.errors', { testid: 'campaign-error' }, errorParts(error).detail),
    );
  }
}
