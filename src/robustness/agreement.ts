/**
 * Agreement statistics for repeated measurements of the same subjects (n subjects x k repeats: raters,
 * scanners, perturbations). Sources:
 *   Shrout PE, Fleiss JL. Intraclass correlations: uses in assessing rater reliability. Psychol Bull
 *     1979;86:420-428 (ICC(1,1), ICC(2,1), ICC(3,1) and the average-measure forms, Table 1 and 2).
 *   McGraw KO, Wong SP. Forming inferences about some intraclass correlation coefficients. Psychol
 *     Methods 1996;1:30-46 (F-based confidence intervals, Table 7; the Satterthwaite degrees of freedom
 *     for ICC(2,1)).
 *   Lin LI. A concordance correlation coefficient to evaluate reproducibility. Biometrics 1989;45:255-268;
 *     Barnhart HX, Haber M, Song J. Overall concordance correlation coefficient for evaluating agreement
 *     among multiple observers. Biometrics 2002;58:1020-1027 (k > 2).
 *
 * ANOVA of the n x k table x_ij (grand mean m, subject means r_i, repeat means c_j):
 *   MSR = k sum_i (r_i - m)^2 / (n - 1)                 between subjects ("BMS")
 *   MSW = sum_ij (x_ij - r_i)^2 / (n (k - 1))           within subjects ("WMS")
 *   MSC = n sum_j (c_j - m)^2 / (k - 1)                 between repeats ("JMS")
 *   MSE = (SST - SSR - SSC) / ((n - 1)(k - 1))          residual ("EMS")
 *   ICC(1,1) = (MSR - MSW) / (MSR + (k - 1) MSW)        ICC(1,k) = (MSR - MSW) / MSR
 *   ICC(2,1) = (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n)
 *   ICC(2,k) = (MSR - MSE) / (MSR + (MSC - MSE) / n)
 *   ICC(3,1) = (MSR - MSE) / (MSR + (k - 1) MSE)        ICC(3,k) = (MSR - MSE) / MSR
 * Confidence intervals at level 1 - alpha (F_q(a, b): the q-quantile of F with a, b df):
 *   ICC(1,.): F = MSR/MSW, df (n - 1, n(k - 1)); FL = F / F_{1-a/2}(n-1, n(k-1)), FU = F F_{1-a/2}(n(k-1), n-1);
 *             ICC(1,1) in [(FL - 1)/(FL + k - 1), (FU - 1)/(FU + k - 1)], ICC(1,k) in [1 - 1/FL, 1 - 1/FU].
 *   ICC(3,.): as ICC(1,.) with F = MSR/MSE and df (n - 1, (n - 1)(k - 1)).
 *   ICC(2,1): with r = ICC(2,1), a = k r / (n (1 - r)), b = 1 + k r (n - 1) / (n (1 - r)),
 *             v = (a MSC + b MSE)^2 / ((a MSC)^2 / (k - 1) + (b MSE)^2 / ((n - 1)(k - 1))),
 *             F* = F_{1-a/2}(n - 1, v), F_* = F_{1-a/2}(v, n - 1):
 *             lower = n (MSR - F* MSE) / (F* (k MSC + (k n - k - n) MSE) + n MSR)
 *             upper = n (F_* MSR - MSE) / (k MSC + (k n - k - n) MSE + n F_* MSR)
 *   ICC(2,k): the Spearman-Brown step-up k L / (1 + (k - 1) L) of the ICC(2,1) bounds (algebraically
 *             McGraw & Wong's ICC(A,k) interval; psych and pingouin compute it the same way).
 * Within-subject coefficient of variation: wCV = sqrt(MSW) / |m| (within-subject SD over the grand mean;
 * Quan H, Shih WJ. Assessing reproducibility by the within-subject coefficient of variation with random
 * effects models. Biometrics 1996;52:1195-1203).
 *
 * Degenerate tables, decided once by variationOf (every statistic here reads its answer):
 *   'constant'  every value equal up to rounding: no information about agreement; every ICC, every bound,
 *               the CCC and the wCV are null (a mean computed by summing and dividing is not exact, so a
 *               constant column's mean squares come out near 1e-32 rather than 0 and 0/0 would pass unseen);
 *   'perfect'   every subject's repeats equal up to rounding but subjects differ: every ICC form is 1 with
 *               both bounds 1 (F = MSR / 0 is infinite: F null, p 0), the CCC 1 and the wCV 0.
 * The mean squares are computed from the values minus the first value (exact for values within a factor 2 of
 * it, Sterbenz), so equal values give exact zeros and a small spread on a large offset keeps its digits.
 */
