/**
 * Intensity histogram features (IBSI 1 manual, "Intensity histogram features", ZVCW): 23 features of
 * the discretised intensities X_d (grey levels 1..N_g) of the ROI intensity mask, computed in 3D over
 * the whole ROI (DHQ4). Histogram first (`intensityHistogram`), then statistics (`intensityHistogramStats`),
 * then each feature a one-liner. Every quantity comes from the counts n_i, so the cost after the
 * histogram is O(N_g).
 *
 * Numerics: sum_i i n_i is an exact integer sum; central moments are Neumaier-compensated Float64 sums.
 */
import { evaluateInto, evaluateTable, featureComputes } from './evaluate.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning } from './types.js';
import { CompensatedSum } from '../util/sum.js';
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

export function intensityHistogramStats(h: IntensityHistogram): IntensityHistogramStats {
  const { counts, n, nBins } = h;
  let min = NaN;
  let max = NaN;
  let levelSum = 0; // sum_i i n_i: an integer, exact in Float64 up to 2^53
  for (let i = 1; i <= nBins; i++) {
    if (counts[i] === 0) continue;
    if (Number.isNaN(min)) min = i;
    max = i;
    levelSum += i * counts[i];
  }
  const mean = n > 0 ? levelSum / n : NaN;
  const s2 = new CompensatedSum();
  const s3 = new CompensatedSum();
  const s4 = new CompensatedSum();
  const sAbs = new CompensatedSum();
  const sEntropy = new CompensatedSum();
  const sUniformity = new CompensatedSum();
  for (let i = 1; i <= nBins; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const d = i - mean;
    const d2 = d * d;
    s2.add(d2 * c);
    s3.add(d2 * d * c);
    s4.add(d2 * d2 * c);
    sAbs.add(Math.abs(d) * c);
    const p = c / n;
    sEntropy.add(-p * Math.log2(p));
    sUniformity.add(p * p);
  }
  const quantiles = new Float64Array(QUANTILES.length);
  histogramQuantiles(h, quantiles);
  const p10 = quantiles[0];
  const p25 = quantiles[1];
  const median = quantiles[2];
  const p75 = quantiles[3];
  const p90 = quantiles[4];

  // Robust MAD over X_d,10-90 = { x : P10 <= x <= P90 }.
  let nRobust = 0;
  let robustSum = 0; // integer sum, exact
  for (let i = 1; i <= nBins; i++) {
    if (counts[i] === 0 || i < p10 || i > p90) continue;
    nRobust += counts[i];
    robustSum += i * counts[i];
  }
  const robustMean = robustSum / nRobust;
  const sRobust = new CompensatedSum();
  const sMedian = new CompensatedSum();
  for (let i = 1; i <= nBins; i++) {
    const c = counts[i];
    if (c === 0) continue;
    if (i >= p10 && i <= p90) sRobust.add(Math.abs(i - robustMean) * c);
    sMedian.add(Math.abs(i - median) * c);
  }

  // Mode: highest count; a tie goes to the level closest to the mean, and an equidistant tie to the
  // level left of the mean (IBSI). Scanning upwards with a strict "closer" test keeps the left one.
  let mode = NaN;
  let modeCount = 0;
  for (let i = 1; i <= nBins; i++) {
    const c = counts[i];
    if (c === 0) continue;
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

  return {
    n,
    nBins,
    mean,
    m2: s2.value / n,
    m3: s3.value / n,
    m4: s4.value / n,
    min,
    max,
    p10,
    p25,
    median,
    p75,
    p90,
    mode,
    meanAbsDev: sAbs.value / n,
    robustMeanAbsDev: sRobust.value / nRobust,
    medianAbsDev: sMedian.value / n,
    entropy: n > 0 ? sEntropy.value : NaN,
    uniformity: n > 0 ? sUniformity.value : NaN,
    maxGradient,
    maxGradientLevel,
    minGradient,
    minGradientLevel,
  };
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
const INTENSITY_HISTOGRAM_COMPUTES = featureComputes(INTENSITY_HISTOGRAM_FEATURES);

/**
 * intensityHistogramFamily.compute's values alone (feature maps, per kernel: no value objects, no
 * warnings): to out[0 ..] in the order of its values, NaN where those are null, the same bits otherwise.
 * Returns their number.
 */
export function intensityHistogramValuesInto(input: FamilyInput, params: { readonly scratch?: MatrixScratch }, out: Float64Array): number {
  evaluateInto(INTENSITY_HISTOGRAM_COMPUTES, intensityHistogramStats(intensityHistogram(input.levels, input.intensityMask, input.nBins, params.scratch)), out, 0);
  return INTENSITY_HISTOGRAM_COMPUTES.length;
}
