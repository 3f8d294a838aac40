/**
 * Statistics of one GLCM, computed once per matrix, from which every GLCM feature is a one-liner
 * (IBSI 1 manual, "Grey level co-occurrence based features"). With p_ij = M_ij / sum(M) and i, j the
 * grey levels themselves (not their ranks):
 *   p_i.      = sum_j p_ij (= p_.j, the matrix is symmetric)
 *   p_{i-j,k} = sum_ij p_ij [k = |i - j|],  p_{i+j,k} = sum_ij p_ij [k = i + j]
 *   mu        = sum_i i p_i. (joint average), sigma^2 = sum_i (i - mu)^2 p_i. (joint variance)
 *   HXY = -sum p_ij log2 p_ij, HX = -sum p_i. log2 p_i.,
 *   HXY1 = -sum p_ij log2(p_i. p_.j), HXY2 = -sum p_i. p_.j log2(p_i. p_.j).
 * mu is taken from the integer counts (sum_i i n_i / N), so a single grey level gives i - mu = 0
 * exactly, a variance of exactly 0, and an undefined (null) correlation rather than rounding noise.
 */
import type { PresentLevels } from '../levels.js';
import type { GlcmMatrix } from './matrix.js';

export interface GlcmStats {
  /**
   * N_g of the normalised inverse differences (NDRX, 1QCO): the number of discretisation bins (grey
   * levels 1..N_g), not the number of levels present. The manual's prose says "present", but its
   * digital-phantom reference values (levels 1, 3, 4, 6 present) need N_g = 6, not 4.
   */
  readonly ng: number;
  /** max p_ij. */
  readonly pMax: number;
  /** mu = sum_ij i p_ij. */
  readonly mean: number;
  /** sigma^2 = sum_ij (i - mu)^2 p_ij, the marginal variance. */
  readonly variance: number;
  /** sum_ij (i - mu)(j - mu) p_ij. */
  readonly covariance: number;
  /** sum_ij i j p_ij. */
  readonly autocorrelation: number;
  /** sum_ij p_ij^2. */
  readonly energy: number;
  /** sum_ij (i + j - 2 mu)^n p_ij for n = 2, 3, 4. */
  readonly clusterM2: number;
  readonly clusterM3: number;
  readonly clusterM4: number;
  /** Moments of p_{i-j}: sum_k k p, sum_k (k - diffMean)^2 p, -sum_k p log2 p, sum_k k^2 p. */
  readonly diffMean: number;
  readonly diffVariance: number;
  readonly diffEntropy: number;
  readonly diffM2: number;
  /** sum_k p_{i-j,k} / (1 + k), / (1 + k/N_g), / (1 + k^2), / (1 + (k/N_g)^2); sum_{k>=1} p_{i-j,k} / k^2. */
  readonly invDiff: number;
  readonly invDiffNorm: number;
  readonly invDiffMoment: number;
  readonly invDiffMomentNorm: number;
  readonly invVariance: number;
  /** Moments of p_{i+j}: sum_k k p, sum_k (k - sumMean)^2 p, -sum_k p log2 p. */
  readonly sumMean: number;
  readonly sumVariance: number;
  readonly sumEntropy: number;
  readonly hxy: number;
  readonly hx: number;
  readonly hxy1: number;
  readonly hxy2: number;
  /** PyRadiomics' maximal correlation coefficient (src/compat/mcc.ts): filled in compat mode pyradiomics only, else NaN. */
  readonly mcc: number;
}

/**
 * Statistics of `matrix`, whose ranks refer to `present`; null when the matrix holds no pair.
 * `levelCount` is the N_g of the normalised inverse differences: the number of discretisation bins,
 * by default the highest grey level present (see GlcmStats.ng).
 */
