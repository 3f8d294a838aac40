import { fft, fftPlan, type FftPlan } from '../../util/fft.js';

/**
 * In-place multidimensional DFT of a complex array (re, im) of shape `shape` (first axis fastest), along
 * the listed axes; `inverse` divides by the product of the transformed lengths, so forward then inverse
 * is the identity.
 */
export function fftAxes(re: Float64Array, im: Float64Array, shape: readonly number[], axes: readonly number[], inverse: boolean, plans: Map<number, FftPlan> = new Map()): void {
  const total = re.length;
  let norm = 1;
  for (const axis of axes) {
    const n = shape[axis];
    if (n === 1) continue;
    norm *= n;
    let plan = plans.get(n);
    if (!plan) {
      plan = fftPlan(n);
      plans.set(n, plan);
    }
    let stride = 1;
    for (let a = 0; a < axis; a++) stride *= shape[a];
    const lr = new Float64Array(n);
    const li = new Float64Array(n);
    const block = stride * n;
    for (let base = 0; base < total; base += block) {
      for (let s = 0; s < stride; s++) {
        const o = base + s;
        for (let k = 0; k < n; k++) {
          lr[k] = re[o + k * stride];
          li[k] = im[o + k * stride];
        }
        fft(plan, lr, li, inverse);
        for (let k = 0; k < n; k++) {
          re[o + k * stride] = lr[k];
          im[o + k * stride] = li[k];
        }
      }
    }
  }
  if (inverse && norm !== 1) {
    const f = 1 / norm;
    for (let i = 0; i < total; i++) {
      re[i] *= f;
      im[i] *= f;
    }
  }
}

/**
 * Per axis of a grid of `sizes`, the normalised frequency of each index in FFT order: index k is
 * frequency ((k + floor(n/2)) mod n - c) / c with c = (n - 1) / 2, so it spans [-1, 1] (0 on a 1-long axis).
 * The frequency grid the Fourier-domain filters (Simoncelli, Riesz) are defined on.
 */
export function normalisedFrequencies(sizes: readonly number[]): Float64Array[] {
  return sizes.map((n) => {
    const c = (n - 1) / 2;
    const h = Math.floor(n / 2);
    return Float64Array.from({ length: n }, (_, k) => (c === 0 ? 0 : (((k + h) % n) - c) / c));
  });
}
