/**
 * Intensity histogram features (IBSI 1 manual, "Intensity histogram features", ZVCW): 23 features of
 * the discretised intensities X_d (grey levels 1..N_g) of the ROI intensity mask, computed in 3D over
 * the whole ROI (DHQ4). Histogram first (`intensityHistogram`), then statistics (`intensityHistogramStats`),
 * then each feature a one-liner. Every quantity comes from the counts n_i, so the cost after the
 * histogram is O(N_g).
 *
 * Numerics: sum_i i n_i is an exact integer sum; central moments are Neumaier-compensated Float64 sums.
 */
import { evaluateTable, featureComputes } from './evaluate.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning } from './types.js';
import type { Writable } from '../util/writable.js';
import type { MatrixScratch } from './matrixScratch.js';

/** H = {n_1, ..., n_{N_g}}: counts[i] is n_i for grey level i (counts[0] is unused and 0). */
export interface IntensityHistogram {
  readonly counts: Float64Array;
  /** N_g, the number of bins: the larger of the discretisation's bin count and the highest level present. */
  readonly nBins: number;
  /** N_v, the number of ROI voxels. */
  readonly n: number;
}

/**
 * Histogram of `levels` where `mask` is 1. Bins run from 1 to max(nBins, highest level) and are kept
 * when empty (the gradient needs a non-sparse histogram). With `scratch` (feature maps, per kernel) the
 * counts are an array of it, valid until its next histogram: an array of over 8 counts is memory outside
 * V8's heap, whose allocation per kernel cost time and garbage collections.
 */
export function intensityHistogram(levels: Int32Array, mask: Uint8Array, nBins: number, scratch?: MatrixScratch): IntensityHistogram {
  let top = Math.max(0, nBins);
  for (let k = 0; k < levels.length; k++) if (mask[k] === 1 && levels[k] > top) top = levels[k];
  const counts = scratch === undefined ? new Float64Array(top + 1) : scratch.float64('histogram', top + 1);
  let n = 0;
  for (let k = 0; k < levels.length; k++) {
    if (mask[k] === 1 && levels[k] >= 1) {
      counts[levels[k]]++;
      n++;
    }
  }
  return { counts, nBins: top, n };
}

/** Statistics of X_d, computed once from the histogram. */
export interface IntensityHistogramStats {
  readonly n: number;
  readonly nBins: number;
  readonly mean: number;
  /** Central moments m_k = sum_i (i - mean)^k p_i; m2 is the (biased) variance. */
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
  readonly mode: number;
  readonly meanAbsDev: number;
  readonly robustMeanAbsDev: number;
  readonly medianAbsDev: number;
  /** -sum p_i log2 p_i. */
  readonly entropy: number;
  /** sum p_i^2. */
  readonly uniformity: number;
  readonly maxGradient: number;
  readonly maxGradientLevel: number;
  readonly minGradient: number;
  readonly minGradientLevel: number;
}

/**
 * The value at 0-based rank r of the sorted X_d, read from the counts: the smallest level i whose
 * cumulative count exceeds r.
 */
function levelAtRank(counts: Float64Array, r: number): number {
  let cum = 0;
  for (let i = 1; i < counts.length; i++) {
    cum += counts[i];
    if (cum > r) return i;
  }
  return NaN;
}

/**
 * Sample quantile of X_d with linear interpolation between order statistics (Hyndman & Fan type 7,
 * numpy "linear"): h = (N_v - 1) p, Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)).
 */
export function histogramQuantile(h: IntensityHistogram, p: number): number {
  if (h.n === 0) return NaN;
  const pos = (h.n - 1) * p;
  const lo = Math.floor(pos);
  const a = levelAtRank(h.counts, lo);
  if (lo >= h.n - 1) return a;
  const b = levelAtRank(h.counts, lo + 1);
  return a === b ? a : a + (pos - lo) * (b - a);
}

/** The quantiles intensityHistogramStats reads: P10, P25, median, P75, P90 (ascending). */
const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/**
 * histogramQuantile of each p of QUANTILES into out[0 .. 4], the levels at the ranks floor h and
 * floor h + 1 read in two walks up the counts (each list of ranks ascends with p) instead of one or two
 * walks per quantile: the same levels and the same expression, so the same bits.
 */
