/** Console entry point: tabs, the API-key dialog, the server status, and each tab's wiring. */
import { checkHealth, getApiKey, onAuthRequired, setApiKey } from './api.js';
import { byId } from './dom.js';
import { setupRecordTab } from './record-tab.js';
import { setupPasteTab, setupUploadTab } from './report-tabs.js';

let authRequired = false;

function setupTabs() {
  const tabs = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[role="tab"]')]);
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      byId(/** @type {string} */ (other.getAttribute('aria-controls'))).hidden = !selected;
    }
    history.replaceState(null, '', `#${tab.id.replace('tab-', '')}`);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      select(next);
    });
  });
  const initial = tabs.find((tab) => tab.id === `tab-${location.hash.slice(1)}`);
  if (initial) select(initial);
}

/**
 * Opens the key dialog and resolves true when a key was saved.
 * @param {string} [reason]
 * @returns {Promise<boolean>}
 */
function askForKey(reason) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('key-dialog'));
  const input = /** @type {HTMLInputElement} */ (byId('key-input'));
  if (dialog.open) {
    // Several refusals can arrive together; they all wait on the one dialog.
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(!!getApiKey()), { once: true });
    });
  }
  if (reason) byId('key-reason').textContent = reason;
  input.value = getApiKey() ?? '';
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (dialog.returnValue === 'save' && input.value.trim()) setApiKey(input.value.trim());
        if (dialog.returnValue === 'clear') setApiKey(null);
        updateKeyButton();
        resolve(!!getApiKey());
      },
      { once: true },
    );
    dialog.showModal();
  });
}

function updateKeyButton() {
  byId('key-button').textContent = getApiKey() ? 'API key ✓' : 'API key';
}

/** Before a stream: with auth on and no key yet, ask first (a socket can't report 401). */
async function ensureAuth() {
  if (!authRequired || getApiKey()) return true;
  return askForKey('This server requires an API key to stream.');
}

async function showServerStatus() {
  const el = byId('server-status');
  const health = await checkHealth();
  authRequired = health.authRequired;
  el.className = `pill ${health.ok ? 'ok' : health.authRequired ? 'warn' : 'bad'}`;
  el.textContent = health.ok
    ? 'Server online'
    : health.authRequired
      ? 'API key required'
      : 'Server unreachable';
  if (health.authRequired && !getApiKey()) void askForKey('This server requires an API key.');
}

setupTabs();
updateKeyButton();
byId('key-button').addEventListener('click', () => void askForKey());
onAuthRequired(() => {
  authRequired = true;
  void askForKey('The server refused the request: it needs a valid API key.');
});
setupRecordTab({ ensureAuth });
setupUploadTab();
setupPasteTab();
void showServerStatus();
