/**
 * Intensity normalisation for images without an absolute intensity scale (MRI), applied before
 * resampling and discretisation. IBSI 1 does not standardise these methods; each is a global monotone
 * map of intensities whose parameters come from a region of the image:
 *   z-score:    scale (X - mu) / sigma, mu and sigma (population SD, divide by N) over the region, the
 *               z-value optionally clipped to [-clip, clip] first (PyRadiomics' normalizeScale, removeOutliers);
 *   range:      outMin + (X - min) / (max - min) (outMax - outMin), min and max over the region;
 *   percentile: the same with the region's lower / upper percentiles in place of min / max;
 *   Nyul-Udupa histogram standardisation: see nyul.ts.
 * A region is a Uint8Array over the whole grid (x fastest; nonzero = in the region): the ROI, a tissue
 * mask, all ones, or foregroundMask(volume). Every voxel is mapped, inside the region or not; non-finite
 * voxels outside the region stay non-finite (none are created). Parameters and maps are computed in
 * Float64; the results are Float32 (as resampleImage's), half the memory of Float64.
 *
 * Percentiles: Hyndman & Fan type 7 (numpy's and R's default, as features/statistics.ts): for sorted
 * x_0..x_{N-1} and p in [0, 100], h = (N - 1) p / 100, Q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
 */
import { RadiomicsError } from '../errors.js';
import { createVolume, flatVoxelData, type Volume, type VoxelData } from '../image/volume.js';
import { CompensatedSum } from '../util/sum.js';

export interface RangeOptions {
  /** Value the region minimum maps to. Default 0. */
  readonly outMin?: number;
  /** Value the region maximum maps to; must exceed outMin. Default 1. */
  readonly outMax?: number;
  /** Clamp results to [outMin, outMax] (only voxels outside the region can leave it). Default false. */
  readonly saturate?: boolean;
}

export interface PercentileOptions {
  /** Lower percentile in [0, 100), mapped to outMin. Default 1. */
  readonly lower?: number;
  /** Upper percentile in (lower, 100], mapped to outMax. Default 99. */
  readonly upper?: number;
  /** Default 0. */
  readonly outMin?: number;
  /** Default 1; must exceed outMin. */
  readonly outMax?: number;
  /** Clamp results to [outMin, outMax]: the tails beyond the percentiles become outMin / outMax. Default true. */
  readonly saturate?: boolean;
}

export interface ZScoreOptions {
  /** Factor applied after standardising (PyRadiomics' normalizeScale, e.g. 100). Default 1; must be > 0. */
  readonly scale?: number;
  /** Clip z to [-clip, clip] before scaling (PyRadiomics' removeOutliers, in standard deviations). Default null: no clipping. */
  readonly clip?: number | null;
}

/** Bins of the Otsu histogram (scikit-image's threshold_otsu default). */
const OTSU_BINS = 256;

/**
 * z-score over the region: scale clamp((X - mu) / sigma, -clip, clip). Throws InvalidArgument when the region's intensities are
 * constant (sigma = 0), naming the region; NonFiniteVoxels when the region holds NaN or infinity.
 */
export function normaliseZScore(volume: Volume, region: Uint8Array, options: ZScoreOptions = {}): Volume<Float32Array> {
  const fn = 'normaliseZScore';
  const scale = options.scale ?? 1;
  const clip = options.clip ?? null;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw invalid(fn, 'scale', `must be a finite number > 0, got ${JSON.stringify(scale)}`);
  if (clip !== null && (typeof clip !== 'number' || !(clip > 0) || !Number.isFinite(clip))) throw invalid(fn, 'clip', `must be a finite number > 0 or null, got ${JSON.stringify(clip)}`);
  const data = flatVoxelData(volume);
  checkRegion(fn, volume, region);
  const sum = new CompensatedSum();
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (!region[i]) continue;
    finiteInRegion(fn, volume, data, i);
    sum.add(data[i]);
    n++;
  }
  const mean = sum.value / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < data.length; i++) if (region[i]) squares.add((data[i] - mean) * (data[i] - mean));
  const sd = Math.sqrt(squares.value / n);
  if (!(sd > 0)) {
    throw new RadiomicsError('InvalidArgument', `${fn}: the intensities in the region (${n} voxels) are all ${mean}; a z-score divides by their standard deviation, which is 0. Use a larger region`, { key: 'region', voxels: n, value: mean });
  }
  // No clip is a limit of Infinity (a finite z, or NaN outside the region, passes unchanged); scale 1 is exact.
  const limit = clip ?? Infinity;
  return mapped(volume, data, (x) => {
    const z = (x - mean) / sd;
    return scale * (z > limit ? limit : z < -limit ? -limit : z);
  });
}