function histogramQuantiles(h: IntensityHistogram, out: Float64Array): void {
  const { counts, n } = h;
  if (n === 0) {
    out.fill(NaN, 0, QUANTILES.length);
    return;
  }
  // out[q] = the level at rank floor h_q, then the interpolation with the level at rank floor h_q + 1.
  for (let q = 0, i = 0, cum = 0; q < QUANTILES.length; q++) {
    const r = Math.floor((n - 1) * QUANTILES[q]);
    while (cum <= r && i < counts.length - 1) cum += counts[++i];
    out[q] = cum > r ? i : NaN;
  }
  for (let q = 0, i = 0, cum = 0; q < QUANTILES.length; q++) {
    const pos = (n - 1) * QUANTILES[q];
    const lo = Math.floor(pos);
    if (lo >= n - 1) continue;
    while (cum <= lo + 1 && i < counts.length - 1) cum += counts[++i];
    const a = out[q];
    const b = cum > lo + 1 ? i : NaN;
    out[q] = a === b ? a : a + (pos - lo) * (b - a);
  }
}

/**
 * Histogram gradient H'_i (IBSI): n_2 - n_1 at i = 1, (n_{i+1} - n_{i-1})/2 inside, n_{N_g} - n_{N_g-1}
 * at i = N_g. Index 0 is unused. With a single bin there is no neighbour and the gradient is NaN.
 */
export function histogramGradient(h: IntensityHistogram): Float64Array {
  const g = h.nBins;
  const out = new Float64Array(g + 1);
  if (g < 2) {
    out.fill(NaN);
    return out;
  }
  for (let i = 1; i <= g; i++) out[i] = gradientAt(h.counts, g, i);
  return out;
}

/** H'_i of histogramGradient for 1 <= i <= g = N_g >= 2, from the counts c. */
function gradientAt(c: Float64Array, g: number, i: number): number {
  return i === 1 ? c[2] - c[1] : i === g ? c[g] - c[g - 1] : (c[i + 1] - c[i - 1]) / 2;
}

/** IntensityHistogramStats with writable fields: what intensityHistogramStatsInto fills (feature maps reuse one). */
export type IntensityHistogramStatsRecord = Writable<IntensityHistogramStats>;

/** An IntensityHistogramStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
function emptyIntensityHistogramStats(): IntensityHistogramStatsRecord {
  return {
    n: NaN,
    nBins: NaN,
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
    mode: NaN,
    meanAbsDev: NaN,
    robustMeanAbsDev: NaN,
    medianAbsDev: NaN,
    entropy: NaN,
    uniformity: NaN,
    maxGradient: NaN,
    maxGradientLevel: NaN,
    minGradient: NaN,
    minGradientLevel: NaN,
  };
}

export function intensityHistogramStats(h: IntensityHistogram): IntensityHistogramStats {
  const stats = emptyIntensityHistogramStats();
  intensityHistogramStatsInto(h, stats);
  return stats;
}

/** Where intensityHistogramStatsInto keeps each compensated sum: the sum, then its compensation (CompensatedSum's value is their sum). */
const S2 = 0, S3 = 2, S4 = 4, S_ABS = 6, S_ENTROPY = 8, S_UNIFORMITY = 10, S_ROBUST = 12, S_MEDIAN = 14;
/** Those sums and the five quantiles, one array for all calls (filled anew in each). */
const histogramSums = new Float64Array(16);
const histogramQuantileValues = new Float64Array(QUANTILES.length);
/** intensityHistogramStatsInto's list of non-empty bins, grown (doubled) when a histogram has more bins; filled anew in each call. */
let nonEmptyBins = new Int32Array(64);

