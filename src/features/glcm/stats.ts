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
import { MatrixScratch } from '../matrixScratch.js';

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
 * by default the highest grey level present (see GlcmStats.ng). `mcc`, when given, computes GlcmStats.mcc
 * from the counts, their row sums and the list of their non-zero cells (compat pyradiomics: src/compat/mcc.ts), for a non-empty matrix only;
 * else it is NaN.
 */
export function glcmStats(matrix: GlcmMatrix, present: PresentLevels, levelCount: number = highestLevel(present), mcc?: (counts: Float64Array, size: number, rowSums: Float64Array, cells: Int32Array, cellCount: number) => number): GlcmStats | null {
  const { counts, size: n } = matrix;
  const v = present.values;
  const lo = n > 0 ? v[0] : 0;
  const hi = n > 0 ? v[n - 1] : 0;
  const buffers = scratch(n, hi - lo + 1, 2 * hi + 1);
  const rows = buffers.rows;
  // The non-zero cells (a kernel's GLCM: about a sixth of them), row by row: cells[rowEnd[a - 1] ..
  // rowEnd[a] - 1] hold the flat indices of row a's, so the pass over the cells below visits only those.
  const cells = buffers.cells;
  const rowEnd = buffers.rowEnd;
  let nonZero = 0;
  let total = 0;
  let cMax = 0;
  for (let a = 0; a < n; a++) {
    let r = 0;
    for (let b = 0, k = a * n; b < n; b++, k++) {
      const c = counts[k];
      r += c;
      if (c > cMax) cMax = c;
      // Without a branch on c (a sixth of the cells are non-zero, at random, and the branch mispredicts):
      // every index is written, a zero cell's overwritten by the next; adding a 0 leaves r's bits.
      cells[nonZero] = k;
      nonZero += +(c !== 0);
    }
    rowEnd[a] = nonZero;
    rows[a] = r;
    total += r;
  }
  if (total === 0) return null;

  // Marginal p_i., its mean (from integer counts), variance and entropy HX.
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

  // p log2 p of a cell once per distinct small count (a kernel's GLCM holds few): the texture families'
  // memo (matrixScratch.ts), the same expression, so the same bits.
  entropy.startMatrix(total);

  // One pass over the cells: joint sums, and the diagonal / cross-diagonal distributions indexed by
  // the grey level difference |i - j| (0..max-min) and sum i + j (0..2 max).
  const pDiff = buffers.pDiff;
  const pSum = buffers.pSum;
  const diffLength = hi - lo + 1;
  // i + j lies in 2 min..2 max: the bins below stay 0 (and were skipped as such).
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
  for (let a = 0, q = 0; a < n; a++) {
    const end = rowEnd[a];
    if (q === end) continue;
    const i = v[a];
    const rowStart = a * n;
    for (; q < end; q++) {
      const k = cells[q];
      const c = counts[k];
      const p = c / total;
      const j = v[k - rowStart];
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
      hxy -= entropy.entropyTerm(c);
    }
  }
  // HXY1 = -sum_ij p_ij (log2 p_i. + log2 p_.j) = 2 HX and HXY2 = -sum_ij p_i. p_.j (log2 p_i. + log2 p_.j)
  // = 2 HX, exactly, for a symmetric matrix (p_.j = p_j., sum_j p_ij = p_i., sum_j p_.j = 1): n
  // logarithms where the sums over the cells took n^2, and closer to the exact values
  // (test/features/glcm.entropy.exact.test.ts). asymmetric.ts computes both for an asymmetric matrix.
  const hxy1 = 2 * hx;
  const hxy2 = 2 * hx;

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
    mcc: mcc === undefined ? NaN : mcc(counts, n, rows, cells, nonZero),
  };
}

/** The memo of p log2 p per count (only its entropy terms are used), kept between calls. */
const entropy = new MatrixScratch();

/** Working arrays of glcmStats, kept between calls (feature maps make 13 per kernel) and grown as needed. */
interface Scratch {
  readonly rows: Float64Array;
  /** Flat indices of the non-zero cells (n^2 at most), and per row the end of its run of them. */
  readonly cells: Int32Array;
  readonly rowEnd: Int32Array;
  readonly pDiff: Float64Array;
  readonly pSum: Float64Array;
}

let kept: Scratch = { rows: new Float64Array(64), cells: new Int32Array(64 * 64), rowEnd: new Int32Array(64), pDiff: new Float64Array(64), pSum: new Float64Array(128) };

function scratch(n: number, diffs: number, sums: number): Scratch {
  if (kept.rows.length < n || kept.pDiff.length < diffs || kept.pSum.length < sums) {
    kept = {
      rows: new Float64Array(Math.max(n, kept.rows.length)),
      cells: new Int32Array(Math.max(n * n, kept.cells.length)),
      rowEnd: new Int32Array(Math.max(n, kept.rowEnd.length)),
      pDiff: new Float64Array(Math.max(diffs, kept.pDiff.length)),
      pSum: new Float64Array(Math.max(sums, kept.pSum.length)),
    };
  }
  return kept;
}

/** The highest grey level present (0 when none). */
function highestLevel(present: PresentLevels): number {
  return present.values.length > 0 ? present.values[present.values.length - 1] : 0;
}