import { RadiomicsError } from '../errors.js';
import type { Warning } from '../features/types.js';
import { fCdf, fQuantile } from './distributions.js';

/** n subjects x k repeats, row-major (subject i, repeat j at i * k + j). */
export interface Ratings {
  readonly n: number;
  readonly k: number;
  readonly data: Float64Array;
}

export const ICC_TYPES = ['ICC(1,1)', 'ICC(2,1)', 'ICC(3,1)', 'ICC(1,k)', 'ICC(2,k)', 'ICC(3,k)'] as const;
export type IccType = (typeof ICC_TYPES)[number];

export interface IccEstimate {
  /** The coefficient; null when undefined (a constant table, see variationOf; 1 for perfect agreement). */
  readonly value: number | null;
  /** Bounds of the (1 - alpha) confidence interval; null when undefined. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** The F statistic of the test ICC = 0 (null when undefined or infinite), its df and one-sided p value. */
  readonly f: number | null;
  readonly df1: number;
  readonly df2: number;
  readonly p: number | null;
}

/**
 * Relative spread that is rounding, not variation: values whose range is at most this times their largest
 * magnitude are taken as equal. 8 * 2^-52 (1.8e-15) is 4 to 8 units in the last place of the largest value;
 * a spread of 1e-14 relative (45 ulps) or more is real variation and is kept.
 */
export const ROUNDING_SPREAD = 8 * Number.EPSILON;

/** How a table varies (see the file comment): 'constant', 'perfect' agreement, or 'varying'. */
export type Variation = 'constant' | 'perfect' | 'varying';

/** True when values of largest magnitude `scale` spread over `range` by rounding only (ROUNDING_SPREAD). */
export function isRoundingSpread(range: number, scale: number): boolean {
  return range <= ROUNDING_SPREAD * scale;
}

/**
 * The one rule deciding degeneracy, from the data's own scale: 'constant' when the whole table's range is
 * rounding relative to its largest |value|; 'perfect' when each subject's range is rounding relative to that
 * subject's largest |value| (and the table is not constant); else 'varying'. Any n >= 1, k >= 1.
 */
export function variationOf(ratings: Ratings): Variation {
  const { n, k, data } = ratings;
  let min = Infinity;
  let max = -Infinity;
  let scale = 0;
  let perfect = true;
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    let big = 0;
    for (let j = 0; j < k; j++) {
      const x = data[i * k + j];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (Math.abs(x) > big) big = Math.abs(x);
    }
    if (!isRoundingSpread(hi - lo, big)) perfect = false;
    if (lo < min) min = lo;
    if (hi > max) max = hi;
    if (big > scale) scale = big;
  }
  if (isRoundingSpread(max - min, scale)) return 'constant';
  return perfect ? 'perfect' : 'varying';
}

/** The note of a feature's agreement by how its table varies (variationOf). */
export const VARIATION_NOTES = {
  constant: 'constant (up to rounding) over every subject and repeat: undefined, never robust',
  perfect: 'perfect agreement: every repeat of each subject equal (up to rounding): ICC 1 with bounds 1',
  varying: null,
} as const;

/** The ConstantFeature warning of one feature over `design` (e.g. "30 subjects x 3 repeats"). */
export function constantFeatureWarning(feature: string, design: string): Warning {
  return { code: 'ConstantFeature', feature, message: `${feature} is constant (up to rounding) over all ${design}: its agreement statistics are undefined (null) and it is not robust` };
}

