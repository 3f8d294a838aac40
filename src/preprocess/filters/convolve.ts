import type { Vec3 } from '../../image/volume.js';
import { extendRow, type BoundaryMode } from './boundary.js';

/**
 * 1D convolution along one axis of an x-fastest [nx, ny, nz] array, with scipy.ndimage.convolve1d
 * semantics: out[i] = sum_k w[k] x[i + c - k], c = floor(L / 2), x extended beyond the edges by `mode`.
 * Zero weights are skipped (the a trous wavelet kernels are mostly zeros).
 */
export function convolveAxis(data: Float64Array, shape: Vec3, axis: 0 | 1 | 2, kernel: ArrayLike<number>, mode: BoundaryMode): Float64Array {
  const [nx, ny, nz] = shape;
  const n = shape[axis];
  const L = kernel.length;
  const c = Math.floor(L / 2);
  const left = L - 1 - c;
  // Correlation form over the extended row: out[i] = sum_m w[L-1-m] ext[i + m].
  const taps: number[] = [];
  const weights: number[] = [];
  for (let m = 0; m < L; m++) {
    const w = kernel[L - 1 - m];
    if (w !== 0) {
      taps.push(m);
      weights.push(w);
    }
  }
  const out = new Float64Array(data.length);
  const ext = new Float64Array(n + L - 1);
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const lines: number[] = [];
  if (axis === 0) for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) lines.push(nx * (y + ny * z));
  else if (axis === 1) for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) lines.push(x + nx * ny * z);
  else for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) lines.push(x + nx * y);
  const T = taps.length;
  for (const offset of lines) {
    extendRow(data, offset, stride, n, left, c, mode, ext);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += weights[t] * ext[i + taps[t]];
      out[offset + i * stride] = s;
    }
  }
  return out;
}

/**
 * Separable convolution: one 1D kernel per axis [x, y, z] (null leaves that axis alone, which makes a
 * 2D slice-wise filter when z is null). Applied z, then y, then x, as MIRP does; the result equals the
 * convolution with the outer-product kernel over the image extended by `mode` (each extension mode acts
 * per axis, so extension and filtering along different axes commute).
 */
export function convolveSeparable(data: Float64Array, shape: Vec3, kernels: readonly (ArrayLike<number> | null)[], mode: BoundaryMode): Float64Array {
  let out = data;
  for (const axis of [2, 1, 0] as const) {
    const k = kernels[axis];
    if (k) out = convolveAxis(out, shape, axis, k, mode);
  }
  return out === data ? data.slice() : out;
}
