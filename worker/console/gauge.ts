/** A half-circle gauge for the running score, coloured by the verdict band it is in. */
import type { Verdict } from '#core/schemas/report';

const NS = 'http://www.w3.org/2000/svg';
/** Arc from the left end to the right end of a half circle of radius 80 centred at (100,100). */
const ARC = 'M20,100 A80,80 0 0 1 180,100';

/** The gauge's controls. */
export interface Gauge {
  set(score: number, verdict: Verdict): void;
  reset(): void;
}

/** Builds the gauge in `host`. */
export function createGauge(host: HTMLElement): Gauge {
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('viewBox', '0 0 200 112');
  root.setAttribute('class', 'gauge');
  root.setAttribute('aria-hidden', 'true');
  const track = document.createElementNS(NS, 'path');
  track.setAttribute('d', ARC);
  track.setAttribute('class', 'gauge-track');
  const fill = document.createElementNS(NS, 'path');
  fill.setAttribute('d', ARC);
  // pathLength=100 lets the dash length be the score in percent, whatever the arc's size.
  fill.setAttribute('pathLength', '100');
  fill.setAttribute('class', 'gauge-fill');
  root.append(track, fill);

  const value = document.createElement('div');
  value.className = 'gauge-value';
  value.dataset.testid = 'gauge-value';
  host.replaceChildren(root, value);

  const set = (score: number, verdict: Verdict) => {
    const pct = Math.round(Math.max(0, Math.min(1, score)) * 100);
    fill.setAttribute('stroke-dasharray', `${pct} 100`);
    // A zero-length dash still paints a round cap; hide it so 0 reads as empty.
    fill.style.opacity = pct === 0 ? '0' : '1';
    fill.dataset.verdict = verdict;
    value.textContent = score.toFixed(2);
  };
  const reset = () => {
    fill.setAttribute('stroke-dasharray', '0 100');
    fill.style.opacity = '0';
    delete fill.dataset.verdict;
    value.textContent = '—';
  };
  reset();
  return { set, reset };
}
