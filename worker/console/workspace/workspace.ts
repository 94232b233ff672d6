/**
 * The analyses workspace (analyses.html): sign in with a member's access token or an API key,
 * pick the organisation, upload calls, find them, open one (`#/analysis/<id>`) and review it.
 */
import { errorParts } from '../api';
import { byId, h } from '../dom';
import { call, session } from './client';
import { showAnalysis } from './detail';
import { setupList } from './list';
import { MeView } from './responses';
import { setupUpload } from './upload';

const signin = byId('signin');
const workspace = byId('workspace');
const orgSelect = byId('org-select', HTMLSelectElement);
const detail = byId('detail');

/** Asks who the credential belongs to; fills the organisation picker. */
async function enter(): Promise<void> {
  const me = await call(MeView, '/api/v1/me');
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

function route(): void {
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
