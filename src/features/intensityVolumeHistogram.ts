/**
 * Intensity-volume histogram features (IBSI 1 manual, "Intensity-volume histogram features", P88C),
 * computed in 3D over the whole ROI (DHQ4) from IvhInput: the discretised intensities X_{d,gl}, the
 * total range G = [rangeMin, rangeMax] and the discretisation interval w_d = step.
 *
 * The IVH is evaluated at the discretised intensities of G, i_k = min(G) + k w_d for k = 0..K, present
 * in the ROI or not, with
 *   volume fraction    nu_k    = 1 - (1/N_v) sum_v [X_{d,gl,v} < i_k]   (fraction with intensity >= i_k)
 *   intensity fraction gamma_k = (i_k - min G) / (max G - min G).
 * Each voxel is reduced to the highest grid index it reaches, floor((X - min G)/w_d) (clamped to K),
 * and those indices are sorted once, so every feature is a binary search or a closed-form sum: no
 * array of K + 1 bins is allocated, however wide G is.
 */
import { evaluateTable } from './evaluate.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, IvhInput, Warning } from './types.js';

/** Grid-index tolerance (in units of w_d) that absorbs rounding in bin centres such as X_min + (X_d - 0.5) w. */
const GRID_TOLERANCE = 1e-7;

/** The IVH of one ROI, kept as sorted grid indices. */
export interface IntensityVolumeHistogram {
  /** N_v. */
  readonly n: number;
  /** Highest grid index K: G holds the K + 1 intensities min(G) + k w_d. */
  readonly lastIndex: number;
  readonly rangeMin: number;
  readonly rangeMax: number;
  readonly step: number;
  /** Per voxel, the highest k with i_k <= X_{d,gl} (-1 below G, at most K), ascending. */
  readonly sortedIndex: Float64Array;
}

/** Counting sort while the K + 2 possible grid indices are at most this many more than the voxels. */
const COUNTING_SORT_SLACK = 1 << 16;

export function intensityVolumeHistogram(input: IvhInput): IntensityVolumeHistogram {
  const { values, rangeMin, rangeMax, step } = input;
  const n = values.length;
  const lastIndex = Math.floor((rangeMax - rangeMin) / step + GRID_TOLERANCE);
  const sortedIndex = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const k = Math.floor((values[v] - rangeMin) / step + GRID_TOLERANCE);
    sortedIndex[v] = k < 0 ? -1 : k > lastIndex ? lastIndex : k;
  }
  // The indices are integers -1..K: a counting sort (O(N_v + K), ten times faster than sorting 300,000
  // doubles) unless K is far above N_v; a NaN intensity (index NaN) falls back to the comparison sort.
  if (lastIndex >= 0 && lastIndex <= 2 * n + COUNTING_SORT_SLACK && countingSortIndices(sortedIndex, lastIndex)) return { n, lastIndex, rangeMin, rangeMax, step, sortedIndex };
  sortedIndex.sort();
  return { n, lastIndex, rangeMin, rangeMax, step, sortedIndex };
}

/** Sorts `index` (integers -1..lastIndex) in place by counting; false, leaving it unchanged, if it holds another value (NaN). */
function countingSortIndices(index: Float64Array, lastIndex: number): boolean {
  const counts = new Int32Array(lastIndex + 2); // counts[k + 1]: voxels with index k
  for (let v = 0; v < index.length; v++) {
    const k = index[v];
    if (!(k >= -1)) return false;
    counts[k + 1]++;
  }
  for (let k = -1, v = 0; k <= lastIndex; k++) {
    const end = v + counts[k + 1];
    index.fill(k, v, end);
    v = end;
  }
  return true;
}

/** Number of voxels whose grid index is >= k (i.e. with intensity >= i_k). */
function countAtLeast(h: IntensityVolumeHistogram, k: number): number {
  const a = h.sortedIndex;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return a.length - lo;
}

/**
 * The IVH curve at every intensity of G (K + 1 points, e.g. for plotting): i_k, gamma_k and nu_k.
 * The features do not need it.
 */
