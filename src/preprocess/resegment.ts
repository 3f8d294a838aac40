/**
 * Re-segmentation (IBSI 1 manual, "Re-segmentation", IF9H): removes voxels from the intensity mask
 * (SEFI) by their intensity; the morphological mask (G5KJ) is left as segmented (the caller keeps it).
 *
 * Range re-segmentation (USB3): keep X in the closed interval [a, b]; either bound may be open.
 * Outlier filtering (7ACA, after Vallieres 2015 / Collewet 2004): keep X in [mu - n sigma, mu + n sigma],
 *   mu and sigma the mean and population standard deviation (divide by N) of the ROI intensities.
 * PyRadiomics' resegmentMode relative and sigma (option mode) read the range as fractions of the ROI
 *   maximum or as multiples of sigma about the mean (resegmentMask in its imageoperations.py).
 * Both given: IBSI "the intersection of the intensity ranges defined by the re-segmentation methods is
 *   used". mu and sigma are therefore taken over the ROI as passed in (before range re-segmentation),
 *   and the kept interval is [max(a, mu - n sigma), min(b, mu + n sigma)]. MIRP (an IBSI reference
 *   implementation, roi_class resegmentise_mask: np.mean / np.std of the intensity mask before it is
 *   updated) does the same. Computing sigma after range filtering instead would give a different mask
 *   for IBSI configuration E ([-1000, 400] HU and 3 sigma).
 */
import { RadiomicsError } from '../errors.js';
import { CompensatedSum } from '../util/sum.js';

export interface ResegmentOptions {
  /** [low, high] kept (closed); null for an open bound; null or absent: no range. Default none. */
  readonly range?: readonly [number | null, number | null] | null;
  /** n of the mean +- n sigma outlier filter (IBSI configs D, E: 3); null or absent: none. Default none. */
  readonly outlierSigma?: number | null;
  /**
   * How `range` is read (PyRadiomics resegmentMode). absolute (default): intensities. relative: fractions
   * of the ROI maximum M, kept [a M, b M]. sigma: multiples of the ROI's population SD about its mean,
   * kept [mu + a sd, mu + b sd]. M, mu and sd over the voxels of `mask`.
   */
  readonly mode?: 'absolute' | 'relative' | 'sigma';
}

/** What re-segmentation did: the kept interval, and the statistics it came from (for provenance). */
export interface ResegmentationSummary {
  /** The closed interval of kept intensities; -Infinity / Infinity where open. */
  readonly lower: number;
  readonly upper: number;
  /** Voxels in the mask passed in, and those kept in the intensity mask. */
  readonly roiVoxels: number;
  readonly keptVoxels: number;
  /** mu and sigma (population) of the outlier filter over the mask passed in; null without one or for an empty mask. */
  readonly mean: number | null;
  readonly sd: number | null;
}

/**
 * The intensity mask after re-segmentation: 1 where `mask` is 1 (nonzero) and the intensity lies in
 * the interval of resegmentationInterval. `intensities` and `mask` are parallel arrays (e.g. the ROI
 * bounding box of extract()); voxels outside `mask` are ignored and stay 0. Never throws for an empty
 * result; the caller decides (extract() reports EmptyMask).
 */
export function resegmentMask(intensities: Float64Array, mask: Uint8Array, options: ResegmentOptions = {}): Uint8Array {
  return resegment(intensities, mask, options).mask;
}

/** resegmentMask's interval and voxel counts without the mask (same options, same checks). */
export function resegmentationSummary(intensities: Float64Array, mask: Uint8Array, options: ResegmentOptions = {}): ResegmentationSummary {
  return resegment(intensities, mask, options).summary;
}

function resegment(intensities: Float64Array, mask: Uint8Array, options: ResegmentOptions): { mask: Uint8Array; summary: ResegmentationSummary } {
  const { lower, upper, stats } = interval(intensities, mask, options);
  const out = new Uint8Array(mask.length);
  let roiVoxels = 0;
  let keptVoxels = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    roiVoxels++;
    const v = intensities[i];
    if (v >= lower && v <= upper) {
      out[i] = 1;
      keptVoxels++;
    }
  }
  return { mask: out, summary: { lower, upper, roiVoxels, keptVoxels, mean: stats?.mean ?? null, sd: stats?.sd ?? null } };
}

/**
 * The interval resegmentMask keeps: the range (open bounds infinite) intersected with
 * [mu - n sigma, mu + n sigma] over the voxels of `mask` (see the file comment). An empty mask with an
 * outlier filter leaves the range alone (there is nothing to filter).
 */