export interface AnovaTable {
  readonly variation: Variation;
  readonly n: number;
  readonly k: number;
  readonly grandMean: number;
  readonly msr: number;
  readonly msw: number;
  readonly msc: number;
  readonly mse: number;
}

export interface Agreement {
  readonly anova: AnovaTable;
  readonly icc: Readonly<Record<IccType, IccEstimate>>;
  /** Lin's concordance correlation (k = 2), the overall CCC of Barnhart et al. (k > 2); null if undefined. */
  readonly ccc: number | null;
  /** Within-subject coefficient of variation sqrt(MSW) / |grand mean|; null when the mean is 0 or the table constant. */
  readonly wcv: number | null;
}

/** A Ratings table from rows (one per subject, one value per repeat); checks shape and finiteness. */
export function ratingsFromRows(rows: readonly (readonly number[])[]): Ratings {
  const n = rows.length;
  const k = n === 0 ? 0 : rows[0].length;
  const data = new Float64Array(n * k);
  rows.forEach((r, i) => {
    if (r.length !== k) throw new RadiomicsError('InvalidArgument', `ratings: row ${i} has ${r.length} values, row 0 has ${k}`, { row: i });
    r.forEach((v, j) => { data[i * k + j] = v; });
  });
  return checkRatings({ n, k, data });
}

function checkRatings(r: Ratings, minSubjects = 2): Ratings {
  if (!Number.isInteger(r.n) || !Number.isInteger(r.k) || r.n < minSubjects || r.k < 2 || r.data.length !== r.n * r.k) {
    throw new RadiomicsError('InvalidArgument', `agreement statistics need at least ${minSubjects} subject${minSubjects === 1 ? '' : 's'} and 2 repeats (a complete n x k table), got n = ${r.n}, k = ${r.k}`, { n: r.n, k: r.k });
  }
  for (let i = 0; i < r.data.length; i++) {
    if (!Number.isFinite(r.data[i])) {
      throw new RadiomicsError('MissingValues', `ratings: subject ${Math.floor(i / r.k)}, repeat ${i % r.k} is not a finite number (${r.data[i]})`, { subject: Math.floor(i / r.k), repeat: i % r.k });
    }
  }
  return r;
}

/**
 * Two-way ANOVA mean squares of an n x k table (see the file comment), from the values minus the first value.
 * Mean squares that variationOf calls rounding are exactly 0: all four for a constant table, MSW, MSC and
 * MSE for perfect agreement.
 */
export function anova(ratings: Ratings): AnovaTable {
  const { n, k, data } = checkRatings(ratings);
  const variation = variationOf(ratings);
  const x0 = data[0];
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = data[i * k + j] - x0;
      rowMean[i] += d;
      colMean[j] += d;
      sum += d;
    }
  }
  const m = sum / (n * k);
  let ssr = 0;
  let ssc = 0;
  let ssw = 0;
  for (let i = 0; i < n; i++) { rowMean[i] /= k; ssr += (rowMean[i] - m) ** 2; }
  for (let j = 0; j < k; j++) { colMean[j] /= n; ssc += (colMean[j] - m) ** 2; }
  ssr *= k;
  ssc *= n;
  // SSE from the residuals directly (not SST - SSR - SSC, which cancels badly when SSE is tiny).
  let sse = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = data[i * k + j] - x0;
      ssw += (d - rowMean[i]) ** 2;
      sse += (d - rowMean[i] - colMean[j] + m) ** 2;
    }
  }
  const between = variation === 'constant' ? 0 : 1;
  const within = variation === 'varying' ? 1 : 0;
  return {
    variation,
    n,
    k,
    grandMean: x0 + m,
    msr: (between * ssr) / (n - 1),
    msw: (within * ssw) / (n * (k - 1)),
    msc: (within * ssc) / (k - 1),
    mse: (within * sse) / ((n - 1) * (k - 1)),
  };
}

