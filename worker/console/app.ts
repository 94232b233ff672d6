/** Console entry point: tabs, the API-key dialog, the server status, and each tab's wiring. */
import { checkHealth, getApiKey, onAuthRequired, setApiKey } from './api';
import { byId } from './dom';
import { setupRecordTab } from './record-tab';
import { setupPasteTab, setupUploadTab } from './report-tabs';

/** Set once the server refused a request for want of a key (its health check never says). */
let authRequired = false;

function setupTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('button[role="tab"]')];
  const select = (tab: HTMLButtonElement) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      byId(other.getAttribute('aria-controls') ?? '').hidden = !selected;
    }
    history.replaceState(null, '', `#${tab.id.replace('tab-', '')}`);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      const next = step ? tabs[(i + step + tabs.length) % tabs.length] : undefined;
      if (!next) return;
      next.focus();
      select(next);
    });
  });
  const initial = tabs.find((tab) => tab.id === `tab-${location.hash.slice(1)}`);
  if (initial) select(initial);
}

/** Opens the key dialog and resolves true when a key was saved. */
function askForKey(reason?: string): Promise<boolean> {
  const dialog = byId('key-dialog', HTMLDialogElement);
  const input = byId('key-input', HTMLInputElement);
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

function updateKeyButton(): void {
  byId('key-button').textContent = getApiKey() ? 'API key ✓' : 'API key';
}

/** Before a stream: with auth on and no key yet, ask first (a socket can't report 401). */
async function ensureAuth(): Promise<boolean> {
  if (!authRequired || getApiKey()) return true;
  return askForKey('This server requires an API key to stream.');
}

function showServerStatus(state: 'ok' | 'warn' | 'bad', text: string): void {
  const el = byId('server-status');
  el.className = `pill ${state}`;
  el.textContent = text;
}

setupTabs();
updateKeyButton();
byId('key-button').addEventListener('click', () => void askForKey());
onAuthRequired(() => {
  authRequired = true;
  showServerStatus('warn', 'API key required');
  void askForKey('The server refused the request: it needs a valid API key.');
});
setupRecordTab({ ensureAuth });
setupUploadTab();
setupPasteTab();
void checkHealth().then((ok) => {
  // A refusal that came first has said more than "online".
  if (!authRequired)
    showServerStatus(ok ? 'ok' : 'bad', ok ? 'Server online' : 'Server unreachable');
});
