/**
 * Calls-per-period bars as inline SVG (a campaign's last 24 hours or 7 days), drawn with the
 * score chart's element helper and axis styles: real text labels, crisp at any width. The
 * score chart itself plots 0–1 scores against thresholds, which counts are not.
 */
import { svg } from './chart';

/** The viewBox: about the width the chart is drawn at (its CSS max-width), so text keeps its size. */
const W = 960;
const H = 150;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };

/** One bar: the period's start (an ISO instant) and its calls. */
export interface Bar {
  start: string;
  calls: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** What the chart shows, for screen readers (`aria-label`). */
  label: string;
  /** A bar's axis label, e.g. the hour or the day. */
  tick: (start: Date) => string;
  /** Label every `every`-th bar counting back from the latest, so narrow bars' labels don't collide. */
  every?: number;
  testid?: string;
}

/** A bar chart of `bars`, oldest first; each bar carries `data-calls` and a tooltip. */
export function barChart(bars: readonly Bar[], options: BarChartOptions): SVGSVGElement {
  const root = svg('svg', {
    role: 'img',
    'aria-label': options.label,
    class: 'score-chart bar-chart',
    viewBox: `0 0 ${W} ${H}`,
  });
  if (options.testid) root.dataset.testid = options.testid;
  // The axis top is a whole number at least 1, so an idle campaign still draws an axis.
  const top = Math.max(1, ...bars.map((b) => b.calls));
  const plotH = H - PAD.top - PAD.bottom;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const y = (v: number) => PAD.top + (1 - v / top) * plotH;
  for (const v of [0, top]) {
    root.append(
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'gridline' }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, `${v}`),
    );
  }
  const every = options.every ?? 1;
  bars.forEach((bar, i) => {
    const start = new Date(bar.start);
    const x = PAD.left + i * slot;
    const rect = svg('rect', {
      x: (x + slot * 0.15).toFixed(1),
      y: y(bar.calls).toFixed(1),
      width: (slot * 0.7).toFixed(1),
      height: (PAD.top + plotH - y(bar.calls)).toFixed(1),
      class: 'bar',
      'data-calls': bar.calls,
    });
    rect.append(svg('title', {}, `${options.tick(start)}: ${bar.calls} calls`));
    root.append(rect);
    if ((bars.length - 1 - i) % every === 0) {
      root.append(
        svg(
          'text',
          { x: x + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' },
          options.tick(start),
        ),
      );
    }
  });
  return root;
}
