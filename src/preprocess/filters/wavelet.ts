import { RadiomicsError } from '../../errors.js';
import type { Vec3, Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import { convolveSeparable } from './convolve.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';
import { poolInto, rotatedKernelSets } from './rotation.js';

/**
 * Decomposition low-pass filters h of the orthogonal wavelets, as PyWavelets lists them (`dec_lo`; Daubechies,
 * "Ten lectures on wavelets", 1992). The high-pass filter is the quadrature mirror g[k] = (-1)^(k+1) h[L-1-k]
 * (PyWavelets `dec_hi`).
 */
const DEC_LO: Readonly<Record<string, readonly number[]>> = {
  haar: [0.7071067811865476, 0.7071067811865476],
  db2: [-0.12940952255092145, 0.22414386804185735, 0.836516303737469, 0.48296291314469025],
  db3: [0.035226291882100656, -0.08544127388224149, -0.13501102001039084, 0.4598775021193313, 0.8068915093133388, 0.3326705529509569],
  coif1: [-0.01565572813546454, -0.0727326195128539, 0.38486484686420286, 0.8525720202122554, 0.3378976624578092, -0.0727326195128539],
};
export const SEPARABLE_WAVELETS = ['haar', 'db2', 'db3', 'coif1'] as const;
export type SeparableWavelet = (typeof SEPARABLE_WAVELETS)[number];

export interface WaveletFilterOptions {
  readonly wavelet: SeparableWavelet;
  /** One letter per axis, x first: L (low-pass) or H (high-pass), e.g. "LHL" (3D) or "HL" (2D). */
  readonly decomposition: string;
  /** Decomposition level j >= 1. */
  readonly level: number;
  /** Mean pooling over the distinct right-angle rotations of the kernel. */
  readonly rotationInvariant: boolean;
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
}

/** [low-pass, high-pass], each padded to odd length with a trailing zero (MIRP's centring of even kernels). */
export function waveletKernels(name: SeparableWavelet): [Float64Array, Float64Array] {
  const lo = DEC_LO[name];
  const L = lo.length;
  const hi = lo.map((_, k) => (k % 2 === 0 ? -1 : 1) * lo[L - 1 - k]);
  const odd = (a: readonly number[]) => Float64Array.from(L % 2 === 0 ? [...a, 0] : a);
  return [odd(lo), odd(hi)];
}

/** The number of transformed axes and the decomposition letters, upper case; InvalidArgument for a bad decomposition or level. */
function checkedDecomposition(o: { readonly decomposition: string; readonly level: number; readonly dims: FilterDims }): { d: number; letters: string } {
  const d = o.dims === '3D' ? 3 : 2;
  const letters = o.decomposition.toUpperCase();
  if (!new RegExp(`^[LH]{${d}}$`).test(letters)) throw new RadiomicsError('InvalidArgument', `wavelet decomposition must be ${d} letters L or H (x first) for a ${o.dims} filter, got "${o.decomposition}"`, { decomposition: o.decomposition });
  if (!Number.isInteger(o.level) || o.level < 1) throw new RadiomicsError('InvalidArgument', `wavelet level must be a positive integer, got ${o.level}`, { level: o.level });
  return { d, letters };
}

/** A trous dilation: a zero between every two taps (length 2L - 1). */
function dilate(k: Float64Array): Float64Array {
  const out = new Float64Array(2 * k.length - 1);
  for (let i = 0; i < k.length; i++) out[2 * i] = k[i];
  return out;
}

/**
 * Undecimated (stationary, a trous) separable wavelet filter (IBSI 2 manual, "Separable wavelets"): level 1
 * convolves the image with the outer product of the chosen L/H filters; level j first runs j - 1 low-pass
 * (LLL) stages, dilating every filter by inserting zeros after each stage, then the chosen filters at level j.
 * Rotation invariance averages the responses of the distinct rotated kernels (the pre-filter rotates with
 * the filter), as the IBSI 2 reference maps 5.a.2, 6.a.2 and 7.a do (see rotation.ts).
 * Convolution is scipy convolve1d: the trailing zero added to even-length filters fixes where the filter
 * is centred (PyWavelets' undecimated transform differs by a shift).
 */
export function waveletFilter(image: Volume, o: WaveletFilterOptions): Volume<Float64Array> {
  const { letters } = checkedDecomposition(o);
  const [lo, hi] = waveletKernels(o.wavelet);
  const filter = [...letters].map((c) => (c === 'L' ? lo : hi));
  const pre = filter.map(() => lo);
  const input = float64Voxels(image);
  const sets = rotatedKernelSets([filter, pre], o.rotationInvariant);
  let sum: Float64Array | null = null;
  for (const [f0, p0] of sets) {
    let f = f0;
    let p = p0;
    let grid = input;
    for (let j = 1; j < o.level; j++) {
      grid = convolveSeparable(grid, image.shape, [p[0], p[1], p[2] ?? null], o.boundary);
      f = f.map(dilate);
      p = p.map(dilate);
    }
    const response = convolveSeparable(grid, image.shape, [f[0], f[1], f[2] ?? null], o.boundary);
    if (sum === null) sum = response;
    else poolInto(sum, response, 'sum');
  }
  const out = sum as Float64Array;
  for (let i = 0; i < out.length; i++) out[i] /= sets.length;
  return responseVolume(image, out);
}

export interface StationaryWaveletOptions {
  readonly wavelet: SeparableWavelet;
  /** One letter per transformed axis, x first: L or H ("LLH" in 3D, "LH" in 2D); "LLL" is the approximation. */
  readonly decomposition: string;
  /** Level j >= 1: j - 1 approximation stages first. */
  readonly level: number;
  /** 3D, or 2D (x and y only, PyRadiomics' force2D with force2Ddimension 0). */
  readonly dims: FilterDims;
}

/**
 * PyRadiomics' Wavelet image type (imageoperations.py _swt3; not the IBSI 2 wavelet above): an axis whose
 * length is odd is first extended by one voxel, a copy of its first (numpy.pad "wrap"); each level is
 * PyWavelets' swtn(data, wavelet, level=1) on the previous level's approximation: along every axis a
 * periodic convolution with the undilated dec_lo / dec_hi filter, out[n] = sum_j h[j] x[(n + F/2 - j) mod N]
 * (PyWavelets' downsampling_convolution_periodization with step 1), which is convolveSeparable with
 * boundary wrap and the odd-padded kernels of waveletKernels (centre F/2). Unlike the a trous transform,
 * PyRadiomics does not dilate the filters at higher levels. The result is cropped back to the image.
 */
export function stationaryWaveletFilter(image: Volume, o: StationaryWaveletOptions): Volume<Float64Array> {
  const { d, letters } = checkedDecomposition(o);
  const [lo, hi] = waveletKernels(o.wavelet);
  const shape = image.shape;
  const padded: Vec3 = [0, 1, 2].map((a) => (a < d && shape[a] % 2 !== 0 ? shape[a] + 1 : shape[a])) as unknown as Vec3;
  let grid = wrapExtend(float64Voxels(image), shape, padded);
  const approximation = [lo, lo, d === 3 ? lo : null];
  for (let j = 1; j < o.level; j++) grid = convolveSeparable(grid, padded, approximation, 'wrap');
  const filter = [...letters].map((c) => (c === 'L' ? lo : hi));
  const response = convolveSeparable(grid, padded, [filter[0], filter[1], filter[2] ?? null], 'wrap');
  return responseVolume(image, cropTo(response, padded, shape));
}

/** `data` of `shape` into the larger `padded` grid, each added index a copy of index 0 along that axis. */
function wrapExtend(data: Float64Array, shape: Vec3, padded: Vec3): Float64Array {
  const [nx, ny, nz] = shape;
  const [px, py, pz] = padded;
  const out = new Float64Array(px * py * pz);
  for (let z = 0; z < pz; z++)
    for (let y = 0; y < py; y++)
      for (let x = 0; x < px; x++) out[x + px * (y + py * z)] = data[(x % nx) + nx * ((y % ny) + ny * (z % nz))];
  return out;
}

function cropTo(data: Float64Array, padded: Vec3, shape: Vec3): Float64Array {
  const [nx, ny, nz] = shape;
  const [px, py] = padded;
  const out = new Float64Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[x + nx * (y + ny * z)] = data[x + px * (y + py * z)];
  return out;
}