export function ivhCurve(h: IntensityVolumeHistogram): { intensity: Float64Array; gamma: Float64Array; nu: Float64Array } {
  const m = h.lastIndex + 1;
  const intensity = new Float64Array(m);
  const gamma = new Float64Array(m);
  const nu = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    intensity[k] = h.rangeMin + k * h.step;
    gamma[k] = (k * h.step) / (h.rangeMax - h.rangeMin);
    nu[k] = countAtLeast(h, k) / h.n;
  }
  return { intensity, gamma, nu };
}

/**
 * V_x: the largest volume fraction nu with an intensity fraction gamma of at least x% (IBSI). nu is
 * non-increasing in i, so this is nu at the smallest k with gamma_k >= x/100. NaN when G is a single
 * intensity (gamma = 0/0) or when no intensity of G reaches x%.
 */
export function volumeFractionAtIntensity(h: IntensityVolumeHistogram, percent: number): number {
  if (h.n === 0 || !(h.rangeMax > h.rangeMin)) return NaN;
  // gamma_k = k w_d / (max G - min G) >= x/100  <=>  k >= x (max G - min G) / (100 w_d)
  const k = Math.max(0, Math.ceil((percent * (h.rangeMax - h.rangeMin)) / (100 * h.step) - GRID_TOLERANCE));
  if (k > h.lastIndex) return NaN;
  return countAtLeast(h, k) / h.n;
}

/**
 * I_x: the minimum discretised intensity i present in at most x% of the volume (IBSI), i.e. the
 * smallest i_k with nu_k <= x/100. When more than x% of the voxels sit at max(G), no intensity of G
 * qualifies and the next discretised intensity, max(G) + w_d (nu = 0), is returned.
 */
export function intensityAtVolumeFraction(h: IntensityVolumeHistogram, percent: number): number {
  if (h.n === 0) return NaN;
  // nu_k <= x/100  <=>  count(index >= k) <= x N_v / 100  <=>  at least m voxels have index < k.
  const allowed = Math.floor((percent * h.n) / 100 + GRID_TOLERANCE);
  const m = h.n - allowed;
  const k = m <= 0 ? 0 : Math.max(0, h.sortedIndex[m - 1] + 1);
  return h.rangeMin + Math.min(k, h.lastIndex + 1) * h.step;
}

/**
 * Area under the IVH curve nu(gamma) by the trapezoidal rule over the K + 1 intensities of G:
 * AUC = (w_d / (max G - min G)) (sum_k nu_k - (nu_0 + nu_K) / 2), where
 * sum_k nu_k = (1/N_v) sum_v (index_v + 1) over voxels with index >= 0. IBSI defines AUC = 0 when the
 * ROI holds a single discretised intensity.
 */
export function ivhArea(h: IntensityVolumeHistogram): number {
  const a = h.sortedIndex;
  if (h.n === 0) return NaN;
  if (a[0] === a[a.length - 1]) return 0;
  if (!(h.rangeMax > h.rangeMin)) return NaN;
  let sum = 0; // integer sum, exact
  for (let v = 0; v < a.length; v++) if (a[v] >= 0) sum += a[v] + 1;
  const nuSum = sum / h.n;
  const nu0 = countAtLeast(h, 0) / h.n;
  const nuK = countAtLeast(h, h.lastIndex) / h.n;
  return (h.step / (h.rangeMax - h.rangeMin)) * (nuSum - (nu0 + nuK) / 2);
}

/** The IVH quantities the features read, computed once. */
export interface IntensityVolumeHistogramStats {
  readonly v10: number;
  readonly v90: number;
  readonly i10: number;
  readonly i90: number;
  readonly auc: number;
}

export function intensityVolumeHistogramStats(input: IvhInput): IntensityVolumeHistogramStats {
  const h = intensityVolumeHistogram(input);
  return {
    v10: volumeFractionAtIntensity(h, 10),
    v90: volumeFractionAtIntensity(h, 90),
    i10: intensityAtVolumeFraction(h, 10),
    i90: intensityAtVolumeFraction(h, 90),
    auc: ivhArea(h),
  };
}

