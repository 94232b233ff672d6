/**
 * A tiny element builder. Server text (transcripts, evidence) is untrusted, so everything goes
 * in through textContent; nothing here takes HTML strings.
 */

/** What an element can hold: nodes, text, numbers, nested lists; empties are skipped. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attribute values: `true` sets an empty attribute, `false`/null/undefined skip it. */
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** Attributes; `testid` → data-testid, `class` adds classes, `on<event>` adds a listener. */
export type Attrs = Record<string, AttrValue>;

type Tag = keyof HTMLElementTagNameMap;

/**
 * Creates an element.
 * @param tag e.g. `div` or `span.badge` (classes after dots)
 * @param attrs attributes; `testid` → data-testid; false/null skipped
 */
export function h<K extends Tag>(
  tag: K | `${K}.${string}`,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement {
  const [name = 'div', ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === 'function') {
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    } else if (key === 'testid') el.dataset.testid = String(value);
    else if (key === 'class') el.className = [el.className, value].filter(Boolean).join(' ');
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children, turning strings and numbers into text nodes and skipping empties. */
export function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') parent.append(String(child));
    else if (child instanceof Node) parent.append(child);
    else append(parent, child);
  }
}

/**
 * Looks up a required element by id, failing loudly when the HTML and the code disagree
 * (missing, or another kind of element than `kind`).
 */
export function byId(id: string): HTMLElement;
export function byId<T extends Element>(id: string, kind: abstract new () => T): T;
export function byId(id: string, kind: abstract new () => Element = HTMLElement): Element {
  return checked(document.getElementById(id), kind, `#${id}`);
}

/** Like `byId`, for the first match of `selector` inside `root`. */
export function query<T extends Element>(
  root: ParentNode,
  selector: string,
  kind: abstract new () => T,
): T {
  return checked(root.querySelector(selector), kind, selector);
}

function checked<T extends Element>(
  el: Element | null,
  kind: abstract new () => T,
  what: string,
): T {
  if (!el) throw new Error(`missing ${what}`);
  if (!(el instanceof kind)) throw new Error(`${what} is a <${el.localName}>, not a ${kind.name}`);
  return el;
}

/** A 0..1 score → "0.42"; anything else (not scored yet) → "—". */
export function fmtScore(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(2) : '—';
}

/** e.g. `LIKELY_SCAM` → `Likely scam`. */
export function humanize(s: string | null | undefined): string {
  const text = (s ?? '').toLowerCase().replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
