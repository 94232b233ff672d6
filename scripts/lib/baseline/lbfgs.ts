/**
 * L2-regularised, weighted logistic regression over sparse rows, solved by L-BFGS: the
 * objective ½‖w‖² + C·Σ sᵢ·log(1 + e^(−yᵢ·zᵢ)) with an unpenalised intercept, the usual
 * formulation of a "C" logistic regression. Deterministic (no randomness at all). No I/O.
 */
import type { SparseRow } from './tfidf';

/** A fitted linear model: weights per column and an intercept. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

/** Settings of {@link fitLogisticL2}. */
export interface LbfgsOptions {
  c: number;
  maxIterations?: number;
  /** Stop when the gradient's largest entry falls below this. */
  tolerance?: number;
  memory?: number;
}

/** Log-odds of a row under a model. */
export function decision(model: LinearModel, row: SparseRow): number {
  let z = model.bias;
  for (let i = 0; i < row.cols.length; i++) z += model.weights[row.cols[i]!]! * row.vals[i]!;
  return z;
}

/** Class weights n / (2 · count): each class weighs as much as the other in total. */
export function balancedWeights(labels: readonly (0 | 1)[]): number[] {
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  const wPos = pos === 0 ? 0 : labels.length / (2 * pos);
  const wNeg = neg === 0 ? 0 : labels.length / (2 * neg);
  return labels.map((y) => (y === 1 ? wPos : wNeg));
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x));
}

/** Fits the model; `sampleWeights` multiply each row's loss (class balancing goes here). */
export function fitLogisticL2(
  rows: readonly SparseRow[],
  labels: readonly (0 | 1)[],
  sampleWeights: readonly number[],
  dim: number,
  options: LbfgsOptions,
): LinearModel {
  const { c, maxIterations = 200, tolerance = 1e-5, memory = 10 } = options;
  const n = dim + 1; // last slot is the intercept
  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    let f = 0;
    grad.fill(0);
    for (let j = 0; j < dim; j++) {
      f += 0.5 * x[j]! * x[j]!;
      grad[j] = x[j]!;
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let z = x[dim]!;
      for (let i = 0; i < row.cols.length; i++) z += x[row.cols[i]!]! * row.vals[i]!;
      const y = labels[r] === 1 ? 1 : -1;
      const s = c * sampleWeights[r]!;
      f += s * softplus(-y * z);
      // d/dz log(1 + e^(−yz)) = −y·σ(−yz)
      const g = (-y * s) / (1 + Math.exp(y * z));
      for (let i = 0; i < row.cols.length; i++) grad[row.cols[i]!]! += g * row.vals[i]!;
      grad[dim]! += g;
    }
    return f;
  };

  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let f = evaluate(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s;
  };
  for (let it = 0; it < maxIterations; it++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax < tolerance) break;
    // Two-loop recursion for the search direction d = −H·g.
    const q = Float64Array.from(g);
    const alpha = new Array<number>(sList.length);
    for (let k = sList.length - 1; k >= 0; k--) {
      alpha[k] = rhoList[k]! * dot(sList[k]!, q);
      const yk = yList[k]!;
      for (let i = 0; i < n; i++) q[i]! -= alpha[k]! * yk[i]!;
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let i = 0; i < n; i++) q[i]! *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < n; i++) q[i]! *= scale;
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = rhoList[k]! * dot(yList[k]!, q);
      const sk = sList[k]!;
      for (let i = 0; i < n; i++) q[i]! += sk[i]! * (alpha[k]! - beta);
    }
    for (let i = 0; i < n; i++) q[i] = -q[i]!;
    // Backtracking line search (Armijo).
    const slope = dot(g, q);
    if (slope >= 0) break;
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = f;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * q[i]!;
      fNew = evaluate(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
    }
    const converged = f - fNew < 1e-10 * Math.max(1, Math.abs(f));
    x = xNew;
    g = gNew;
    f = fNew;
    if (converged) break;
  }
  return { weights: x.subarray(0, dim), bias: x[dim]! };
}
