import { RadiomicsError } from '../../errors.js';
import type { Vec3, Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import { convolveSeparable } from './convolve.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';
import { poolInto, rotatedKernelSets } from './rotation.js';
import { decompositionFilters, SEPARABLE_WAVELETS_TEXT, type SeparableWavelet } from './waveletFilterBank.js';

export { SEPARABLE_WAVELETS, type SeparableWavelet } from './waveletFilterBank.js';

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

/**
 * [low-pass, high-pass]: PyWavelets' dec_lo and dec_hi (waveletFilterBank.ts), each padded to odd length
 * with a trailing zero (MIRP's centring of even kernels; every PyWavelets filter has even length).
 * InvalidArgument for a name PyWavelets does not know.
 */
export function waveletKernels(name: SeparableWavelet): [Float64Array, Float64Array] {
  const bank = decompositionFilters(name);
  if (bank === null) throw new RadiomicsError('InvalidArgument', `unknown wavelet "${name}": one of ${SEPARABLE_WAVELETS_TEXT}`, { wavelet: name });
  const odd = (a: readonly number[]) => Float64Array.from(a.length % 2 === 0 ? [...a, 0] : a);
  return [odd(bank.lo), odd(bank.hi)];
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
