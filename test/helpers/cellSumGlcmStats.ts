/**
 * What src/features/glcm/stats.ts computed before the statistics were taken from the integer counts
 * (kept as the baseline the GLCM statistics exactness test compares with,
 * test/features/glcm.stats.exact.test.ts): per non-zero cell p = c / N, then p added into the difference
 * and sum distributions and into every joint moment, with mu = sum_i i n_i / N rounded once and
 * i + j - 2 mu, (i - mu)(j - mu) per cell; the distributions' moments and entropies then from those
 * accumulated p. Same expressions in the same order, so the same bits as glcmStats had.
 */
import type { PresentLevels } from '../../src/features/levels.js';

export interface CellSumStats {
  pMax: number;
  mean: number;
  variance: number;
  covariance: number;
  autocorrelation: number;
  energy: number;
  clusterM2: number;
  clusterM3: number;
  clusterM4: number;
  diffMean: number;
  diffVariance: number;
  diffEntropy: number;
  diffM2: number;
  invDiff: number;
  invDiffNorm: number;
  invDiffMoment: number;
  invDiffMomentNorm: number;
  invVariance: number;
  sumMean: number;
  sumVariance: number;
  sumEntropy: number;
  hxy: number;
  hx: number;
}

export function cellSumGlcmStats(counts: ArrayLike<number>, n: number, present: PresentLevels, levelCount: number): CellSumStats {
  const v = present.values;
  const lo = v[0];
  const hi = v[n - 1];
  const rows = new Float64Array(n);
  let total = 0;
  let cMax = 0;
  for (let a = 0; a < n; a++) {
    let r = 0;
    for (let b = 0; b < n; b++) {
      const c = counts[a * n + b];
      r += c;
      if (c > cMax) cMax = c;
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
  const diffLength = hi - lo + 1;
  const sumStart = 2 * lo;
  const sumLength = 2 * hi + 1;
  const pDiff = new Float64Array(diffLength);
  const pSum = new Float64Array(sumLength);
  let covariance = 0;
  let autocorrelation = 0;
  let energy = 0;
  let clusterM2 = 0;
  let clusterM3 = 0;
  let clusterM4 = 0;
  let hxy = 0;
  for (let a = 0; a < n; a++) {
    const i = v[a];
    for (let b = 0; b < n; b++) {
      const c = counts[a * n + b];
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
  return {
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
  };
}