/** Maps the region's [min, max] linearly onto [outMin, outMax]. Throws InvalidArgument for a constant region. */
export function normaliseRange(volume: Volume, region: Uint8Array, options: RangeOptions = {}): Volume<Float32Array> {
  const fn = 'normaliseRange';
  const { outMin, outMax } = outputRange(fn, options.outMin ?? 0, options.outMax ?? 1);
  const saturate = booleanOption(fn, 'saturate', options.saturate ?? false);
  const data = flatVoxelData(volume);
  checkRegion(fn, volume, region);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (!region[i]) continue;
    finiteInRegion(fn, volume, data, i);
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  if (!(max > min)) {
    throw new RadiomicsError('InvalidArgument', `${fn}: the intensities in the region are all ${min}; a range normalisation divides by max - min = 0`, { key: 'region', value: min });
  }
  return linearMap(volume, data, min, max, outMin, outMax, saturate);
}

/**
 * Maps the region's lower and upper percentiles (type 7, see the file comment) linearly onto
 * [outMin, outMax]; with saturate (default) values beyond are clamped. Throws InvalidArgument when the
 * two percentiles coincide.
 */
export function normalisePercentile(volume: Volume, region: Uint8Array, options: PercentileOptions = {}): Volume<Float32Array> {
  const fn = 'normalisePercentile';
  const lower = options.lower ?? 1;
  const upper = options.upper ?? 99;
  if (typeof lower !== 'number' || !(lower >= 0 && lower < 100)) throw invalid(fn, 'lower', `must be a percentile in [0, 100), got ${JSON.stringify(lower)}`);
  if (typeof upper !== 'number' || !(upper > lower && upper <= 100)) throw invalid(fn, 'upper', `must be a percentile in (lower = ${lower}, 100], got ${JSON.stringify(upper)}`);
  const { outMin, outMax } = outputRange(fn, options.outMin ?? 0, options.outMax ?? 1);
  const saturate = booleanOption(fn, 'saturate', options.saturate ?? true);
  const data = flatVoxelData(volume);
  const sorted = sortedValues(fn, volume, data, region);
  const lo = percentileSorted(sorted, lower);
  const hi = percentileSorted(sorted, upper);
  if (!(hi > lo)) {
    throw new RadiomicsError('InvalidArgument', `${fn}: percentiles P${lower} and P${upper} of the region are both ${lo}; widen lower / upper or use a region with more distinct intensities`, { key: 'region', lower, upper, value: lo });
  }
  return linearMap(volume, data, lo, hi, outMin, outMax, saturate);
}

/**
 * Foreground by Otsu's method (Otsu, IEEE Trans Syst Man Cybern 1979;9:62-66) over all finite voxels:
 * 1 where X >= otsuThreshold(volume), i.e. where X falls in a histogram bin above the split. Meant for
 * MRI, where the background is dark. Non-finite voxels: +Infinity is foreground, NaN and -Infinity not.
 */
export function foregroundMask(volume: Volume): Uint8Array {
  const data = flatVoxelData(volume);
  const { min, width, split } = otsu(data);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = binOf(data[i], min, width) > split ? 1 : 0;
  return out;
}

/**
 * Otsu's threshold: a 256-bin histogram over [min, max] of the finite voxels (bin k holds
 * min + k w <= X < min + (k + 1) w, the top bin also X = max); for each split after bin k the
 * between-class variance w0 w1 (mu0 - mu1)^2, with bin centres as values; at the first maximum the
 * threshold is the upper edge of bin k, min + (k + 1) w. scikit-image's threshold_otsu (for float
 * images) picks the same split but returns the centre of bin k, which would put the upper half of that
 * bin in the foreground. Throws InvalidArgument when the image has fewer than two distinct finite values.
 */
export function otsuThreshold(volume: Volume): number {
  const { min, width, split } = otsu(flatVoxelData(volume));
  return min + (split + 1) * width;
}

function binOf(v: number, min: number, width: number): number {
  if (Number.isNaN(v)) return -1;
  const b = Math.floor((v - min) / width);
  return b >= OTSU_BINS ? OTSU_BINS - 1 : b;
}