/**
 * Over the non-empty bins bins[0 .. m - 1] (ascending), Neumaier-compensated sums written out (CompensatedSum.add's operations on locals: the same bits) into
 * acc at S2 .. S_UNIFORMITY (the sum, then its compensation): sum_i (i - mean)^k n_i for k = 2, 3, 4,
 * sum_i |i - mean| n_i, -sum_i p_i log2 p_i and sum_i p_i^2. Locals, not CompensatedSum objects nor a
 * helper per add: in a feature map's per-kernel call V8's inlining budget left some of those as calls,
 * each allocating (about 1 KB of objects and heap numbers per kernel).
 */
function momentSums(counts: Float64Array, bins: Int32Array, m: number, n: number, mean: number, acc: Float64Array): void {
  let s2 = 0, c2 = 0, s3 = 0, c3 = 0, s4 = 0, c4 = 0, sA = 0, cA = 0, sE = 0, cE = 0, sU = 0, cU = 0;
  for (let k = 0; k < m; k++) {
    const i = bins[k];
    const c = counts[i];
    const d = i - mean;
    const d2 = d * d;
    let x = d2 * c;
    let t = s2 + x;
    c2 += Math.abs(s2) >= Math.abs(x) ? s2 - t + x : x - t + s2;
    s2 = t;
    x = d2 * d * c;
    t = s3 + x;
    c3 += Math.abs(s3) >= Math.abs(x) ? s3 - t + x : x - t + s3;
    s3 = t;
    x = d2 * d2 * c;
    t = s4 + x;
    c4 += Math.abs(s4) >= Math.abs(x) ? s4 - t + x : x - t + s4;
    s4 = t;
    x = Math.abs(d) * c;
    t = sA + x;
    cA += Math.abs(sA) >= Math.abs(x) ? sA - t + x : x - t + sA;
    sA = t;
    const p = c / n;
    x = -p * Math.log2(p);
    t = sE + x;
    cE += Math.abs(sE) >= Math.abs(x) ? sE - t + x : x - t + sE;
    sE = t;
    x = p * p;
    t = sU + x;
    cU += Math.abs(sU) >= Math.abs(x) ? sU - t + x : x - t + sU;
    sU = t;
  }
  acc[S2] = s2;
  acc[S2 + 1] = c2;
  acc[S3] = s3;
  acc[S3 + 1] = c3;
  acc[S4] = s4;
  acc[S4 + 1] = c4;
  acc[S_ABS] = sA;
  acc[S_ABS + 1] = cA;
  acc[S_ENTROPY] = sE;
  acc[S_ENTROPY + 1] = cE;
  acc[S_UNIFORMITY] = sU;
  acc[S_UNIFORMITY + 1] = cU;
}

/** Into acc, over the non-empty bins (see momentSums): sum |i - robustMean| n_i over P10 <= i <= P90 at S_ROBUST, sum |i - median| n_i at S_MEDIAN. */
function absoluteDeviationSums(counts: Float64Array, bins: Int32Array, m: number, p10: number, p90: number, robustMean: number, median: number, acc: Float64Array): void {
  let sR = 0, cR = 0, sM = 0, cM = 0;
  for (let k = 0; k < m; k++) {
    const i = bins[k];
    const c = counts[i];
    let x: number;
    let t: number;
    if (i >= p10 && i <= p90) {
      x = Math.abs(i - robustMean) * c;
      t = sR + x;
      cR += Math.abs(sR) >= Math.abs(x) ? sR - t + x : x - t + sR;
      sR = t;
    }
    x = Math.abs(i - median) * c;
    t = sM + x;
    cM += Math.abs(sM) >= Math.abs(x) ? sM - t + x : x - t + sM;
    sM = t;
  }
  acc[S_ROBUST] = sR;
  acc[S_ROBUST + 1] = cR;
  acc[S_MEDIAN] = sM;
  acc[S_MEDIAN + 1] = cM;
}

/**
 * intensityHistogramStats written into `into` (no object made: feature maps compute one histogram per
 * kernel, and the object, its sums and their heap numbers were about 1.6 KB of garbage a kernel).
 */
