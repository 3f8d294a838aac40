/**
 * The statistics of a GLCM whose counts are not all whole numbers: PyRadiomics' weighted merged matrices
 * (weightingNorm, compat pyradiomics: sum_d w_d M_d, w_d = exp(-||d||^2)). glcmStats (stats.ts) takes
 * every statistic from sums of the counts, exact for whole counts; weighted counts make those sums
 * inexact, and the centred moments taken from them (N sum k^2 n_k - (sum k n_k)^2) then lose digits to
 * cancellation (test/features/glcm.stats.exact.test.ts: joint variance 48 ulps off where the sums of p
 * per cell are 3). So these keep the sums of p = n / N per cell, cell by cell, with mu rounded once and
 * i + j - 2 mu, (i - mu)(j - mu) per cell, and the distributions' moments and entropies from the
 * accumulated p (the same expressions in the same order as glcmStats before, so the same bits). Its
 * own pass over every cell of the matrix (glcmStats lists a symmetric matrix's lower triangle only); the
 * row sums it writes to `rows`, summed along each row as before (MCC reads them).
 */
import type { GlcmStats } from './stats.js';

export function weightedGlcmStats(counts: ArrayLike<number>, n: number, v: ArrayLike<number>, levelCount: number, rows: Float64Array, pDiff: Float64Array, pSum: Float64Array): Omit<GlcmStats, 'mcc'> {
  let total = 0;
  let cMax = 0;
  for (let a = 0; a < n; a++) {
    let r = 0;
    for (let k = a * n; k < a * n + n; k++) {
      r += counts[k];
      if (counts[k] > cMax) cMax = counts[k];
    }
    rows[a] = r;
    total += r;
  }
  let levelSum = 0;
  for (let a = 0; a < n; a++) levelSum += v[a] * rows[a];
  const mean = levelSum / total;
  let variance = 0;
  let hx = 0;
  for (let a = 0; a < n; a++) {
    const p = rows[a] / total;
    if (p === 0) continue;
    variance += (v[a] - mean) ** 2 * p;
    hx -= p * Math.log2(p);
  }
  const lo = v[0];
  const hi = v[n - 1];
  const diffLength = hi - lo + 1;
  const sumStart = 2 * lo;
  const sumLength = 2 * hi + 1;
  pDiff.fill(0, 0, diffLength);
  pSum.fill(0, sumStart, sumLength);
  let covariance = 0;
  let autocorrelation = 0;
  let energy = 0;
  let clusterM2 = 0;
  let clusterM3 = 0;
  let clusterM4 = 0;
  let hxy = 0;
  for (let k = 0; k < n * n; k++) {
    if (counts[k] === 0) continue;
    const a = (k / n) | 0;
    const i = v[a];
    const j = v[k - a * n];
    const p = counts[k] / total;
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
  }
  let diffMean = 0;
  let diffM2 = 0;
  let diffEntropy = 0;
  let invDiff = 0;
  let invDiffNorm = 0;
  let invDiffMoment = 0;
  let invDiffMomentNorm = 0;
  let invVariance = 0;
  for (let k = 0; k < diffLength; k++) {
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
  for (let k = 0; k < diffLength; k++) if (pDiff[k] > 0) diffVariance += (k - diffMean) ** 2 * pDiff[k];
  let sumMean = 0;
  let sumEntropy = 0;
  for (let k = sumStart; k < sumLength; k++) {
    const p = pSum[k];
    if (p === 0) continue;
    sumMean += k * p;
    sumEntropy -= p * Math.log2(p);
  }
  let sumVariance = 0;
  for (let k = sumStart; k < sumLength; k++) if (pSum[k] > 0) sumVariance += (k - sumMean) ** 2 * pSum[k];
  // HXY1 = HXY2 = 2 HX for a symmetric matrix (stats.ts); asymmetric.ts computes both otherwise.
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
    hxy1: 2 * hx,
    hxy2: 2 * hx,
  };
}