const V_UNDEFINED = 'the total range G is a single intensity, so the intensity fraction is 0/0';
const I_NOTE = 'When more than x% of the voxels have the highest intensity of G, no intensity of G qualifies and max(G) + w_d is returned (the next discretised intensity, where nu = 0).';

/** The IVH features, with their parameters in key and name. */
export const INTENSITY_VOLUME_HISTOGRAM_FEATURES = {
  volumeFractionAt10Intensity: {
    name: 'Volume fraction at 10% intensity',
    ibsi: 'BC2M',
    formula: String.raw`F_{ivh.V10} = \max\{\nu_i \mid \gamma_i \ge 0.10\}`,
    undefinedWhen: V_UNDEFINED,
    compute: (s) => s.v10,
  },
  volumeFractionAt90Intensity: {
    name: 'Volume fraction at 90% intensity',
    ibsi: 'BC2M',
    formula: String.raw`F_{ivh.V90} = \max\{\nu_i \mid \gamma_i \ge 0.90\}`,
    undefinedWhen: V_UNDEFINED,
    compute: (s) => s.v90,
  },
  intensityAt10Volume: {
    name: 'Intensity at 10% volume',
    ibsi: 'GBPN',
    formula: String.raw`F_{ivh.I10} = \min\{i \mid \nu_i \le 0.10\}`,
    note: I_NOTE,
    compute: (s) => s.i10,
  },
  intensityAt90Volume: {
    name: 'Intensity at 90% volume',
    ibsi: 'GBPN',
    formula: String.raw`F_{ivh.I90} = \min\{i \mid \nu_i \le 0.90\}`,
    note: I_NOTE,
    compute: (s) => s.i90,
  },
  volumeFractionDifference10And90Intensity: {
    name: 'Volume fraction difference between 10% and 90% intensity',
    ibsi: 'DDTU',
    formula: String.raw`F_{ivh.V10minusV90} = F_{ivh.V10} - F_{ivh.V90}`,
    undefinedWhen: V_UNDEFINED,
    compute: (s) => s.v10 - s.v90,
  },
  intensityDifference10And90Volume: {
    name: 'Intensity difference between 10% and 90% volume',
    ibsi: 'CNV2',
    formula: String.raw`F_{ivh.I10minusI90} = F_{ivh.I10} - F_{ivh.I90}`,
    note: I_NOTE,
    compute: (s) => s.i10 - s.i90,
  },
  areaUnderCurve: {
    name: 'Area under the IVH curve',
    ibsi: '9CMM',
    formula: String.raw`F_{ivh.auc} = \sum_{k=0}^{K-1} \left(\gamma_{k+1}-\gamma_k\right)\frac{\nu_k+\nu_{k+1}}{2}`,
    note: 'IBSI gives no reference value and advises against using this feature. Trapezoidal rule of nu over gamma on the intensities of G (as MIRP); 0 when the ROI holds a single discretised intensity (IBSI).',
    compute: (s) => s.auc,
  },
} as const satisfies FeatureTable<IntensityVolumeHistogramStats>;

/** The family takes no parameters (the IVH discretisation is set by the extraction config). */
export type IntensityVolumeHistogramParams = Record<string, never>;
export const INTENSITY_VOLUME_HISTOGRAM_DEFAULTS: IntensityVolumeHistogramParams = {};

export const intensityVolumeHistogramFamily: FamilyDefinition<IntensityVolumeHistogramStats, IntensityVolumeHistogramParams> = {
  name: 'ivh',
  title: 'Intensity-volume histogram features',
  ibsi: 'P88C',
  features: INTENSITY_VOLUME_HISTOGRAM_FEATURES,
  compute(input: FamilyInput): FamilyOutput {
    const warnings: Warning[] = [];
    const values = evaluateTable('ivh', INTENSITY_VOLUME_HISTOGRAM_FEATURES, intensityVolumeHistogramStats(input.ivh), null, undefined, warnings);
    return { values, warnings };
  },
};