export function intensityHistogramStatsInto(h: IntensityHistogram, into: IntensityHistogramStatsRecord): void {
  const { counts, n, nBins } = h;
  let min = NaN;
  let max = NaN;
  let levelSum = 0; // sum_i i n_i: an integer, exact in Float64 up to 2^53
  // The non-empty bins, ascending: the sums below visit only these (a kernel's ~18 grey levels of up to
  // ~100 bins), in the order a walk over every bin meets them, so the same sums in the same order.
  const bins = nonEmptyBins.length > nBins ? nonEmptyBins : (nonEmptyBins = new Int32Array(2 * nBins + 1));
  let m = 0;
  for (let i = 1; i <= nBins; i++) {
    if (counts[i] === 0) continue;
    if (Number.isNaN(min)) min = i;
    max = i;
    levelSum += i * counts[i];
    bins[m++] = i;
  }
  const mean = n > 0 ? levelSum / n : NaN;
  const acc = histogramSums;
  momentSums(counts, bins, m, n, mean, acc);
  const quantiles = histogramQuantileValues;
  histogramQuantiles(h, quantiles);
  const p10 = quantiles[0];
  const median = quantiles[2];
  const p90 = quantiles[4];

  // Robust MAD over X_d,10-90 = { x : P10 <= x <= P90 }.
  let nRobust = 0;
  let robustSum = 0; // integer sum, exact
  for (let k = 0; k < m; k++) {
    const i = bins[k];
    if (i < p10 || i > p90) continue;
    nRobust += counts[i];
    robustSum += i * counts[i];
  }
  const robustMean = robustSum / nRobust;
  absoluteDeviationSums(counts, bins, m, p10, p90, robustMean, median, acc);

  // Mode: highest count; a tie goes to the level closest to the mean, and an equidistant tie to the
  // level left of the mean (IBSI). Scanning upwards with a strict "closer" test keeps the left one.
  let mode = NaN;
  let modeCount = 0;
  for (let k = 0; k < m; k++) {
    const i = bins[k];
    const c = counts[i];
    if (c > modeCount || (c === modeCount && Math.abs(i - mean) < Math.abs(mode - mean))) {
      mode = i;
      modeCount = c;
    }
  }

  // Gradient extremes (histogramGradient's values, taken one by one); a tie goes to the lowest level.
  let maxGradient = NaN;
  let maxGradientLevel = NaN;
  let minGradient = NaN;
  let minGradientLevel = NaN;
  if (n > 0 && nBins >= 2) {
    maxGradient = -Infinity;
    minGradient = Infinity;
    for (let i = 1; i <= nBins; i++) {
      const grad = gradientAt(counts, nBins, i);
      if (grad > maxGradient) {
        maxGradient = grad;
        maxGradientLevel = i;
      }
      if (grad < minGradient) {
        minGradient = grad;
        minGradientLevel = i;
      }
    }
  }

  into.n = n;
  into.nBins = nBins;
  into.mean = mean;
  into.m2 = (acc[S2] + acc[S2 + 1]) / n;
  into.m3 = (acc[S3] + acc[S3 + 1]) / n;
  into.m4 = (acc[S4] + acc[S4 + 1]) / n;
  into.min = min;
  into.max = max;
  into.p10 = p10;
  into.p25 = quantiles[1];
  into.median = median;
  into.p75 = quantiles[3];
  into.p90 = p90;
  into.mode = mode;
  into.meanAbsDev = (acc[S_ABS] + acc[S_ABS + 1]) / n;
  into.robustMeanAbsDev = (acc[S_ROBUST] + acc[S_ROBUST + 1]) / nRobust;
  into.medianAbsDev = (acc[S_MEDIAN] + acc[S_MEDIAN + 1]) / n;
  into.entropy = n > 0 ? acc[S_ENTROPY] + acc[S_ENTROPY + 1] : NaN;
  into.uniformity = n > 0 ? acc[S_UNIFORMITY] + acc[S_UNIFORMITY + 1] : NaN;
  into.maxGradient = maxGradient;
  into.maxGradientLevel = maxGradientLevel;
  into.minGradient = minGradient;
  into.minGradientLevel = minGradientLevel;
}

const ZERO_VARIANCE_NOTE =
  'IBSI defines this feature as 0 when the discretised intensity variance is 0 (a single grey level in the ROI); it is returned as 0 there, not as null with a warning.';
