/**
 * Score-over-time chart as inline SVG: it scales with the layout, stays crisp, and its labels
 * are real text a screen reader and a test can find.
 */
import { DEFAULT_THRESHOLDS, type ScoreThresholds } from './verdict';

const NS = 'http://www.w3.org/2000/svg';
/** Height in px; the width follows the container so the labels keep their real size. */
const H = 240;
const MIN_W = 280;
const PAD = { left: 40, right: 16, top: 14, bottom: 30 };
/** The x axis starts at this many seconds so the first points don't fill the width. */
const MIN_SPAN_S = 30;

const LINES: { key: keyof ScoreThresholds; label: string }[] = [
  { key: 'suspicious', label: 'SUSPICIOUS' },
  { key: 'likely_scam', label: 'LIKELY_SCAM' },
  { key: 'scam', label: 'SCAM' },
];

/** One point per partial result: seconds into the call and the two scores drawn. */
export interface ChartPoint {
  t: number;
  /** The running score the verdict follows (`cumulative_score`). */
  score: number;
  /** The whole call so far (`call_score`). */
  callScore: number;
}

/** The chart's controls. */
export interface ScoreChart {
  add(point: ChartPoint): void;
  setThresholds(thresholds: ScoreThresholds): void;
  reset(): void;
}

/** An SVG element with its attributes and text (shared with bar-chart.ts). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Creates the chart inside `host`. */
export function createScoreChart(host: HTMLElement): ScoreChart {
  const root = svg('svg', {
    role: 'img',
    'aria-label': 'Scam score over the call',
    class: 'score-chart',
  });
  host.replaceChildren(root);
  let thresholds: ScoreThresholds = { ...DEFAULT_THRESHOLDS };
  let points: ChartPoint[] = [];

  let W = 640;
  const x = (t: number, span: number) => PAD.left + (t / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);

  function draw() {
    W = Math.max(MIN_W, Math.round(host.clientWidth) || 640);
    root.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const span = Math.max(MIN_SPAN_S, ...points.map((p) => p.t));
    root.replaceChildren();
    drawAxes(span);
    for (const line of LINES) {
      const v = thresholds[line.key];
      root.append(
        svg('line', {
          x1: PAD.left,
          x2: W - PAD.right,
          y1: y(v),
          y2: y(v),
          class: `threshold threshold-${line.key}`,
        }),
        svg(
          'text',
          { x: W - PAD.right - 4, y: y(v) - 4, 'text-anchor': 'end', class: 'threshold-label' },
          `${line.label} ${v.toFixed(2)}`,
        ),
      );
    }
    if (points.length === 0) return;
    const path = (key: 'score' | 'callScore') =>
      points
        .map((p, i) => `${i ? 'L' : 'M'}${x(p.t, span).toFixed(1)},${y(p[key]).toFixed(1)}`)
        .join(' ');
    root.append(svg('path', { d: path('callScore'), class: 'series-chunk' }));
    root.append(svg('path', { d: path('score'), class: 'series-score' }));
    for (const p of points) {
      const dot = svg('circle', { cx: x(p.t, span), cy: y(p.score), r: 4, class: 'series-dot' });
      dot.append(svg('title', {}, `${p.t.toFixed(0)} s: ${p.score.toFixed(2)}`));
      root.append(dot);
    }
  }

  function drawAxes(span: number) {
    for (const v of [0, 0.5, 1]) {
      root.append(
        svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'gridline' }),
        svg(
          'text',
          { x: PAD.left - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' },
          String(v),
        ),
      );
    }
    // Fewer ticks when narrow, so the time labels never run into each other.
    const perTick = (span * 60) / (W - PAD.left - PAD.right);
    const step = [10, 30, 60, 120].find((s) => s >= perTick) ?? 300;
    for (let t = 0; t <= span; t += step) {
      root.append(
        svg('text', { x: x(t, span), y: H - 10, 'text-anchor': 'middle', class: 'axis' }, `${t}s`),
      );
    }
  }

  draw();
  // Redraw on resize (rotation, window size) rather than stretching the text.
  let lastWidth = host.clientWidth;
  new ResizeObserver(() => {
    if (host.clientWidth !== lastWidth) {
      lastWidth = host.clientWidth;
      draw();
    }
  }).observe(host);
  return {
    add(point) {
      points.push(point);
      draw();
    },
    setThresholds(next) {
      thresholds = { ...next };
      draw();
    },
    reset() {
      points = [];
      draw();
    },
  };
}