function interval(intensities: Float64Array, mask: Uint8Array, options: ResegmentOptions): { lower: number; upper: number; stats: { mean: number; sd: number } | null } {
  const fn = 'resegmentMask';
  if (!(intensities instanceof Float64Array)) throw invalid(fn, 'intensities', 'must be a Float64Array');
  if (!(mask instanceof Uint8Array)) throw invalid(fn, 'mask', 'must be a Uint8Array');
  if (intensities.length !== mask.length) {
    throw new RadiomicsError('InvalidArgument', `${fn}: intensities (${intensities.length} values) and mask (${mask.length}) differ in length`, { key: 'mask', intensities: intensities.length, mask: mask.length });
  }
  const range = options.range ?? null;
  const mode = options.mode ?? 'absolute';
  if (mode !== 'absolute' && mode !== 'relative' && mode !== 'sigma') throw invalid(fn, 'mode', `must be absolute, relative or sigma, got ${JSON.stringify(mode)}`);
  let lower = -Infinity;
  let upper = Infinity;
  let stats: { mean: number; sd: number } | null = null;
  if (range !== null) {
    const ok = Array.isArray(range) && range.length === 2 && range.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
    if (!ok) throw invalid(fn, 'range', `must be [low, high] with finite numbers or null (open), got ${JSON.stringify(range)}`);
    if (range[0] !== null && range[1] !== null && range[0] > range[1]) throw invalid(fn, 'range', `low ${range[0]} is above high ${range[1]}`);
    const resolved = absoluteRange(intensities, mask, range, mode);
    stats = resolved.stats;
    if (resolved.range[0] !== null) lower = resolved.range[0];
    if (resolved.range[1] !== null) upper = resolved.range[1];
  }
  const sigma = options.outlierSigma ?? null;
  if (sigma !== null) {
    if (typeof sigma !== 'number' || !Number.isFinite(sigma) || !(sigma > 0)) throw invalid(fn, 'outlierSigma', `must be a positive finite number, got ${JSON.stringify(sigma)}`);
    stats = meanAndSd(intensities, mask);
    if (stats !== null) {
      lower = Math.max(lower, stats.mean - sigma * stats.sd);
      upper = Math.min(upper, stats.mean + sigma * stats.sd);
    }
  }
  return { lower, upper, stats };
}

/**
 * A re-segmentation range (already checked) as intensities: PyRadiomics' resegmentMode thresholds max * t
 * (relative) or mean + sd * t (sigma) over the voxels of `mask`; absolute ranges as they are; null (open)
 * bounds stay null. `stats` is the mean and sd of sigma mode (null otherwise or for an empty mask).
 */
export function absoluteRange(
  intensities: Float64Array,
  mask: Uint8Array,
  range: readonly [number | null, number | null],
  mode: 'absolute' | 'relative' | 'sigma',
): { range: readonly [number | null, number | null]; stats: { mean: number; sd: number } | null } {
  let at = (t: number) => t;
  let stats: { mean: number; sd: number } | null = null;
  if (mode === 'relative') {
    const max = maskMax(intensities, mask);
    at = (t) => max * t;
  } else if (mode === 'sigma') {
    const s = meanAndSd(intensities, mask);
    stats = s;
    if (s !== null) at = (t) => s.mean + s.sd * t;
  }
  return { range: [range[0] === null ? null : at(range[0]), range[1] === null ? null : at(range[1])], stats };
}

/** The largest intensity over the mask (-Infinity for an empty mask). */
function maskMax(x: Float64Array, mask: Uint8Array): number {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (mask[i] && x[i] > max) max = x[i];
  return max;
}

/** Mean and population SD over the mask (two passes, compensated sums); null for an empty mask. */
function meanAndSd(x: Float64Array, mask: Uint8Array): { mean: number; sd: number } | null {
  const sum = new CompensatedSum();
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (!mask[i]) continue;
    if (!Number.isFinite(x[i])) {
      throw new RadiomicsError('NonFiniteVoxels', `resegmentMask: ROI intensity ${i} is ${x[i]}; outlier filtering needs finite intensities`, { index: i });
    }
    sum.add(x[i]);
    n++;
  }
  if (n === 0) return null;
  const mean = sum.value / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < x.length; i++) if (mask[i]) squares.add((x[i] - mean) * (x[i] - mean));
  return { mean, sd: Math.sqrt(squares.value / n) };
}

function invalid(fn: string, key: string, text: string): RadiomicsError {
  return new RadiomicsError('InvalidArgument', `${fn}: option ${key} ${text}`, { key });
}