/** The six Shrout & Fleiss ICCs with F-based (1 - alpha) confidence intervals (default alpha 0.05). */
export function intraclassCorrelations(ratings: Ratings, alpha = 0.05): Readonly<Record<IccType, IccEstimate>> {
  if (!(alpha > 0 && alpha < 1)) throw new RadiomicsError('InvalidArgument', `alpha must lie in (0, 1), got ${alpha}`, { alpha });
  const a = anova(ratings);
  const { n, k, msr, msw, msc, mse } = a;
  if (a.variation !== 'varying') return degenerateIccs(a);
  const q = 1 - alpha / 2;
  const div = (x: number, y: number): number | null => (y === 0 || !Number.isFinite(x / y) ? null : x / y);

  // ICC(1,.): one-way model.
  const df1w = n - 1;
  const df2w = n * (k - 1);
  const f1 = div(msr, msw);
  const icc11 = div(msr - msw, msr + (k - 1) * msw);
  const icc1k = div(msr - msw, msr);
  let b11: [number | null, number | null] = [null, null];
  let b1k: [number | null, number | null] = [null, null];
  if (f1 !== null) {
    const fl = f1 / fQuantile(q, df1w, df2w);
    const fu = f1 * fQuantile(q, df2w, df1w);
    b11 = [(fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1)];
    b1k = [1 - 1 / fl, 1 - 1 / fu];
  }

  // ICC(3,.): two-way mixed, consistency.
  const df2e = (n - 1) * (k - 1);
  const f3 = div(msr, mse);
  const icc31 = div(msr - mse, msr + (k - 1) * mse);
  const icc3k = div(msr - mse, msr);
  let b31: [number | null, number | null] = [null, null];
  let b3k: [number | null, number | null] = [null, null];
  if (f3 !== null) {
    const fl = f3 / fQuantile(q, df1w, df2e);
    const fu = f3 * fQuantile(q, df2e, df1w);
    b31 = [(fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1)];
    b3k = [1 - 1 / fl, 1 - 1 / fu];
  }

  // ICC(2,.): two-way random, absolute agreement.
  const icc21 = div(msr - mse, msr + (k - 1) * mse + (k * (msc - mse)) / n);
  const icc2k = div(msr - mse, msr + (msc - mse) / n);
  let b21: [number | null, number | null] = [null, null];
  let b2k: [number | null, number | null] = [null, null];
  if (icc21 !== null && icc21 < 1 && mse > 0) {
    const r = icc21;
    const aa = (k * r) / (n * (1 - r));
    const bb = 1 + (k * r * (n - 1)) / (n * (1 - r));
    const v = (aa * msc + bb * mse) ** 2 / ((aa * msc) ** 2 / (k - 1) + (bb * mse) ** 2 / ((n - 1) * (k - 1)));
    const fStar = fQuantile(q, n - 1, v);
    const fStar2 = fQuantile(q, v, n - 1);
    const c = k * msc + (k * n - k - n) * mse;
    const lo = (n * (msr - fStar * mse)) / (fStar * c + n * msr);
    const hi = (n * (fStar2 * msr - mse)) / (c + n * fStar2 * msr);
    b21 = [lo, hi];
    b2k = [(lo * k) / (1 + lo * (k - 1)), (hi * k) / (1 + hi * (k - 1))];
  }

  const p = (f: number | null, d1: number, d2: number): number | null => (f === null ? null : 1 - fCdf(f, d1, d2));
  const est = (value: number | null, bounds: [number | null, number | null], f: number | null, d1: number, d2: number): IccEstimate => ({
    value,
    lower: value === null ? null : finiteOrNull(bounds[0]),
    upper: value === null ? null : finiteOrNull(bounds[1]),
    f,
    df1: d1,
    df2: d2,
    p: p(f, d1, d2),
  });
  return {
    'ICC(1,1)': est(icc11, b11, f1, df1w, df2w),
    'ICC(2,1)': est(icc21, b21, f3, df1w, df2e),
    'ICC(3,1)': est(icc31, b31, f3, df1w, df2e),
    'ICC(1,k)': est(icc1k, b1k, f1, df1w, df2w),
    'ICC(2,k)': est(icc2k, b2k, f3, df1w, df2e),
    'ICC(3,k)': est(icc3k, b3k, f3, df1w, df2e),
  };
}

