/**
 * Image noise: estimation and addition (Zwanenburg et al., Sci Rep 2019;9:614, perturbation N).
 * Estimation as MIRP's default ("chang"): Chang SG, Yu B, Vetterli M. Adaptive wavelet thresholding for
 * image denoising and compression. IEEE Trans Image Process 2000;9:1532-1546: the diagonal (HH) detail of a
 * one-level undecimated wavelet transform with the Coiflet-1 high-pass filter along x and then y in each
 * slice, sigma = median(|HH|) / 0.6745 (the median absolute value of N(0, sigma^2) is 0.6745 sigma; the
 * filter has unit norm, so white noise passes with its variance). Borders are mirrored (half-sample
 * symmetric, scipy.ndimage mode 'reflect'). MIRP divides by 0.6754, a transposition of 0.6745; this file
 * uses 0.6745.
 */
import type { Random } from './random.js';
import type { Vec3 } from '../image/volume.js';

/** Coiflet-1 decomposition high-pass filter (PyWavelets coif1 dec_hi). */
const COIF1_HIGH = [0.0727326195128539, 0.3378976624578092, -0.8525720202122554, 0.38486484686420286, 0.0727326195128539, -0.01565572813546454];

/** Noise standard deviation of an image estimated from its in-plane HH wavelet sub-band (see above). */
export function estimateNoise(values: Float64Array, shape: Vec3): number {
  const [nx, ny, nz] = shape;
  const a = filterAxis(values, shape, 0);
  const hh = filterAxis(a, shape, 1);
  const abs = new Float64Array(nx * ny * nz);
  for (let i = 0; i < abs.length; i++) abs[i] = Math.abs(hh[i]);
  abs.sort();
  const n = abs.length;
  const median = n % 2 === 1 ? abs[(n - 1) / 2] : 0.5 * (abs[n / 2 - 1] + abs[n / 2]);
  return median / 0.6745;
}

/** Correlation along axis 0 (x) or 1 (y) with COIF1_HIGH, mirrored borders. */
function filterAxis(values: Float64Array, shape: Vec3, axis: 0 | 1): Float64Array {
  const [nx, ny, nz] = shape;
  const n = axis === 0 ? nx : ny;
  const stride = axis === 0 ? 1 : nx;
  const out = new Float64Array(values.length);
  const half = Math.floor(COIF1_HIGH.length / 2);
  for (let z = 0; z < nz; z++) {
    for (let o = 0; o < (axis === 0 ? ny : nx); o++) {
      const base = axis === 0 ? nx * (o + ny * z) : o + nx * ny * z;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < COIF1_HIGH.length; t++) s += COIF1_HIGH[t] * values[base + stride * reflect(i + t - half, n)];
        out[base + stride * i] = s;
      }
    }
  }
  return out;
}

/** Half-sample symmetric index: ... 1 0 | 0 1 ... n-1 | n-1 n-2 ... */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let r = ((i % period) + period) % period;
  if (r >= n) r = period - 1 - r;
  return r;
}

/** Adds N(0, sd^2) to every voxel, drawn from `rng` in voxel order. */
export function addNoise(values: Float64Array, sd: number, rng: Random): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] + sd * rng.normal();
  return out;
}
