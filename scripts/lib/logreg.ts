/**
 * Deterministic sparse logistic regression trained by SGD. Pure math, no I/O.
 */

/** One training example: indices of its present features (all with the same value). */
export interface Example {
  features: Uint32Array;
  value: number;
  label: 0 | 1;
  weight: number;
}

/** Training settings; every run with the same settings and data gives the same weights. */
export interface TrainOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** Learned parameters. */
export interface LogReg {
  weights: Float64Array;
  bias: number;
}

/** Small seeded PRNG (mulberry32) so shuffling is reproducible without a dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates shuffle of 0..n-1 with the given PRNG. */
export function shuffledIndices(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/** Log-odds of one example under the model. */
export function logitOf(model: LogReg, ex: Example): number {
  let z = model.bias;
  for (const f of ex.features) z += model.weights[f]! * ex.value;
  return z;
}

/**
 * SGD on weighted log-loss with L2. The L2 shrink is applied once per epoch to all weights
 * (equivalent in expectation to per-step decay, and keeps each step touching only the
 * example's own features, which is what makes training take seconds).
 */
export function trainLogReg(examples: readonly Example[], opts: TrainOptions): LogReg {
  const model: LogReg = { weights: new Float64Array(opts.dim), bias: 0 };
  const random = seededRandom(opts.seed);
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const lr = opts.learningRate / (1 + epoch * 0.3);
    for (const i of shuffledIndices(examples.length, random)) {
      const ex = examples[i]!;
      const p = 1 / (1 + Math.exp(-logitOf(model, ex)));
      const g = (p - ex.label) * ex.weight * lr;
      model.bias -= g;
      for (const f of ex.features) model.weights[f]! -= g * ex.value;
    }
    const shrink = Math.max(0, 1 - lr * opts.l2 * totalWeight);
    for (let f = 0; f < opts.dim; f++) model.weights[f]! *= shrink;
  }
  return model;
}

/**
 * Fits p = sigmoid(c + Σ a_k x_k) for a handful of inputs by Newton's method: exact,
 * deterministic and instant for the 2–3 parameters of the fusion layer. `offsets` are added to
 * the log-odds unchanged (a term whose weight is fixed by design). A tiny ridge keeps it
 * well-posed when the inputs separate the data perfectly. Without `intercept`, c is held at 0
 * (and still returned first, so the result has the same shape).
 */
export function fitSmallLogReg(
  inputs: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  weights: readonly number[],
  offsets: readonly number[] = [],
  ridge = 1e-2,
  iterations = 50,
  intercept = true,
): number[] {
  const k = (inputs[0]?.length ?? 0) + (intercept ? 1 : 0);
  const theta = new Array<number>(k).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(k).fill(0);
    const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    inputs.forEach((x, n) => {
      const row = intercept ? [1, ...x] : [...x];
      const z = (offsets[n] ?? 0) + row.reduce((s, v, j) => s + v * theta[j]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = weights[n]!;
      for (let i = 0; i < k; i++) {
        grad[i]! += w * (p - labels[n]!) * row[i]!;
        for (let j = 0; j < k; j++) hess[i]![j]! += w * p * (1 - p) * row[i]! * row[j]!;
      }
    });
    for (let i = intercept ? 1 : 0; i < k; i++) {
      grad[i]! += ridge * theta[i]!;
      hess[i]![i]! += ridge;
    }
    const step = solve(hess, grad);
    for (let i = 0; i < k; i++) theta[i]! -= step[i]!;
  }
  return intercept ? theta : [0, ...theta];
}

/** Gaussian elimination with partial pivoting for a small dense system. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}
