/**
 * Intensity-based statistical features (IBSI 1 manual, "Intensity-based statistical features", UHIW):
 * 18 features of the set X_gl of the N_v intensities in the ROI intensity mask. No discretisation.
 * Computed in 3D over the whole ROI (DHQ4); IBSI advises against per-slice averaging.
 *
 * Numerics: every sum runs in Float64 with Neumaier compensation; a constant ROI takes its value as
 * the mean, so its variance is exactly 0 (sum / N can miss the value by an ulp, which would turn the
 * zero-variance skewness into +-1).
 */
import { evaluateTable, featureComputes, featuresFor } from './evaluate.js';
import type { CompatMode } from '../compat/modes.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning } from './types.js';
import type { Writable } from '../util/writable.js';
import type { MatrixScratch } from './matrixScratch.js';
import { bucketSortedInto } from './bucketSort.js';

/** Statistics of X_gl, computed once; each feature reads them. */
export interface StatisticsStats {
  /** N_v, the number of ROI voxels. */
  readonly n: number;
  readonly mean: number;
  /** Central moments m_k = (1/N_v) sum (X - mean)^k; m2 is the (biased) variance. */
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
  readonly min: number;
  readonly max: number;
  readonly p10: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  /** (1/N_v) sum |X - mean|. */
  readonly meanAbsDev: number;
  /** Mean absolute deviation from their own mean of the values in [P10, P90]. */
  readonly robustMeanAbsDev: number;
  /** (1/N_v) sum |X - median|. */
  readonly medianAbsDev: number;
  /** sum X^2. */
  readonly sumSquares: number;
  /** sum (X + c)^2, c PyRadiomics' voxelArrayShift (compat mode pyradiomics; sumSquares when c = 0). */
  readonly shiftedSumSquares: number;
  /** Volume of one voxel in mm^3 (PyRadiomics' TotalEnergy). */
  readonly voxelVolume: number;
}