const PERCENTILE_NOTE = 'Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7, numpy "linear"), as IBSI reference implementations do.';
const GRADIENT_UNDEFINED = 'the histogram has a single bin (N_g = 1): the gradient needs two bins';

/** The 23 features; each is a one-liner over IntensityHistogramStats. */
export const INTENSITY_HISTOGRAM_FEATURES = {
  mean: {
    name: 'Mean discretised intensity',
    ibsi: 'X6K6',
    formula: String.raw`F_{ih.mean} = \sum_{i=1}^{N_g} i\,p_i`,
    compute: (s) => s.mean,
  },
  variance: {
    name: 'Discretised intensity variance',
    ibsi: 'CH89',
    formula: String.raw`F_{ih.var} = \sum_{i=1}^{N_g} \left(i-\mu\right)^2 p_i`,
    note: 'No bias correction, as IBSI specifies.',
    compute: (s) => s.m2,
  },
  skewness: {
    name: 'Discretised intensity skewness',
    ibsi: '88K1',
    formula: String.raw`F_{ih.skew} = \frac{\sum_{i=1}^{N_g}\left(i-\mu\right)^3 p_i}{\left(\sum_{i=1}^{N_g}\left(i-\mu\right)^2 p_i\right)^{3/2}}`,
    note: ZERO_VARIANCE_NOTE,
    compute: (s) => (s.m2 === 0 ? 0 : s.m3 / s.m2 ** 1.5),
  },
  kurtosis: {
    name: '(Excess) discretised intensity kurtosis',
    ibsi: 'C3I7',
    formula: String.raw`F_{ih.kurt} = \frac{\sum_{i=1}^{N_g}\left(i-\mu\right)^4 p_i}{\left(\sum_{i=1}^{N_g}\left(i-\mu\right)^2 p_i\right)^{2}} - 3`,
    note: `Excess kurtosis (Fisher correction -3). ${ZERO_VARIANCE_NOTE}`,
    compute: (s) => (s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2) - 3),
  },
  median: {
    name: 'Median discretised intensity',
    ibsi: 'WIFQ',
    formula: String.raw`F_{ih.median} = \operatorname{median}(\mathbf{X}_{d})`,
    compute: (s) => s.median,
  },
  minimum: {
    name: 'Minimum discretised intensity',
    ibsi: '1PR8',
    formula: String.raw`F_{ih.min} = \min(\mathbf{X}_{d})`,
    compute: (s) => s.min,
  },
  percentile10: {
    name: '10th discretised intensity percentile',
    ibsi: 'GPMT',
    formula: String.raw`F_{ih.P10} = P_{10}(\mathbf{X}_{d})`,
    note: `${PERCENTILE_NOTE} The manual's rst prints code 1PR8 here by mistake; GPMT is the code of the reference tables.`,
    compute: (s) => s.p10,
  },
  percentile90: {
    name: '90th discretised intensity percentile',
    ibsi: 'OZ0C',
    formula: String.raw`F_{ih.P90} = P_{90}(\mathbf{X}_{d})`,
    note: `${PERCENTILE_NOTE} The manual's rst prints code GPMT here by mistake; OZ0C is the code of the reference tables.`,
    compute: (s) => s.p90,
  },
  maximum: {
    name: 'Maximum discretised intensity',
    ibsi: '3NCY',
    formula: String.raw`F_{ih.max} = \max(\mathbf{X}_{d})`,
    compute: (s) => s.max,
  },
  mode: {
    name: 'Intensity histogram mode',
    ibsi: 'AMMC',
    formula: String.raw`F_{ih.mode} = \operatorname{arg\,max}_i\, n_i`,
    note: 'A tie goes to the bin closest to the mean discretised intensity; of two equidistant bins, the one left of the mean (IBSI).',
    compute: (s) => s.mode,
  },
  interquartileRange: {
    name: 'Discretised intensity interquartile range',
    ibsi: 'WR0O',
    formula: String.raw`F_{ih.iqr} = P_{75} - P_{25}`,
    compute: (s) => s.p75 - s.p25,
  },
  range: {
    name: 'Discretised intensity range',
    ibsi: '5Z3W',
    formula: String.raw`F_{ih.range} = \max(\mathbf{X}_{d}) - \min(\mathbf{X}_{d})`,
    compute: (s) => s.max - s.min,
  },
  meanAbsoluteDeviation: {
    name: 'Intensity histogram mean absolute deviation',
    ibsi: 'D2ZX',
    formula: String.raw`F_{ih.mad} = \frac{1}{N_v}\sum_{k=1}^{N_v} \left|X_{d,k}-\mu\right|`,
    compute: (s) => s.meanAbsDev,
  },
  robustMeanAbsoluteDeviation: {
    name: 'Intensity histogram robust mean absolute deviation',
    ibsi: 'WRZB',
    formula: String.raw`F_{ih.rmad} = \frac{1}{N_{v,10-90}}\sum_{k=1}^{N_{v,10-90}} \left|X_{d,10-90,k}-\overline{X}_{d,10-90}\right|,\ \mathbf{X}_{d,10-90} = \{x \in \mathbf{X}_{d} \mid P_{10} \le x \le P_{90}\}`,
    undefinedWhen: 'no voxel lies in [P10, P90] (a ROI of two voxels with different values)',
    compute: (s) => s.robustMeanAbsDev,
  },
  medianAbsoluteDeviation: {
    name: 'Intensity histogram median absolute deviation',
    ibsi: '4RNL',
    formula: String.raw`F_{ih.medad} = \frac{1}{N_v}\sum_{k=1}^{N_v} \left|X_{d,k}-M\right|`,
    note: 'The mean of absolute deviations from the median M (IBSI), not the median of absolute deviations.',
    compute: (s) => s.medianAbsDev,
  },
  coefficientOfVariation: {
    name: 'Intensity histogram coefficient of variation',
    ibsi: 'CWYJ',
    formula: String.raw`F_{ih.cov} = \frac{\sigma}{\mu},\ \sigma = F_{ih.var}^{1/2}`,
    compute: (s) => Math.sqrt(s.m2) / s.mean,
  },
  quartileCoefficientOfDispersion: {
    name: 'Intensity histogram quartile coefficient of dispersion',
    ibsi: 'SLWD',
    formula: String.raw`F_{ih.qcod} = \frac{P_{75}-P_{25}}{P_{75}+P_{25}}`,
    compute: (s) => (s.p75 - s.p25) / (s.p75 + s.p25),
  },
  entropy: {
    name: 'Discretised intensity entropy',
    ibsi: 'TLU2',
    formula: String.raw`F_{ih.entropy} = -\sum_{i=1}^{N_g} p_i \log_2 p_i`,
    note: 'Empty bins contribute 0 (p log p -> 0).',
    compute: (s) => s.entropy,
  },
  uniformity: {
    name: 'Discretised intensity uniformity',
    ibsi: 'BJ5W',
    formula: String.raw`F_{ih.uniformity} = \sum_{i=1}^{N_g} p_i^2`,
    compute: (s) => s.uniformity,
  },
  maximumGradient: {
    name: 'Maximum histogram gradient',
    ibsi: '12CE',
    formula: String.raw`F_{ih.max.grad} = \max(\mathbf{H}'),\ H'_i = \begin{cases} n_2-n_1 & i=1\\ (n_{i+1}-n_{i-1})/2 & 1<i<N_g\\ n_{N_g}-n_{N_g-1} & i=N_g \end{cases}`,
    note: 'The histogram spans grey levels 1..N_g, empty bins included.',
    undefinedWhen: GRADIENT_UNDEFINED,
    compute: (s) => s.maxGradient,
  },
  maximumGradientIntensity: {
    name: 'Maximum histogram gradient intensity',
    ibsi: '8E6O',
    formula: String.raw`F_{ih.max.grad.gl} = \operatorname{arg\,max}_i H'_i`,
    note: 'A tie goes to the lowest grey level (IBSI does not say).',
    undefinedWhen: GRADIENT_UNDEFINED,
    compute: (s) => s.maxGradientLevel,
  },
  minimumGradient: {
    name: 'Minimum histogram gradient',
    ibsi: 'VQB3',
    formula: String.raw`F_{ih.min.grad} = \min(\mathbf{H}')`,
    undefinedWhen: GRADIENT_UNDEFINED,
    compute: (s) => s.minGradient,
  },
  minimumGradientIntensity: {
    name: 'Minimum histogram gradient intensity',
    ibsi: 'RHQZ',
    formula: String.raw`F_{ih.min.grad.gl} = \operatorname{arg\,min}_i H'_i`,
    note: 'A tie goes to the lowest grey level (IBSI does not say).',
    undefinedWhen: GRADIENT_UNDEFINED,
    compute: (s) => s.minGradientLevel,
  },
} as const satisfies FeatureTable<IntensityHistogramStats>;

