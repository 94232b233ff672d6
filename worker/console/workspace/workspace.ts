/**
 * The analyses workspace (analyses.html): sign in with a member's access token or an API key,
 * pick the organisation, upload calls, find them, open one (`#/analysis/<id>`) and review it;
 * or look at the organisation's campaigns (`#/campaigns`, `#/campaign/<id>`).
 */
import type { z } from 'zod';
import { errorParts } from '../api';
import { byId, h } from '../dom';
import { showCampaign } from './campaign-detail';
import { showCampaignSettings } from './campaign-settings';
import { type CampaignAccess, setupCampaignList } from './campaigns';
import { call, session } from './client';
import { showAnalysis } from './detail';
import { setupList } from './list';
import { MeView, roleAtLeast } from './responses';
import { setupUpload } from './upload';

const signin = byId('signin');
const workspace = byId('workspace');
const orgSelect = byId('org-select', HTMLSelectElement);
const detail = byId('detail');
const analysesView = byId('analyses-view');
const campaignsView = byId('campaigns-view');
const campaignDetail = byId('campaign-detail');
let me: z.infer<typeof MeView> | null = null;

/** What the signed-in member may do with the chosen organisation's campaigns. */
function campaignAccess(): CampaignAccess {
  const role = me?.organizations.find((o) => o.id === session.org)?.role ?? 'viewer';
  // API keys act as analysts and may neither label nor change settings.
  const user = Boolean(me?.user);
  return {
    label: user && roleAtLeast(role, 'reviewer'),
    settings: user && roleAtLeast(role, 'admin'),
  };
}

/** Asks who the credential belongs to; fills the organisation picker. */
async function enter(): Promise<void> {
  me = await call(MeView, '/api/v1/me');
  const orgs = me.organizations;
  const chosen = orgs.find((o) => o.id === session.org) ?? orgs[0];
  if (!chosen) throw new Error('These credentials belong to no organisation.');
  session.set(session.token, chosen.id);
  orgSelect.replaceChildren(
    ...orgs.map((o) =>
      h('option', { value: o.id, selected: o.id === chosen.id }, `${o.name} (${o.role})`),
    ),
  );
  orgSelect.hidden = orgs.length < 2;
  byId('who').textContent = me.user ? (me.user.email ?? 'Signed in') : 'API key';
  byId('who').className = 'pill ok';
  byId('sign-out').hidden = false;
  signin.hidden = true;
  workspace.hidden = false;
}

function leave(): void {
  session.set(null, null);
  location.hash = '';
  location.reload();
}

const reloadList = setupList();
const reloadCampaigns = setupCampaignList();
/** Whether the campaigns list was loaded for this organisation (it loads on first view). */
let campaignsLoaded = false;

function route(): void {
  const campaign = /^#\/campaign\/([0-9a-f-]{36})$/.exec(location.hash);
  const inCampaigns = Boolean(campaign) || location.hash === '#/campaigns';
  analysesView.hidden = inCampaigns;
  campaignsView.hidden = !inCampaigns;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.views a')) {
    const current = (link.dataset.view === 'campaigns') === inCampaigns;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (inCampaigns) {
    if (!campaignsLoaded) {
      campaignsLoaded = true;
      void reloadCampaigns();
      void showCampaignSettings(byId('campaign-settings'), campaignAccess());
    }
    if (campaign?.[1]) {
      void showCampaign(
        campaignDetail,
        campaign[1],
        campaignAccess(),
        () => void reloadCampaigns(),
      );
    } else campaignDetail.hidden = true;
    detail.hidden = true;
    return;
  }
  const match = /^#\/analysis\/([0-9a-f-]{36})$/.exec(location.hash);
  if (match?.[1]) void showAnalysis(detail, match[1], () => void reloadList());
  else detail.hidden = true;
}

setupUpload({
  onCreated: () => void reloadList(),
  onFinished: (job) => {
    void reloadList();
    location.hash = `#/analysis/${job.id}`;
  },
});

byId('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = byId('signin-token', HTMLInputElement);
  const status = byId('signin-status');
  session.set(input.value.trim(), null);
  status.textContent = 'Signing in…';
  try {
    await enter();
    status.textContent = '';
    await reloadList();
    route();
  } catch (error) {
    session.set(null, null);
    status.textContent = errorParts(error).detail;
  }
});

orgSelect.addEventListener('change', () => {
  session.set(session.token, orgSelect.value);
  campaignsLoaded = false;
  location.hash = '';
  void reloadList();
});
byId('sign-out').addEventListener('click', leave);
window.addEventListener('hashchange', route);

if (session.token) {
  enter()
    .then(async () => {
      await reloadList();
      route();
    })
    .catch(leave);
}