/**
 * Sample quantile of sorted values, linear interpolation between order statistics (Hyndman & Fan
 * type 7; R's default, numpy's "linear"): h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * This is what IBSI's reference implementations use; it gives P90 = 4 on the digital phantom (type 6
 * would give 5). NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const a = sorted[lo];
  const b = sorted[lo + 1];
  // a + t (b - a) is exact at t = 0 and keeps equal neighbours equal.
  return a === b ? a : a + (h - lo) * (b - a);
}

/** Mean of sorted[from..to), compensated; exactly the value when all are equal. */
function sortedMean(sorted: ArrayLike<number>, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  if (sorted[from] === sorted[to - 1]) return sorted[from];
  // CompensatedSum.add's operations on locals (no object per call: feature maps call this per kernel).
  let s = 0;
  let e = 0;
  for (let k = from; k < to; k++) {
    const x = sorted[k];
    const t = s + x;
    e += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return (s + e) / n;
}

/** Mean absolute deviation from `centre` of values[from..to). */
function meanAbsoluteDeviation(values: ArrayLike<number>, from: number, to: number, centre: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  // Compensated as in sortedMean.
  let s = 0;
  let e = 0;
  for (let k = from; k < to; k++) {
    const x = Math.abs(values[k] - centre);
    const t = s + x;
    e += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return (s + e) / n;
}

/** First index in sorted with sorted[i] >= x (or > x when `strict`). */
function searchSorted(sorted: ArrayLike<number>, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid] <= x : sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Below this many values the built-in sort is as fast as the radix sort's fixed cost (its histograms). */
const RADIX_SORT_MIN = 1024;

/**
 * An ascending copy of `values`, in the order Float64Array.prototype.sort gives (-0 before +0, NaN
 * last; values equal in order are equal in bits, so the copy is the same array). From RADIX_SORT_MIN
 * values on, an LSD radix sort on the IEEE-754 bits, 2.5x faster than the built-in sort on 300,000
 * intensities: each double becomes a 64-bit key in two Uint32 words whose unsigned order is the numeric
 * order (a value >= +0 gets its sign bit set, a negative value all its bits flipped; NaN the largest
 * key); then up to six stable counting passes on 11-bit digits, lowest first, skipping a digit that is
 * the same in every key (float32 data leaves the low mantissa digits all 0). O(N) time, 16N bytes.
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  if (n < RADIX_SORT_MIN) return out.sort();
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const lo = littleEndian ? 0 : 1; // word of the low 32 bits of each double
  const hi = 1 - lo;
  let src = new Uint32Array(out.buffer);
  let dst = new Uint32Array(2 * n);
  // Keys, and the histogram of each digit: counts[2048 d + b] for digit d (0-2 of the low word, 3-5 of the high one).
  const counts = new Uint32Array(6 * 2048);
  // Each loop is a helper of its own: V8 compiles those once, where loops here would make it compile
  // this whole function on the fly at each loop (see fftSums in morphology/spatial.ts).
  radixKeys(out, src, lo, hi, counts);
  for (let d = 0; d < 6; d++) {
    const base = 2048 * d;
    if (!digitStarts(counts, base, n)) continue; // every key has this digit: the pass would not move anything
    scatterByDigit(src, dst, counts, base, d < 3 ? lo : hi, 11 * (d % 3));
    const swap = src;
    src = dst;
    dst = swap;
  }
  keysToDoubles(src, lo, hi);
  return new Float64Array(src.buffer);
}

/**
 * Overwrites the doubles of `out` (viewed as words `src`) with their sort keys, and counts the six
 * 11-bit digits of each key into counts[2048 d + digit].
 */
function radixKeys(out: Float64Array, src: Uint32Array, lo: number, hi: number, counts: Uint32Array): void {
  for (let i = 0; i < out.length; i++) {
    let h = src[2 * i + hi];
    let l = src[2 * i + lo];
    if (Number.isNaN(out[i])) {
      h = 0x7ff80000; // one NaN for all, positive so that it sorts last
      l = 0;
    }
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    src[2 * i + hi] = h;
    src[2 * i + lo] = l;
    counts[l & 2047]++;
    counts[2048 + ((l >>> 11) & 2047)]++;
    counts[4096 + (l >>> 22)]++;
    counts[6144 + (h & 2047)]++;
    counts[8192 + ((h >>> 11) & 2047)]++;
    counts[10240 + (h >>> 22)]++;
  }
}

/**
 * The digit histogram counts[base .. base + 2048) to first positions; false, leaving it as it is,
 * when all n keys have the same digit.
 */
function digitStarts(counts: Uint32Array, base: number, n: number): boolean {
  let b = 0;
  while (counts[base + b] === 0) b++;
  if (counts[base + b] === n) return false;
  for (let sum = 0; b < 2048; b++) {
    const c = counts[base + b];
    counts[base + b] = sum;
    sum += c;
  }
  return true;
}

/** Stable scatter of the keys of src into dst by the digit (word >>> shift) & 2047, at the positions counts[base + digit]. */
function scatterByDigit(src: Uint32Array, dst: Uint32Array, counts: Uint32Array, base: number, word: number, shift: number): void {
  for (let i = 0; i < src.length / 2; i++) {
    const j = counts[base + ((src[2 * i + word] >>> shift) & 2047)]++;
    dst[2 * j] = src[2 * i];
    dst[2 * j + 1] = src[2 * i + 1];
  }
}

/** Sort keys back to the bits of their doubles, in place (radixKeys undone; NaN stays the one NaN). */
function keysToDoubles(src: Uint32Array, lo: number, hi: number): void {
  for (let i = 0; i < src.length / 2; i++) {
    const h = src[2 * i + hi];
    if (h & 0x80000000) src[2 * i + hi] = h ^ 0x80000000;
    else {
      src[2 * i + hi] = ~h;
      src[2 * i + lo] = ~src[2 * i + lo];
    }
  }
}

/**
 * All statistics of X_gl, from a sorted copy (sortedCopy, O(N)), then O(N). `shift` (PyRadiomics'
 * voxelArrayShift) and `voxelVolume` serve only the features of compat mode pyradiomics.
 */
export function statisticsStats(values: ArrayLike<number>, shift = 0, voxelVolume = NaN, scratch?: MatrixScratch): StatisticsStats {
  const stats = emptyStatisticsStats();
  statisticsStatsInto(values, shift, voxelVolume, scratch, stats);
  return stats;
}

/** StatisticsStats with writable fields: what statisticsStatsInto fills (feature maps reuse one). */
export type StatisticsStatsRecord = Writable<StatisticsStats>;

/** A StatisticsStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
function emptyStatisticsStats(): StatisticsStatsRecord {
  return {
    n: NaN,
    mean: NaN,
    m2: NaN,
    m3: NaN,
    m4: NaN,
    min: NaN,
    max: NaN,
    p10: NaN,
    p25: NaN,
    median: NaN,
    p75: NaN,
    p90: NaN,
    meanAbsDev: NaN,
    robustMeanAbsDev: NaN,
    medianAbsDev: NaN,
    sumSquares: NaN,
    shiftedSumSquares: NaN,
    voxelVolume: NaN,
  };
}

/** statisticsStats written into `into` (no object made: feature maps compute the statistics per kernel). */
export function statisticsStatsInto(values: ArrayLike<number>, shift: number, voxelVolume: number, scratch: MatrixScratch | undefined, into: StatisticsStatsRecord): void {
  const n = values.length;
  // A small set (a feature map's kernel) is sorted in `scratch` (see matrixScratch.ts) by a bucket sort: the same order as sortedCopy's built-in sort.
  sortedStatisticsInto(scratch !== undefined && n < RADIX_SORT_MIN ? bucketSortedInto(scratch.float64ToOverwrite('sorted', n), values, scratch) : sortedCopy(values), shift, voxelVolume, into);
}

/** deviationSums' five sums, one array for all calls (filled anew in each). */
const deviations = new Float64Array(5);

/** statisticsStatsInto of the values `sorted` ascending (as sortedCopy sorts them). */
function sortedStatisticsInto(sorted: Float64Array, shift: number, voxelVolume: number, into: StatisticsStatsRecord): void {
  const n = sorted.length;
  const mean = sortedMean(sorted, 0, n);
  // The sums over all values in a helper, so that V8 does not compile this function on the fly (see sortedCopy).
  const sums = deviations;
  deviationSums(sorted, mean, sums);
  const p10 = quantileSorted(sorted, 0.1);
  const p90 = quantileSorted(sorted, 0.9);
  const median = quantileSorted(sorted, 0.5);
  // X_gl,10-90 = { x : P10 <= x <= P90 } is a contiguous run of the sorted array.
  const from = searchSorted(sorted, p10, false);
  const to = searchSorted(sorted, p90, true);
  const robustMean = sortedMean(sorted, from, to);
  const sSq = sums[4];
  into.n = n;
  into.mean = mean;
  into.m2 = sums[0] / n;
  into.m3 = sums[1] / n;
  into.m4 = sums[2] / n;
  into.min = n > 0 ? sorted[0] : NaN;
  into.max = n > 0 ? sorted[n - 1] : NaN;
  into.p10 = p10;
  into.p25 = quantileSorted(sorted, 0.25);
  into.median = median;
  into.p75 = quantileSorted(sorted, 0.75);
  into.p90 = p90;
  into.meanAbsDev = sums[3] / n;
  into.robustMeanAbsDev = meanAbsoluteDeviation(sorted, from, to, robustMean);
  into.medianAbsDev = meanAbsoluteDeviation(sorted, 0, n, median);
  into.sumSquares = n > 0 ? sSq : NaN;
  into.shiftedSumSquares = n === 0 ? NaN : shift === 0 ? sSq : shiftedSquares(sorted, shift);
  into.voxelVolume = voxelVolume;
}

/** Compensated sum of (x + c)^2 (CompensatedSum.add's operations on locals, as in deviationSums). */
function shiftedSquares(values: Float64Array, c: number): number {
  let s = 0;
  let e = 0;
  for (let k = 0; k < values.length; k++) {
    const x = (values[k] + c) ** 2;
    const t = s + x;
    e += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + e;
}

/**
 * Compensated sums over x of d^2, d^3, d^4, |d| (d = x - mean) and x^2, into out[0 .. 4]: CompensatedSum.add's
 * operations written out on locals (the same bits; the objects were allocated per call of a feature map's kernel).
 */
function deviationSums(values: Float64Array, mean: number, out: Float64Array): void {
  let s2 = 0, c2 = 0, s3 = 0, c3 = 0, s4 = 0, c4 = 0, sA = 0, cA = 0, sQ = 0, cQ = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const d = v - mean;
    const d2 = d * d;
    let x = d2;
    let t = s2 + x;
    c2 += Math.abs(s2) >= Math.abs(x) ? s2 - t + x : x - t + s2;
    s2 = t;
    x = d2 * d;
    t = s3 + x;
    c3 += Math.abs(s3) >= Math.abs(x) ? s3 - t + x : x - t + s3;
    s3 = t;
    x = d2 * d2;
    t = s4 + x;
    c4 += Math.abs(s4) >= Math.abs(x) ? s4 - t + x : x - t + s4;
    s4 = t;
    x = Math.abs(d);
    t = sA + x;
    cA += Math.abs(sA) >= Math.abs(x) ? sA - t + x : x - t + sA;
    sA = t;
    x = v * v;
    t = sQ + x;
    cQ += Math.abs(sQ) >= Math.abs(x) ? sQ - t + x : x - t + sQ;
    sQ = t;
  }
  out[0] = s2 + c2;
  out[1] = s3 + c3;
  out[2] = s4 + c4;
  out[3] = sA + cA;
  out[4] = sQ + cQ;
}

const ZERO_VARIANCE_NOTE =
  'IBSI defines this feature as 0 when the intensity variance is 0 (e.g. a single voxel or a constant ROI); it is returned as 0 there, not as null with a warning (scipy.stats, for one, returns NaN).';

/** The 18 features; each is a one-liner over StatisticsStats. */
export const STATISTICS_FEATURES = {
  mean: {
    name: 'Mean intensity',
    ibsi: 'Q4LE',
    formula: String.raw`F_{stat.mean} = \frac{1}{N_v}\sum_{k=1}^{N_v} X_{gl,k}`,
    compute: (s) => s.mean,
  },
  variance: {
    name: 'Intensity variance',
    ibsi: 'ECT3',
    formula: String.raw`F_{stat.var} = \frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k}-\mu\right)^2`,
    note: 'No bias correction (divides by N_v, not N_v - 1), as IBSI specifies.',
    compute: (s) => s.m2,
  },
  skewness: {
    name: 'Intensity skewness',
    ibsi: 'KE2A',
    formula: String.raw`F_{stat.skew} = \frac{\frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k}-\mu\right)^3}{\left(\frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k}-\mu\right)^2\right)^{3/2}}`,
    note: ZERO_VARIANCE_NOTE,
    compute: (s) => (s.m2 === 0 ? 0 : s.m3 / s.m2 ** 1.5),
  },
  kurtosis: {
    name: '(Excess) intensity kurtosis',
    ibsi: 'IPH6',
    formula: String.raw`F_{stat.kurt} = \frac{\frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k}-\mu\right)^4}{\left(\frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k}-\mu\right)^2\right)^{2}} - 3`,
    note: `Excess kurtosis (Fisher correction -3). ${ZERO_VARIANCE_NOTE}`,
    compute: (s) => (s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2) - 3),
  },
  median: {
    name: 'Median intensity',
    ibsi: 'Y12H',
    formula: String.raw`F_{stat.median} = \operatorname{median}(\mathbf{X}_{gl})`,
    compute: (s) => s.median,
  },
  minimum: {
    name: 'Minimum intensity',
    ibsi: '1GSF',
    formula: String.raw`F_{stat.min} = \min(\mathbf{X}_{gl})`,
    compute: (s) => s.min,
  },
  percentile10: {
    name: '10th intensity percentile',
    ibsi: 'QG58',
    formula: String.raw`F_{stat.P10} = P_{10}(\mathbf{X}_{gl})`,
    note: 'Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7, numpy "linear"), as IBSI reference implementations do.',
    compute: (s) => s.p10,
  },
  percentile90: {
    name: '90th intensity percentile',
    ibsi: '8DWT',
    formula: String.raw`F_{stat.P90} = P_{90}(\mathbf{X}_{gl})`,
    note: 'Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7, numpy "linear"); the manual notes some implementations give 4.2 instead of 4 on the digital phantom.',
    compute: (s) => s.p90,
  },
  maximum: {
    name: 'Maximum intensity',
    ibsi: '84IY',
    formula: String.raw`F_{stat.max} = \max(\mathbf{X}_{gl})`,
    compute: (s) => s.max,
  },
  interquartileRange: {
    name: 'Intensity interquartile range',
    ibsi: 'SALO',
    formula: String.raw`F_{stat.iqr} = P_{75} - P_{25}`,
    compute: (s) => s.p75 - s.p25,
  },
  range: {
    name: 'Intensity range',
    ibsi: '2OJQ',
    formula: String.raw`F_{stat.range} = \max(\mathbf{X}_{gl}) - \min(\mathbf{X}_{gl})`,
    compute: (s) => s.max - s.min,
  },
  meanAbsoluteDeviation: {
    name: 'Intensity-based mean absolute deviation',
    ibsi: '4FUA',
    formula: String.raw`F_{stat.mad} = \frac{1}{N_v}\sum_{k=1}^{N_v} \left|X_{gl,k}-\mu\right|`,
    compute: (s) => s.meanAbsDev,
  },
  robustMeanAbsoluteDeviation: {
    name: 'Intensity-based robust mean absolute deviation',
    ibsi: '1128',
    formula: String.raw`F_{stat.rmad} = \frac{1}{N_{v,10-90}}\sum_{k=1}^{N_{v,10-90}} \left|X_{gl,10-90,k}-\overline{X}_{gl,10-90}\right|,\ \mathbf{X}_{gl,10-90} = \{x \in \mathbf{X}_{gl} \mid P_{10} \le x \le P_{90}\}`,
    undefinedWhen: 'no voxel lies in [P10, P90] (a ROI of two voxels with different values)',
    compute: (s) => s.robustMeanAbsDev,
  },
  medianAbsoluteDeviation: {
    name: 'Intensity-based median absolute deviation',
    ibsi: 'N72L',
    formula: String.raw`F_{stat.medad} = \frac{1}{N_v}\sum_{k=1}^{N_v} \left|X_{gl,k}-M\right|`,
    note: 'The mean of absolute deviations from the median M (IBSI), not the median of absolute deviations.',
    compute: (s) => s.medianAbsDev,
  },
  coefficientOfVariation: {
    name: 'Intensity-based coefficient of variation',
    ibsi: '7TET',
    formula: String.raw`F_{stat.cov} = \frac{\sigma}{\mu},\ \sigma = F_{stat.var}^{1/2}`,
    undefinedWhen: 'the mean intensity is 0',
    compute: (s) => Math.sqrt(s.m2) / s.mean,
  },
  quartileCoefficientOfDispersion: {
    name: 'Intensity-based quartile coefficient of dispersion',
    ibsi: '9S40',
    formula: String.raw`F_{stat.qcod} = \frac{P_{75}-P_{25}}{P_{75}+P_{25}}`,
    undefinedWhen: 'P75 + P25 = 0',
    compute: (s) => (s.p75 - s.p25) / (s.p75 + s.p25),
  },
  energy: {
    name: 'Intensity-based energy',
    ibsi: 'N8CA',
    formula: String.raw`F_{stat.energy} = \sum_{k=1}^{N_v} X_{gl,k}^2`,
    note: 'Not scaled by the voxel volume and no intensity shift; PyRadiomics adds an optional shift c and its "total energy" multiplies by the voxel volume.',
    compute: (s) => s.sumSquares,
  },
  rootMeanSquare: {
    name: 'Root mean square intensity',
    ibsi: '5ZWQ',
    formula: String.raw`F_{stat.rms} = \sqrt{\frac{1}{N_v}\sum_{k=1}^{N_v} X_{gl,k}^2}`,
    compute: (s) => Math.sqrt(s.sumSquares / s.n),
  },
  kurtosisPyradiomics: {
    name: 'Kurtosis (PyRadiomics)',
    ibsi: null,
    noIbsiReason: "PyRadiomics' plain kurtosis (deviation plainKurtosis): IBSI defines the excess kurtosis (IPH6, stat.kurtosis), 3 less.",
    compat: 'pyradiomics',
    formula: String.raw`\frac{\mu_4}{\sigma^4},\ 0 \text{ when } \sigma = 0`,
    compute: (s) => (s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2)),
  },
  energyPyradiomics: {
    name: 'Energy (PyRadiomics)',
    ibsi: null,
    noIbsiReason: "PyRadiomics' energy with voxelArrayShift c (deviation voxelArrayShift); equals IBSI energy (N8CA, stat.energy) when c = 0.",
    compat: 'pyradiomics',
    formula: String.raw`\sum_{k=1}^{N_v} \left(X_{gl,k} + c\right)^2`,
    compute: (s) => s.shiftedSumSquares,
  },
  totalEnergy: {
    name: 'Total energy (PyRadiomics)',
    ibsi: null,
    noIbsiReason: 'A PyRadiomics feature (deviation totalEnergy); IBSI has none.',
    compat: 'pyradiomics',
    formula: String.raw`V_{voxel} \sum_{k=1}^{N_v} \left(X_{gl,k} + c\right)^2`,
    compute: (s) => s.voxelVolume * s.shiftedSumSquares,
  },
  rootMeanSquarePyradiomics: {
    name: 'Root mean square (PyRadiomics)',
    ibsi: null,
    noIbsiReason: "PyRadiomics' root mean square with voxelArrayShift c (deviation voxelArrayShift); equals IBSI's (5ZWQ, stat.rootMeanSquare) when c = 0.",
    compat: 'pyradiomics',
    formula: String.raw`\sqrt{\frac{1}{N_v}\sum_{k=1}^{N_v} \left(X_{gl,k} + c\right)^2}`,
    compute: (s) => Math.sqrt(s.shiftedSumSquares / s.n),
  },
} as const satisfies FeatureTable<StatisticsStats>;