/** The family takes no parameters. */
export type IntensityHistogramParams = Record<string, never>;
export const INTENSITY_HISTOGRAM_DEFAULTS: IntensityHistogramParams = {};

export const intensityHistogramFamily: FamilyDefinition<IntensityHistogramStats, IntensityHistogramParams> = {
  name: 'ih',
  title: 'Intensity histogram features',
  ibsi: 'ZVCW',
  features: INTENSITY_HISTOGRAM_FEATURES,
  compute(input: FamilyInput): FamilyOutput {
    const warnings: Warning[] = [];
    const stats = intensityHistogramStats(intensityHistogram(input.levels, input.intensityMask, input.nBins));
    const values = evaluateTable('ih', INTENSITY_HISTOGRAM_FEATURES, stats, null, undefined, warnings);
    return { values, warnings };
  },
};

/** The compute functions of INTENSITY_HISTOGRAM_FEATURES in table order (featureComputes), for intensityHistogramValuesInto. */
const INTENSITY_HISTOGRAM_COMPUTES = Object.freeze(featureComputes(INTENSITY_HISTOGRAM_FEATURES));

/**
 * intensityHistogramFamily.compute's values alone (feature maps, per kernel: no value objects, no
 * warnings): to out[0 ..] in the order of its values, NaN where those are null, the same bits otherwise.
 * Returns their number.
 */
