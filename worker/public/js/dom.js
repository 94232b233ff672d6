/**
 * A tiny element builder. Server text (transcripts, evidence) is untrusted, so everything goes
 * in through textContent; nothing here takes HTML strings.
 */

/**
 * Creates an element.
 * @param {string} tag e.g. `div` or `span.badge` (classes after dots)
 * @param {Record<string, unknown> | null} [attrs] attributes; `testid` → data-testid; false/null skipped
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'testid') el.dataset.testid = String(value);
    else if (key === 'class') el.className = [el.className, value].filter(Boolean).join(' ');
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Appends children, turning strings and numbers into text nodes and skipping empties.
 * @param {Element} parent
 * @param {Array<Node | string | number | null | undefined | false>} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'object' ? child : String(child));
  }
}

/**
 * Looks up a required element by id, failing loudly when the HTML and the code disagree.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/** @param {number} n a 0..1 score → "0.42" */
export function fmtScore(n) {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(2) : '—';
}

/** @param {string} s e.g. `LIKELY_SCAM` → `Likely scam` */
export function humanize(s) {
  const text = String(s ?? '')
    .toLowerCase()
    .replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