/** The compatibility mode, and PyRadiomics' voxelArrayShift (used in compat mode pyradiomics only). */
export interface StatisticsParams {
  readonly compat?: CompatMode;
  readonly voxelArrayShift?: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}
export const STATISTICS_DEFAULTS: StatisticsParams = { compat: 'ibsi', voxelArrayShift: 0 };

/** The features of each compatibility mode, selected once (feature maps compute the family per kernel). */
const IBSI_TABLE = featuresFor(STATISTICS_FEATURES, 'ibsi');
const PYRADIOMICS_TABLE = featuresFor(STATISTICS_FEATURES, 'pyradiomics');

export const statisticsFamily: FamilyDefinition<StatisticsStats, StatisticsParams> = {
  name: 'stat',
  title: 'Intensity-based statistical features',
  ibsi: 'UHIW',
  features: STATISTICS_FEATURES,
  compute(input: FamilyInput, given: StatisticsParams = {}): FamilyOutput {
    const compat = given.compat ?? 'ibsi';
    const warnings: Warning[] = [];
    const values = evaluateTable('stat', compat === 'pyradiomics' ? PYRADIOMICS_TABLE : IBSI_TABLE, statisticsOf(input, given), null, undefined, warnings);
    return { values, warnings };
  },
};

/** The compute functions of STATISTICS_FEATURES in table order (featureComputes), for storeFeatureValues. */
const STATISTICS_COMPUTES = Object.freeze(featureComputes(STATISTICS_FEATURES));
/** Each mode's table (a subsequence of STATISTICS_FEATURES) as indices into STATISTICS_COMPUTES, in its order. */
const IBSI_INDICES = tableIndices(IBSI_TABLE);
const PYRADIOMICS_INDICES = tableIndices(PYRADIOMICS_TABLE);