/** The histogram and the bin after which Otsu splits. */
function otsu(data: VoxelData): { min: number; width: number; split: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) {
    throw new RadiomicsError('InvalidArgument', `foregroundMask: the image is constant (${min}); Otsu's method needs at least two intensities`, { key: 'volume', value: min });
  }
  const width = (max - min) / OTSU_BINS;
  const counts = new Float64Array(OTSU_BINS);
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i])) counts[binOf(data[i], min, width)]++;
  }
  const centre = (k: number) => min + (k + 0.5) * width;
  let total = 0;
  let totalMoment = 0;
  for (let k = 0; k < OTSU_BINS; k++) {
    total += counts[k];
    totalMoment += counts[k] * centre(k);
  }
  let w0 = 0;
  let m0 = 0;
  let best = -1;
  let split = 0;
  for (let k = 0; k < OTSU_BINS - 1; k++) {
    w0 += counts[k];
    m0 += counts[k] * centre(k);
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const d = m0 / w0 - (totalMoment - m0) / w1;
    const between = w0 * w1 * d * d;
    if (between > best) {
      best = between;
      split = k;
    }
  }
  return { min, width, split };
}

/** Type-7 percentile (p in [0, 100]) of ascending values; see the file comment. NaN for no values. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const j = Math.floor(h);
  if (j >= n - 1) return sorted[n - 1];
  return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
}

/**
 * The region's intensities, ascending. Throws InvalidArgument for a region of the wrong type, length
 * or without voxels, and NonFiniteVoxels for NaN or infinity inside it. `fn` names the caller.
 */
export function sortedRegionValues(fn: string, volume: Volume, region: Uint8Array): Float64Array {
  return sortedValues(fn, volume, flatVoxelData(volume), region);
}

function sortedValues(fn: string, volume: Volume, data: VoxelData, region: Uint8Array): Float64Array {
  const n = checkRegion(fn, volume, region);
  const values = new Float64Array(n);
  for (let i = 0, k = 0; i < data.length; i++) {
    if (!region[i]) continue;
    finiteInRegion(fn, volume, data, i);
    values[k++] = data[i];
  }
  return values.sort();
}

/** Checks a region against the volume; returns its voxel count (> 0). */
function checkRegion(fn: string, volume: Volume, region: Uint8Array): number {
  const [nx, ny, nz] = volume.shape;
  if (!(region instanceof Uint8Array)) throw invalid(fn, 'region', 'must be a Uint8Array over the image grid (nonzero = in the region)');
  if (region.length !== nx * ny * nz) {
    throw new RadiomicsError('InvalidArgument', `${fn}: region has ${region.length} values but the image grid [${nx}, ${ny}, ${nz}] has ${nx * ny * nz}`, { key: 'region', length: region.length, shape: volume.shape });
  }
  let n = 0;
  for (let i = 0; i < region.length; i++) if (region[i]) n++;
  if (n === 0) throw invalid(fn, 'region', 'has no voxels; normalisation needs intensities to take its parameters from');
  return n;
}

function finiteInRegion(fn: string, volume: Volume, data: VoxelData, i: number): void {
  if (Number.isFinite(data[i])) return;
  const [nx, ny] = volume.shape;
  const voxel = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
  throw new RadiomicsError('NonFiniteVoxels', `${fn}: voxel (${voxel.join(', ')}) in the normalisation region is ${data[i]}`, { voxel });
}

function outputRange(fn: string, outMin: unknown, outMax: unknown): { outMin: number; outMax: number } {
  if (typeof outMin !== 'number' || !Number.isFinite(outMin)) throw invalid(fn, 'outMin', `must be a finite number, got ${JSON.stringify(outMin)}`);
  if (typeof outMax !== 'number' || !Number.isFinite(outMax) || !(outMax > outMin)) throw invalid(fn, 'outMax', `must be a finite number above outMin (${outMin}), got ${JSON.stringify(outMax)}`);
  return { outMin, outMax };
}

function booleanOption(fn: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(fn, key, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** outMin + (X - a) / (b - a) (outMax - outMin), optionally clamped. */
function linearMap(volume: Volume, data: VoxelData, a: number, b: number, outMin: number, outMax: number, saturate: boolean): Volume<Float32Array> {
  const span = b - a;
  const out = outMax - outMin;
  return mapped(volume, data, (x) => {
    const y = outMin + ((x - a) / span) * out; // divides per voxel so that a -> outMin and b -> outMax exactly
    return saturate ? (y < outMin ? outMin : y > outMax ? outMax : y) : y;
  });
}

function mapped(volume: Volume, data: VoxelData, f: (x: number) => number): Volume<Float32Array> {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i]);
  return createVolume({ data: out, shape: volume.shape, spacing: volume.spacing, origin: volume.origin, direction: volume.direction });
}

function invalid(fn: string, key: string, text: string): RadiomicsError {
  return new RadiomicsError('InvalidArgument', `${fn}: option ${key} ${text}`, { key });
}