export function glcmStats(matrix: GlcmMatrix, present: PresentLevels, levelCount: number = highestLevel(present)): GlcmStats | null {
  const { counts, size: n } = matrix;
  const v = present.values;
  const rows = new Float64Array(n);
  let total = 0;
  let cMax = 0;
  for (let a = 0; a < n; a++) {
    let r = 0;
    for (let b = 0, k = a * n; b < n; b++, k++) {
      const c = counts[k];
      r += c;
      if (c > cMax) cMax = c;
    }
    rows[a] = r;
    total += r;
  }
  if (total === 0) return null;

  // Marginal p_i., its mean (from integer counts), variance and entropy HX.
  let levelSum = 0;
  for (let a = 0; a < n; a++) levelSum += v[a] * rows[a];
  const mean = levelSum / total;
  const px = new Float64Array(n);
  let variance = 0;
  let hx = 0;
  for (let a = 0; a < n; a++) {
    const p = rows[a] / total;
    px[a] = p;
    if (p === 0) continue;
    variance += (v[a] - mean) ** 2 * p;
    hx -= p * Math.log2(p);
  }

  // One pass over the cells: joint sums, and the diagonal / cross-diagonal distributions indexed by
  // the grey level difference |i - j| (0..max-min) and sum i + j (0..2 max).
  const lo = n > 0 ? v[0] : 0;
  const hi = n > 0 ? v[n - 1] : 0;
  const pDiff = new Float64Array(hi - lo + 1);
  const pSum = new Float64Array(2 * hi + 1);
  let covariance = 0;
  let autocorrelation = 0;
  let energy = 0;
  let clusterM2 = 0;
  let clusterM3 = 0;
  let clusterM4 = 0;
  let hxy = 0;
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < n; a++) {
    const i = v[a];
    const pa = px[a];
    for (let b = 0, k = a * n; b < n; b++, k++) {
      const pb = px[b];
      // log2(p_i. p_.j), computed once for HXY2 and (at a non-empty cell, whose row and column sums are
      // then > 0) for HXY1: the same value either way, half the logarithms (feature maps run this per kernel).
      const papb = pa * pb;
      const logPaPb = pa > 0 && pb > 0 ? Math.log2(papb) : 0;
      if (pa > 0 && pb > 0) hxy2 -= papb * logPaPb;
      const c = counts[k];
      if (c === 0) continue;
      const p = c / total;
      const j = v[b];
      pDiff[Math.abs(i - j)] += p;
      pSum[i + j] += p;
      covariance += (i - mean) * (j - mean) * p;
      autocorrelation += i * j * p;
      energy += p * p;
      const t = i + j - 2 * mean;
      const t2 = t * t;
      clusterM2 += t2 * p;
      clusterM3 += t2 * t * p;
      clusterM4 += t2 * t2 * p;
      hxy -= p * Math.log2(p);
      hxy1 -= p * logPaPb;
    }
  }

  let diffMean = 0;
  let diffM2 = 0;
  let diffEntropy = 0;
  let invDiff = 0;
  let invDiffNorm = 0;
  let invDiffMoment = 0;
  let invDiffMomentNorm = 0;
  let invVariance = 0;
  for (let k = 0; k < pDiff.length; k++) {
    const p = pDiff[k];
    if (p === 0) continue;
    diffMean += k * p;
    diffM2 += k * k * p;
    diffEntropy -= p * Math.log2(p);
    invDiff += p / (1 + k);
    invDiffNorm += p / (1 + k / levelCount);
    invDiffMoment += p / (1 + k * k);
    invDiffMomentNorm += p / (1 + (k / levelCount) ** 2);
    if (k >= 1) invVariance += p / (k * k);
  }
  let diffVariance = 0;
  for (let k = 0; k < pDiff.length; k++) if (pDiff[k] > 0) diffVariance += (k - diffMean) ** 2 * pDiff[k];

  let sumMean = 0;
  let sumEntropy = 0;
  for (let k = 0; k < pSum.length; k++) {
    const p = pSum[k];
    if (p === 0) continue;
    sumMean += k * p;
    sumEntropy -= p * Math.log2(p);
  }
  let sumVariance = 0;
  for (let k = 0; k < pSum.length; k++) if (pSum[k] > 0) sumVariance += (k - sumMean) ** 2 * pSum[k];

  return {
    ng: levelCount,
    pMax: cMax / total,
    mean,
    variance,
    covariance,
    autocorrelation,
    energy,
    clusterM2,
    clusterM3,
    clusterM4,
    diffMean,
    diffVariance,
    diffEntropy,
    diffM2,
    invDiff,
    invDiffNorm,
    invDiffMoment,
    invDiffMomentNorm,
    invVariance,
    sumMean,
    sumVariance,
    sumEntropy,
    hxy,
    hx,
    hxy1,
    hxy2,
    mcc: NaN,
  };
}

/** The highest grey level present (0 when none). */
function highestLevel(present: PresentLevels): number {
  return present.values.length > 0 ? present.values[present.values.length - 1] : 0;
}