function tableIndices(table: FeatureTable<StatisticsStats>): Int32Array {
  const all = Object.keys(STATISTICS_FEATURES);
  return Int32Array.from(Object.keys(table), (key) => all.indexOf(key));
}

/**
 * statisticsFamily.compute's values alone (feature maps, per kernel: no value objects, no warnings): to
 * out[0 ..] in the order of its values, NaN where those are null, the same bits otherwise. Returns their number.
 */
export function statisticsValuesInto(input: FamilyInput, given: StatisticsParams, out: Float64Array): number {
  const indices = (given.compat ?? 'ibsi') === 'pyradiomics' ? PYRADIOMICS_INDICES : IBSI_INDICES;
  // Read by index: destructuring an array goes through its iterator, an object per call.
  const spacing = input.spacing;
  statisticsStatsInto(input.roiValues, given.voxelArrayShift ?? 0, spacing[0] * spacing[1] * spacing[2], given.scratch, kernelStats);
  const all = storeFeatureValues(kernelStats);
  for (let f = 0; f < indices.length; f++) {
    const v = all[indices[f]];
    out[f] = v;
    if (!Number.isFinite(v)) out[f] = NaN;
  }
  return indices.length;
}

/** The values path's statistics record and every feature's value, one each for all calls; filled anew before each read. */
const kernelStats = emptyStatisticsStats();
const kernelValues = new Float64Array(STATISTICS_COMPUTES.length);