/** Every form for a constant table (all null) or perfect agreement (ICC 1, bounds 1, F infinite: null, p 0). */
function degenerateIccs(a: AnovaTable): Readonly<Record<IccType, IccEstimate>> {
  const perfect = a.variation === 'perfect';
  const oneWay = { df1: a.n - 1, df2: a.n * (a.k - 1) };
  const twoWay = { df1: a.n - 1, df2: (a.n - 1) * (a.k - 1) };
  const est = (df: { df1: number; df2: number }): IccEstimate => (perfect ? { value: 1, lower: 1, upper: 1, f: null, p: 0, ...df } : { value: null, lower: null, upper: null, f: null, p: null, ...df });
  return { 'ICC(1,1)': est(oneWay), 'ICC(2,1)': est(twoWay), 'ICC(3,1)': est(twoWay), 'ICC(1,k)': est(oneWay), 'ICC(2,k)': est(twoWay), 'ICC(3,k)': est(twoWay) };
}

function finiteOrNull(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : x;
}

/**
 * Lin's concordance correlation coefficient of two paired samples, with population (1/n) moments as Lin
 * (1989) defines it: 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2). Null when every value is equal, 1 when every
 * pair is (up to rounding: variationOf).
 */
export function concordanceCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length || x.length < 2) throw new RadiomicsError('InvalidArgument', `concordanceCorrelation needs two samples of equal length >= 2, got ${x.length} and ${y.length}`, {});
  const rows: number[][] = [];
  for (let i = 0; i < x.length; i++) rows.push([x[i], y[i]]);
  return overallConcordance(ratingsFromRows(rows));
}

/**
 * Overall concordance correlation of k repeats (Barnhart et al. 2002, population moments):
 * OCCC = 2 sum_{j<l} s_jl / ((k - 1) sum_j s_j^2 + sum_{j<l} (mean_j - mean_l)^2); Lin's CCC when k = 2.
 */
export function overallConcordance(ratings: Ratings): number | null {
  const { n, k, data } = checkRatings(ratings);
  const variation = variationOf(ratings);
  if (variation !== 'varying') return variation === 'perfect' ? 1 : null;
  // Moments of the values minus the first value (shift-invariant; see anova).
  const x0 = data[0];
  const mean = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += (data[i * k + j] - x0) / n;
  const cov = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const dj = data[i * k + j] - x0 - mean[j];
      for (let l = j; l < k; l++) cov[j * k + l] += (dj * (data[i * k + l] - x0 - mean[l])) / n;
    }
  }
  let num = 0;
  let den = 0;
  for (let j = 0; j < k; j++) {
    den += (k - 1) * cov[j * k + j];
    for (let l = j + 1; l < k; l++) {
      num += 2 * cov[j * k + l];
      den += (mean[j] - mean[l]) ** 2;
    }
  }
  return den === 0 ? null : num / den;
}

/**
 * Within-subject coefficient of variation sqrt(MSW) / |grand mean|, for any n >= 1 subjects and k >= 2
 * repeats: null for a constant table (variationOf) or a zero grand mean, 0 for perfect agreement.
 */
export function withinSubjectCv(ratings: Ratings): number | null {
  const { n, k, data } = checkRatings(ratings, 1);
  const variation = variationOf(ratings);
  if (variation === 'constant') return null;
  const x0 = data[0];
  let ssw = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < k; j++) m += data[i * k + j] - x0;
    sum += m;
    m /= k;
    for (let j = 0; j < k; j++) ssw += (data[i * k + j] - x0 - m) ** 2;
  }
  const grandMean = x0 + sum / (n * k);
  if (grandMean === 0) return null;
  return variation === 'perfect' ? 0 : Math.sqrt(ssw / (n * (k - 1))) / Math.abs(grandMean);
}

/** Every statistic of this file for one table. */
export function agreement(ratings: Ratings, alpha = 0.05): Agreement {
  return { anova: anova(ratings), icc: intraclassCorrelations(ratings, alpha), ccc: overallConcordance(ratings), wcv: withinSubjectCv(ratings) };
}
