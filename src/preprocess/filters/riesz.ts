import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import { boundaryIndex } from './boundary.js';
import { fftAxes, normalisedFrequencies } from './fftnd.js';
import { float64Voxels, responseVolume } from './grid.js';
import { logKernels, type LogFilterOptions } from './log.js';

/** Riesz order [l_x, l_y, l_z] (non-negative integers, at least one positive). */
export type RieszOrder = readonly [number, number, number];

export function checkRieszOrder(order: readonly number[]): void {
  if (order.length !== 3 || !order.every((l) => Number.isInteger(l) && l >= 0) || order.every((l) => l === 0)) {
    throw new RadiomicsError('InvalidArgument', `Riesz order must be three non-negative integers [lx, ly, lz], not all 0, got ${JSON.stringify(order)}`, { order });
  }
}

/**
 * Riesz transform transfer function (IBSI 2 manual, "Riesz transform"):
 *   R(w) = (-i)^L sqrt(L! / (l1! l2! l3!)) prod_a w_a^l_a / |w|^L,  L = l1 + l2 + l3,
 * on the frequency grid MIRP uses for its Fourier-domain filters: per axis the centred index (k - c)/c,
 * c = (N - 1)/2, brought to FFT order by an inverse FFT shift (only the direction of w matters).
 * Returned in FFT order as (re, im); at w = 0 (odd sizes only) it is 0. `sizes` and `order` per filtered axis.
 */
export function rieszTransfer(sizes: readonly number[], order: readonly number[]): { re: Float64Array; im: Float64Array } {
  const L = order.reduce((a, b) => a + b, 0);
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const c = Math.sqrt(fact(L) / order.reduce((p, l) => p * fact(l), 1));
  // (-i)^L = cos(-pi L/2) + i sin(-pi L/2), exactly.
  const phase = [[1, 0], [0, -1], [-1, 0], [0, 1]][L % 4];
  const coords = normalisedFrequencies(sizes);
  const total = sizes.reduce((a, b) => a * b, 1);
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  const idx = new Array(sizes.length).fill(0);
  for (let k = 0; k < total; k++) {
    let r2 = 0;
    let num = 1;
    for (let a = 0; a < sizes.length; a++) {
      const w = coords[a][idx[a]];
      r2 += w * w;
      if (order[a] > 0) num *= w ** order[a];
    }
    if (r2 > 0) {
      const v = (c * num) / Math.sqrt(r2) ** L;
      re[k] = phase[0] * v;
      im[k] = phase[1] * v;
    }
    for (let a = 0; a < sizes.length; a++) {
      if (++idx[a] < sizes[a]) break;
      idx[a] = 0;
    }
  }
  return { re, im };
}

/** In place: (re, im) *= (tr, ti). */
export function multiplyComplex(re: Float64Array, im: Float64Array, tr: Float64Array, ti: Float64Array): void {
  for (let k = 0; k < re.length; k++) {
    const a = re[k], b = im[k];
    re[k] = a * tr[k] - b * ti[k];
    im[k] = a * ti[k] + b * tr[k];
  }
}

/**
 * Riesz-transformed LoG (IBSI 2 tests 9.a, 9.b.1), 3D: the LoG and the Riesz transform are applied
 * together in the Fourier domain, as MIRP does: the image is extended by the LoG half-width r on every
 * side with the boundary condition, transformed with the LoG kernel (zero-padded to that size), multiplied
 * by R(w) on that grid, transformed back, and the real part cropped (offset 2r: kernel origin + extension).
 * The LoG spectrum is a sum of outer products of 1D spectra, since the kernel is a sum of separable terms.
 */
export function rieszLogFilter(image: Volume, o: LogFilterOptions, order: RieszOrder): Volume<Float64Array> {
  checkRieszOrder(order);
  if (o.dims !== '3D') throw new RadiomicsError('InvalidArgument', 'the Riesz-transformed LoG is implemented in 3D only', { dims: o.dims });
  const input = float64Voxels(image);
  const [nx, ny, nz] = image.shape;
  const { gauss, second } = logKernels(image.spacing, o, 3);
  const r = gauss.map((g) => (g.length - 1) / 2);
  const P = [nx + 2 * r[0], ny + 2 * r[1], nz + 2 * r[2]];
  const total = P[0] * P[1] * P[2];
  // 1D spectra of each factor, zero-padded to P_a.
  const spectrum = (k: Float64Array, n: number) => {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    re.set(k);
    fftAxes(re, im, [n], [0], false);
    return [re, im] as const;
  };
  const G = gauss.map((g, a) => spectrum(g, P[a]));
  const S = second.map((h, a) => spectrum(h, P[a]));
  const hr = new Float64Array(total);
  const hi = new Float64Array(total);
  for (let z = 0, k = 0; z < P[2]; z++)
    for (let y = 0; y < P[1]; y++)
      for (let x = 0; x < P[0]; x++, k++) {
        const f = [x, y, z];
        let sr = 0, si = 0;
        for (let a = 0; a < 3; a++) {
          let pr = 1, pi = 0;
          for (let b = 0; b < 3; b++) {
            const [tr, ti] = b === a ? S[b] : G[b];
            const qr = tr[f[b]], qi = ti[f[b]];
            const nr = pr * qr - pi * qi;
            pi = pr * qi + pi * qr;
            pr = nr;
          }
          sr += pr;
          si += pi;
        }
        hr[k] = sr;
        hi[k] = si;
      }
  const R = rieszTransfer(P, order);
  multiplyComplex(hr, hi, R.re, R.im);
  const ix = Array.from({ length: P[0] }, (_, j) => boundaryIndex(j - r[0], nx, o.boundary));
  const iy = Array.from({ length: P[1] }, (_, j) => boundaryIndex(j - r[1], ny, o.boundary));
  const iz = Array.from({ length: P[2] }, (_, j) => boundaryIndex(j - r[2], nz, o.boundary));
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  for (let z = 0, k = 0; z < P[2]; z++)
    for (let y = 0; y < P[1]; y++)
      for (let x = 0; x < P[0]; x++, k++) if (ix[x] >= 0 && iy[y] >= 0 && iz[z] >= 0) re[k] = input[ix[x] + nx * (iy[y] + ny * iz[z])];
  fftAxes(re, im, P, [0, 1, 2], false);
  multiplyComplex(re, im, hr, hi);
  fftAxes(re, im, P, [0, 1, 2], true);
  const out = new Float64Array(input.length);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) out[i] = re[x + 2 * r[0] + P[0] * (y + 2 * r[1] + P[1] * (z + 2 * r[2]))];
  return responseVolume(image, out);
}