/**
 * Every feature of STATISTICS_FEATURES on `s`, in table order, to kernelValues: a call site per feature
 * (constant index into the frozen STATISTICS_COMPUTES, so V8 inlines each; evaluateInto's one site boxed
 * each result). The 22 features (test/features/statistics.valuesInto.unit.test.ts compares every value
 * of both modes with compute's).
 */
function storeFeatureValues(s: StatisticsStats): Float64Array {
  const C = STATISTICS_COMPUTES;
  const v = kernelValues;
  v[0] = C[0](s);
  v[1] = C[1](s);
  v[2] = C[2](s);
  v[3] = C[3](s);
  v[4] = C[4](s);
  v[5] = C[5](s);
  v[6] = C[6](s);
  v[7] = C[7](s);
  v[8] = C[8](s);
  v[9] = C[9](s);
  v[10] = C[10](s);
  v[11] = C[11](s);
  v[12] = C[12](s);
  v[13] = C[13](s);
  v[14] = C[14](s);
  v[15] = C[15](s);
  v[16] = C[16](s);
  v[17] = C[17](s);
  v[18] = C[18](s);
  v[19] = C[19](s);
  v[20] = C[20](s);
  v[21] = C[21](s);
  return v;
}

function statisticsOf(input: FamilyInput, given: StatisticsParams): StatisticsStats {
  const [sx, sy, sz] = input.spacing;
  return statisticsStats(input.roiValues, given.voxelArrayShift ?? 0, sx * sy * sz, given.scratch);
}
