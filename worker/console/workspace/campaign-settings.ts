/**
 * The organisation's two campaign settings, for admins: whether its campaign fingerprints and
 * counts and its callers' counts join the indexes shared across organisations (docs/campaigns.md),
 * and the calls in one day at which a campaign
 * raises `campaign.detected` (empty: never). Checked with the server's schema both ways.
 */
import { type CampaignSettings, CampaignSettingsSchema } from '#core/schemas/campaigns';
import { errorParts } from '../api';
import { h } from '../dom';
import type { CampaignAccess } from './campaigns';
import { call } from './client';

const PATH = '/api/v1/campaign-settings';

/** Draws the form; returns its status line. */
function form(container: HTMLElement, settings: CampaignSettings): HTMLElement {
  const shared = h('input', {
    id: 'campaign-shared-index',
    type: 'checkbox',
    testid: 'campaign-shared-index',
    checked: settings.shared_index,
  });
  const level = h('input', {
    id: 'campaign-detection-level',
    type: 'number',
    min: 1,
    max: 1_000_000,
    step: 1,
    placeholder: 'never',
    testid: 'campaign-detection-level',
    value: settings.detection_calls_per_day ?? '',
  });
  const status = h('p.status-line', { role: 'status', testid: 'campaign-settings-status' });
  const save = async (event: Event) => {
    event.preventDefault();
    status.textContent = 'Saving…';
    try {
      const body = {
        shared_index: shared.checked,
        detection_calls_per_day: level.value.trim() ? Number(level.value) : null,
      };
      const saved = await call(CampaignSettingsSchema, PATH, { method: 'PUT', body });
      form(container, saved).textContent = 'Saved.';
    } catch (error) {
      status.textContent = errorParts(error).detail;
    }
  };
  container.replaceChildren(
    h('h2.card-title', null, 'Campaign settings'),
    h(
      'form',
      { testid: 'campaign-settings', onsubmit: save },
      h(
        'label.check',
        { for: 'campaign-shared-index' },
        shared,
        ' Join the indexes shared across organisations (campaign fingerprints and counts, ' +
          'and counts per hashed caller number: never transcripts, audio, numbers or who you are)',
      ),
      h('label', { for: 'campaign-detection-level' }, 'Raise campaign.detected at calls per day'),
      h('p.hint', null, 'Empty: never.'),
      level,
      h('div.controls', null, h('button.primary', { type: 'submit' }, 'Save settings')),
      status,
    ),
  );
  return status;
}

/** Shows the settings to admins in `container`; hides it from everyone else. */
export async function showCampaignSettings(
  container: HTMLElement,
  access: CampaignAccess,
): Promise<void> {
  container.hidden = !access.settings;
  if (!access.settings) return;
  container.replaceChildren(h('p.muted', null, 'Loading…'));
  try {
    form(container, await call(CampaignSettingsSchema, PATH));
  } catch (error) {
    container.replaceChildren(h('p.errors', null, errorParts(error).detail));
  }
}