export function intensityHistogramValuesInto(input: FamilyInput, params: { readonly scratch?: MatrixScratch }, out: Float64Array): number {
  intensityHistogramStatsInto(intensityHistogram(input.levels, input.intensityMask, input.nBins, params.scratch), kernelStats);
  storeFeatureValues(kernelStats, out);
  return INTENSITY_HISTOGRAM_COMPUTES.length;
}

/** The values path's statistics record, one for all calls (was an object of 23 numbers per kernel); filled anew before each read. */
const kernelStats = emptyIntensityHistogramStats();

/**
 * evaluateInto(INTENSITY_HISTOGRAM_COMPUTES, s, out, 0) with a call site per feature (constant index into
 * the frozen table, so V8 inlines each; the loop's one site boxed each result), the value stored then NaN
 * over it when not finite. Same values; the 23 features of INTENSITY_HISTOGRAM_FEATURES
 * (test/features/intensityHistogram.valuesInto.unit.test.ts compares all of compute's values).
 */
function storeFeatureValues(s: IntensityHistogramStats, out: Float64Array): void {
  const C = INTENSITY_HISTOGRAM_COMPUTES;
  out[0] = C[0](s);
  out[1] = C[1](s);
  out[2] = C[2](s);
  out[3] = C[3](s);
  out[4] = C[4](s);
  out[5] = C[5](s);
  out[6] = C[6](s);
  out[7] = C[7](s);
  out[8] = C[8](s);
  out[9] = C[9](s);
  out[10] = C[10](s);
  out[11] = C[11](s);
  out[12] = C[12](s);
  out[13] = C[13](s);
  out[14] = C[14](s);
  out[15] = C[15](s);
  out[16] = C[16](s);
  out[17] = C[17](s);
  out[18] = C[18](s);
  out[19] = C[19](s);
  out[20] = C[20](s);
  out[21] = C[21](s);
  out[22] = C[22](s);
  for (let f = 0; f < 23; f++) if (!Number.isFinite(out[f])) out[f] = NaN;
}
