/**
 * Statistics of one GLCM, computed once per matrix, from which every GLCM feature is a one-liner
 * (IBSI 1 manual, "Grey level co-occurrence based features"). With p_ij = M_ij / sum(M) and i, j the
 * grey levels themselves (not their ranks):
 *   p_i.      = sum_j p_ij (= p_.j, the matrix is symmetric)
 *   p_{i-j,k} = sum_ij p_ij [k = |i - j|],  p_{i+j,k} = sum_ij p_ij [k = i + j]
 *   mu        = sum_i i p_i. (joint average), sigma^2 = sum_i (i - mu)^2 p_i. (joint variance)
 *   HXY = -sum p_ij log2 p_ij, HX = -sum p_i. log2 p_i.,
 *   HXY1 = -sum p_ij log2(p_i. p_.j), HXY2 = -sum p_i. p_.j log2(p_i. p_.j).
 * Everything is taken from the integer counts n_ij (N = sum n_ij), not from p_ij summed cell by cell:
 * the distributions' counts n_{i-j,k} and n_{i+j,k}, the row sums n_i., sum n_ij^2 and the moments'
 * numerators (sum_k k n_k, sum_k k^2 n_k, N sum k^2 n_k - (sum k n_k)^2, sum_k (k N - 2 sum_i i n_i.)^m
 * n_{i+j,k}) are whole numbers, exact below 2^53 in any order, and each statistic divides by N (or its
 * power) once; the entropies are compensated sums of p log2 p with p = n / N rounded once. Closer to the
 * exact values than the sums of p per cell, for every statistic (test/features/glcm.stats.exact.test.ts:
 * the moments within half an ulp, cluster shade's largest error 19 ulps where it was 2106). mu =
 * sum_i i n_i. / N, so a single grey level gives a variance of exactly 0 and an undefined (null)
 * correlation rather than rounding noise. A matrix with counts that are not whole numbers (PyRadiomics'
 * weightingNorm, merged matrices) makes those sums inexact, and the centred moments lose digits to
 * cancellation: its statistics are the sums of p per cell as before (weightedStats.ts).
 *
 * Tried on brain1 R=2's kernel GLCMs and not kept (glcm maps in compat ibsi, without the MCC; paired
 * medians of 15-31 rounds in one process, load 2.5-5.6; bits identical in each): the five inverse
 * difference denominators per bin tabled once per N_g (no power, Infinity for k = 0's inverse variance)
 * 1.02-1.05, a loss (without those five divisions at all the family took 0.97 of its time: the most a
 * table could win); the cells listed without a branch per cell (three written per row, the list advanced
 * by the row's bit count) and then one flat loop 1.03; N summed in the loop over the cells 1.00; the row
 * sums zeroed by a loop instead of fill 0.99; the largest count by Math.max 1.01; the distinct small
 * counts as a bit set for HXY's loop 1.00; the multiplicities and both distributions' counts in one
 * array and their bit sets in another (fewer arrays live in the loop over the cells) 0.99.
 */
import type { PresentLevels } from '../levels.js';
import { cellBitWords, type GlcmMatrix } from './matrix.js';
import { productDifference } from '../../util/productDifference.js';
import { weightedGlcmStats } from './weightedStats.js';
import type { Writable } from '../../util/writable.js';

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

/** GlcmStats.mcc from the counts, their row sums and the flat indices of their first `cellCount` non-zero cells (glcmStats' `mcc`). */
export type GlcmMcc = (counts: Float64Array, size: number, rowSums: Float64Array, cells: Int32Array, cellCount: number) => number;

/**
 * Statistics of `matrix`, whose ranks refer to `present`; null when the matrix holds no pair.
 * `levelCount` is the N_g of the normalised inverse differences: the number of discretisation bins,
 * by default the highest grey level present (see GlcmStats.ng). `mcc`, when given, computes GlcmStats.mcc
 * from the counts, their row sums and the list of their non-zero cells (compat pyradiomics: src/compat/mcc.ts), for a non-empty matrix only;
 * else it is NaN. `symmetric` (default true, every IBSI GLCM) lets it read the lower triangle only, the
 * cells it lists included; false (PyRadiomics' symmetricalGLCM false: asymmetric.ts) reads every cell.
 * `cellBits` (symmetric only), when given, flags exactly the non-zero cells of the lower triangle (row a's
 * column b: bit b % 32 of word a cellBitWords(n) + (b >> 5); accumulateGlcm's `cellBits` of a matrix that
 * was all 0): the cells are then listed from it rather than by a scan of the triangle (a kernel's GLCM:
 * about 27 non-zero cells of 171). Read only.
 */
export function glcmStats(
  matrix: GlcmMatrix,
  present: PresentLevels,
  levelCount: number = highestLevel(present),
  mcc?: GlcmMcc,
  symmetric = true,
  cellBits?: Int32Array,
): GlcmStats | null {
  const stats = emptyGlcmStats();
  return glcmStatsInto(matrix, present, levelCount, mcc, symmetric, cellBits, stats) ? stats : null;
}

/** GlcmStats with writable fields: what glcmStatsInto fills (feature maps reuse one per kernel). */
export type GlcmStatsRecord = Writable<GlcmStats>;

/** A GlcmStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
export function emptyGlcmStats(): GlcmStatsRecord {
  return {
    ng: NaN,
    pMax: NaN,
    mean: NaN,
    variance: NaN,
    covariance: NaN,
    autocorrelation: NaN,
    energy: NaN,
    clusterM2: NaN,
    clusterM3: NaN,
    clusterM4: NaN,
    diffMean: NaN,
    diffVariance: NaN,
    diffEntropy: NaN,
    diffM2: NaN,
    invDiff: NaN,
    invDiffNorm: NaN,
    invDiffMoment: NaN,
    invDiffMomentNorm: NaN,
    invVariance: NaN,
    sumMean: NaN,
    sumVariance: NaN,
    sumEntropy: NaN,
    hxy: NaN,
    hx: NaN,
    hxy1: NaN,
    hxy2: NaN,
    mcc: NaN,
  };
}

/**
 * glcmStats written into `into` (no object made: feature maps compute 13 matrices per kernel); false,
 * with `into` unchanged, when the matrix holds no pair. Arguments as glcmStats'.
 */
export function glcmStatsInto(
  matrix: GlcmMatrix,
  present: PresentLevels,
  levelCount: number,
  mcc: GlcmMcc | undefined,
  symmetric: boolean,
  cellBits: Int32Array | undefined,
  into: GlcmStatsRecord,
): boolean {
  const { counts, size: n } = matrix;
  const v = present.values;
  const lo = n > 0 ? v[0] : 0;
  const hi = n > 0 ? v[n - 1] : 0;
  const buffers = scratch(n, hi - lo + 1, 2 * hi + 1);
  const rows = buffers.rows;
  // The non-zero cells (a kernel's GLCM: about a sixth of them) as a bit set, row by row: of a symmetric
  // matrix the lower triangle (b <= a) only, each cell off the diagonal standing for its mirror image too.
  // The caller's `cellBits`, or a scan of the counts into the scratch's: without a branch on the count (a
  // sixth of the cells are non-zero, at random, and a branch mispredicts), each row's bits gathered in a
  // word at a time.
  const words = cellBitWords(n);
  let bits = cellBits;
  if (bits === undefined) {
    bits = buffers.cellBits;
    for (let a = 0; a < n; a++) {
      for (let w = 0, bEnd = symmetric ? a + 1 : n; w < words; w++) {
        let word = 0;
        for (let b = 32 * w, k = a * n + b, end = Math.min(b + 32, bEnd); b < end; b++, k++) word |= +(counts[k] !== 0) << b;
        bits[a * words + w] = word;
      }
    }
  }

  // One pass over the non-zero cells, row by row in ascending column order (the set bits), each of weight
  // w = 2 off the diagonal of a symmetric matrix (itself and its mirror image), else 1: their list (cells,
  // their flat indices: MCC reads it), the row sums n_i., the counts of the diagonal / cross-diagonal
  // distributions indexed by the grey level difference |i - j| (0..max-min) and sum i + j (0..2 max),
  // with a bit set of the bins that are non-zero (the loops over the bins below visit only those: half of
  // them are empty, at random), sum n_ij^2, and how many cells hold each small whole count (for HXY).
  // Whole counts, so these sums are exact (below 2^53) in any order, the row sums the same as summed cell
  // by cell along the rows: every statistic below divides by N once, where summing p = n / N per cell
  // rounded each term.
  const cells = buffers.cells;
  const diffCounts = buffers.diffCounts;
  const sumCounts = buffers.sumCounts;
  const sumBins = buffers.sumBins;
  const diffBins = buffers.diffBins;
  const multiplicity = buffers.multiplicity;
  const diffLength = hi - lo + 1;
  // i + j lies in 2 min..2 max: the bins below stay 0 (and are skipped).
  const sumStart = 2 * lo;
  const sumLength = 2 * hi + 1;
  // diffCounts, sumCounts and their bit sets are all 0 between calls (the loops that read them below put
  // the 0s back): no fill per matrix.
  rows.fill(0, 0, n);
  let nonZero = 0;
  let cMax = 0;
  let squares = 0;
  let largeCounts = false;
  // A count that is not a whole number (weighted merged matrices): weightedStats.ts.
  let weighted = false;
  for (let a = 0; a < n; a++) {
    const i = v[a];
    const rowStart = a * n;
    let r = 0;
    for (let word = 0; word < words; word++) {
      let set = bits[a * words + word];
      while (set !== 0) {
        const low = set & -set;
        set ^= low;
        const b = 32 * word + 31 - Math.clz32(low);
        const k = rowStart + b;
        cells[nonZero++] = k;
        const c = counts[k];
        const j = v[b];
        const w = symmetric ? 2 - +(b === a) : 1;
        const cw = c * w;
        r += c;
        // The mirror image n_ba = n_ab adds to row b (b < a); 0 on the diagonal or for an asymmetric matrix.
        rows[b] += cw - c;
        if (c > cMax) cMax = c;
        const diff = Math.abs(i - j);
        diffCounts[diff] += cw;
        diffBins[diff >> 5] |= 1 << diff;
        sumCounts[i + j] += cw;
        sumBins[(i + j) >> 5] |= 1 << (i + j);
        squares += c * cw;
        if (c < SMALL_COUNT && (c | 0) === c) multiplicity[c] += w;
        else {
          largeCounts = true;
          if (c !== Math.floor(c)) weighted = true;
        }
      }
    }
    rows[a] += r;
  }
  if (nonZero === 0) return false;
  lastCellCount = nonZero;
  if (weighted) {
    for (let c = 1, top = Math.min(cMax, SMALL_COUNT - 1); c <= top; c++) multiplicity[c] = 0;
    const stats = weightedGlcmStats(counts, n, v, levelCount, rows, diffCounts, sumCounts);
    diffCounts.fill(0, 0, diffLength);
    sumCounts.fill(0, sumStart, sumLength);
    buffers.sumBins.fill(0, sumStart >> 5, (sumLength + 31) >> 5);
    buffers.diffBins.fill(0, 0, (diffLength + 31) >> 5);
    Object.assign(into, stats);
    into.mcc = mcc === undefined ? NaN : mcc(counts, n, rows, cells, nonZero);
    return true;
  }
  let total = 0;
  for (let a = 0; a < n; a++) total += rows[a];
  // p log2 p of a count once per N and count (a feature map's kernels give the same few hundred N over
  // and over): entropyTerms, for the cells, the row sums and the bins alike.
  const terms = entropyTerms(total);

  // HXY = -sum_c m_c p_c log2 p_c over the distinct small counts c (m_c cells hold c), then the cells
  // with larger counts one by one (a whole ROI's): one term per distinct count where the sum over the
  // cells added one per cell, compensated (Knuth's two-sum, as HX below).
  let hxy = 0;
  let hxyError = 0;
  for (let c = 1, top = Math.min(cMax, SMALL_COUNT - 1); c <= top; c++) {
    const m = multiplicity[c];
    if (m === 0) continue;
    multiplicity[c] = 0;
    let pLogP = c < terms.length ? terms[c] : NaN;
    if (pLogP !== pLogP) {
      entropyTerm(c, total, terms);
      pLogP = missedTerm[0];
    }
    const term = -m * pLogP;
    const t = hxy + term;
    const z = t - hxy;
    hxyError += hxy - (t - z) + (term - z);
    hxy = t;
  }
  if (largeCounts) {
    for (let q = 0; q < nonZero; q++) {
      const k = cells[q];
      const c = counts[k];
      if (c < SMALL_COUNT && (c | 0) === c) continue;
      // Weight 2 for a symmetric matrix's cell off the diagonal (k = a n + b, b < a), as above.
      const w = symmetric && k % (n + 1) !== 0 ? 2 : 1;
      let pLogP = c < terms.length ? terms[c] : NaN;
      if (pLogP !== pLogP) {
        entropyTerm(c, total, terms);
        pLogP = missedTerm[0];
      }
      const term = -w * pLogP;
      const t = hxy + term;
      const z = t - hxy;
      hxyError += hxy - (t - z) + (term - z);
      hxy = t;
    }
  }
  hxy += hxyError;

  // Marginal p_i. = n_i. / N: mu = sum_i i n_i. / N, sigma^2 = (N sum_i i^2 n_i. - (sum_i i n_i.)^2) / N^2
  // (whole-number numerators, exact; one rounding for the difference: productDifference) and HX. Each
  // entropy here is a compensated sum of its terms -p log2 p (Knuth's two-sum: t = s + x exactly equals
  // t plus the carried error s - (t - z) + (x - z), z = t - s), written out in each loop (a function
  // of its own, or a loop of its own, cost about 8 % of glcmStats).
  let levelSum = 0;
  let levelSquares = 0;
  let hx = 0;
  let hxError = 0;
  for (let a = 0; a < n; a++) {
    const r = rows[a];
    if (r === 0) continue;
    levelSum += v[a] * r;
    levelSquares += v[a] * v[a] * r;
    let pLogP = r < terms.length ? terms[r] : NaN;
    if (pLogP !== pLogP) {
      entropyTerm(r, total, terms);
      pLogP = missedTerm[0];
    }
    const term = -pLogP;
    const t = hx + term;
    const z = t - hx;
    hxError += hx - (t - z) + (term - z);
    hx = t;
  }
  hx += hxError;
  const mean = levelSum / total;
  const variance = overPower(productDifference(total, levelSquares, levelSum, levelSum), total, 2);
  // HXY1 = -sum_ij p_ij (log2 p_i. + log2 p_.j) = 2 HX and HXY2 = -sum_ij p_i. p_.j (log2 p_i. + log2 p_.j)
  // = 2 HX, exactly, for a symmetric matrix (p_.j = p_j., sum_j p_ij = p_i., sum_j p_.j = 1): n
  // logarithms where the sums over the cells took n^2, and closer to the exact values
  // (test/features/glcm.entropy.exact.test.ts). asymmetric.ts computes both for an asymmetric matrix.
  const hxy1 = 2 * hx;
  const hxy2 = 2 * hx;

  // Difference distribution n_{i-j,k}: D1 = sum_k k n_k, D2 = sum_k k^2 n_k (exact), the inverse
  // differences as sum_k n_k w_k, each divided by N once.
  let diffFirst = 0;
  let diffSecond = 0;
  let diffEntropy = 0;
  let diffEntropyError = 0;
  let invDiff = 0;
  let invDiffNorm = 0;
  let invDiffMoment = 0;
  let invDiffMomentNorm = 0;
  let invVariance = 0;
  for (let word = 0, wordEnd = (diffLength + 31) >> 5; word < wordEnd; word++) {
   let bits = diffBins[word];
   diffBins[word] = 0;
   while (bits !== 0) {
    const low = bits & -bits;
    bits ^= low;
    const k = 32 * word + 31 - Math.clz32(low);
    const d = diffCounts[k];
    diffCounts[k] = 0;
    diffFirst += k * d;
    diffSecond += k * k * d;
    let pLogP = d < terms.length ? terms[d] : NaN;
    if (pLogP !== pLogP) {
      entropyTerm(d, total, terms);
      pLogP = missedTerm[0];
    }
    const term = -pLogP;
    const t = diffEntropy + term;
    const z = t - diffEntropy;
    diffEntropyError += diffEntropy - (t - z) + (term - z);
    diffEntropy = t;
    invDiff += d / (1 + k);
    invDiffNorm += d / (1 + k / levelCount);
    invDiffMoment += d / (1 + k * k);
    invDiffMomentNorm += d / (1 + (k / levelCount) ** 2);
    if (k >= 1) invVariance += d / (k * k);
   }
  }

  // Sum distribution n_{i+j,k}: S1 = sum_k k n_k, S2 = sum_k k^2 n_k (exact), and the cluster moments
  // sum_k (k - 2 mu)^m n_k / N = sum_k e_k^m n_k / N^(m+1) with e_k = k N - 2 sum_i i n_i, a whole number:
  // no rounded mu in the differences (which are small where the counts are large).
  let sumFirst = 0;
  let sumSecond = 0;
  let sumEntropy = 0;
  let sumEntropyError = 0;
  let cluster2 = 0;
  let cluster3 = 0;
  let cluster4 = 0;
  const twiceLevelSum = 2 * levelSum;
  for (let word = sumStart >> 5, wordEnd = (sumLength + 31) >> 5; word < wordEnd; word++) {
   let bits = sumBins[word];
   sumBins[word] = 0;
   while (bits !== 0) {
    const low = bits & -bits;
    bits ^= low;
    const k = 32 * word + 31 - Math.clz32(low);
    const s = sumCounts[k];
    sumCounts[k] = 0;
    sumFirst += k * s;
    sumSecond += k * k * s;
    let pLogP = s < terms.length ? terms[s] : NaN;
    if (pLogP !== pLogP) {
      entropyTerm(s, total, terms);
      pLogP = missedTerm[0];
    }
    const term = -pLogP;
    const t = sumEntropy + term;
    const z = t - sumEntropy;
    sumEntropyError += sumEntropy - (t - z) + (term - z);
    sumEntropy = t;
    const e = k * total - twiceLevelSum;
    const e2s = e * e * s;
    cluster2 += e2s;
    cluster3 += e2s * e;
    cluster4 += e2s * e * e;
   }
  }
  // sum_ij i j n_ij = (S2 - D2) / 4 (i j = ((i + j)^2 - (i - j)^2) / 4 cell by cell), a whole number; the
  // covariance sum_ij (i - mu)(j - mu) p_ij = (N sum i j n_ij - (sum_i i n_i)^2) / N^2 for a symmetric matrix.
  const jointProducts = (sumSecond - diffSecond) / 4;

  into.ng = levelCount;
  into.pMax = cMax / total;
  into.mean = mean;
  into.variance = variance;
  into.covariance = overPower(productDifference(total, jointProducts, levelSum, levelSum), total, 2);
  into.autocorrelation = jointProducts / total;
  into.energy = overPower(squares, total, 2);
  into.clusterM2 = overPower(cluster2, total, 3);
  into.clusterM3 = overPower(cluster3, total, 4);
  into.clusterM4 = overPower(cluster4, total, 5);
  into.diffMean = diffFirst / total;
  into.diffVariance = overPower(productDifference(total, diffSecond, diffFirst, diffFirst), total, 2);
  into.diffEntropy = diffEntropy + diffEntropyError;
  into.diffM2 = diffSecond / total;
  into.invDiff = invDiff / total;
  into.invDiffNorm = invDiffNorm / total;
  into.invDiffMoment = invDiffMoment / total;
  into.invDiffMomentNorm = invDiffMomentNorm / total;
  into.invVariance = invVariance / total;
  into.sumMean = sumFirst / total;
  into.sumVariance = overPower(productDifference(total, sumSecond, sumFirst, sumFirst), total, 2);
  into.sumEntropy = sumEntropy + sumEntropyError;
  into.hxy = hxy;
  into.hx = hx;
  into.hxy1 = hxy1;
  into.hxy2 = hxy2;
  into.mcc = mcc === undefined ? NaN : mcc(counts, n, rows, cells, nonZero);
  return true;
}

/**
 * `mcc` of the matrix glcmStatsInto last filled a record from (true), whose row sums and list of non-zero
 * cells are still in its working arrays: GlcmStats.mcc as glcmStatsInto's `mcc` gives it, the same bits.
 * For glcm3DValuesInto, which calls glcmStatsInto without `mcc` and then this: V8 inlined the MCC's
 * entry into glcmStatsInto, and the grown function then kept about 60 of its doubles as heap numbers per
 * call (1000 bytes; none without the call).
 */
export function lastGlcmMcc(mcc: GlcmMcc, counts: Float64Array, size: number): number {
  return mcc(counts, size, kept.rows, kept.cells, lastCellCount);
}
/** The number of non-zero cells of the last matrix glcmStatsInto listed (lastGlcmMcc). */
let lastCellCount = 0;

/** x / t^m: one division while t^m is exact (below 2^53), else by the largest exact powers in turn. */
function overPower(x: number, t: number, m: number): number {
  let divisor = t;
  for (let k = 1; k < m; k++) {
    if (divisor * t <= MAX_EXACT) divisor *= t;
    else {
      x /= divisor;
      divisor = t;
    }
  }
  return x / divisor;
}

/** 2^53: whole numbers up to it are exact doubles. */
const MAX_EXACT = 2 ** 53;
/**
 * p log2 p, p = c / N, per whole count c = 1..N of a matrix whose counts sum to a whole N up to TERM_ROW_MAX,
 * kept between calls (NaN: not computed yet): every count of the matrix has its entry, so a look-up is
 * one load and a test for NaN. MatrixScratch's memo, used before, keeps the counts below 64 only and
 * tests each for that (about 45 look-ups per kernel GLCM: the distinct cell counts, the row sums and the
 * bins); this one made the glcm family (MCC off) about 3 % cheaper on brain1's kernels. A pure function
 * of (c, N), so the same bits whatever was computed before.
 */
const termRows: (Float64Array | undefined)[] = [];
/** The largest N with a row (N + 1 entries): rows of 8 (N + 1) bytes, 4 MiB if every N up to it is met. */
const TERM_ROW_MAX = 1024;
const NO_TERMS = new Float64Array(0);

/** The row of entropy terms of a matrix whose counts sum to `total`; empty (every term computed) when it has none. */
function entropyTerms(total: number): Float64Array {
  if (total > TERM_ROW_MAX || (total | 0) !== total) return NO_TERMS;
  return (termRows[total] ??= new Float64Array(total + 1).fill(NaN));
}

/**
 * p log2 p with p = c / N (c > 0) to missedTerm[0], and kept in its row: the expression (p = c / N, then
 * p * log2(p)) and so the bits of MatrixScratch.entropyTerm. Written to an array, not returned: where a
 * look-up of the row and a returned number met, V8 kept the term as a heap number, one per look-up
 * (about 45 per kernel GLCM, 540 bytes).
 */
function entropyTerm(c: number, total: number, terms: Float64Array): void {
  const p = c / total;
  const term = p * Math.log2(p);
  if (c < terms.length) terms[c] = term;
  missedTerm[0] = term;
}
/** entropyTerm's result. */
const missedTerm = new Float64Array(1);

/** Working arrays of glcmStats, kept between calls (feature maps make 13 per kernel) and grown as needed. */
interface Scratch {
  readonly rows: Float64Array;
  /** Flat indices of the non-zero cells (n^2 at most). */
  readonly cells: Int32Array;
  /** The non-zero cells' bit set made by a scan (cellBitWords(n) words per row), when the caller gives none. */
  readonly cellBits: Int32Array;
  /** The counts of the difference and sum distributions: all 0 between calls. */
  readonly diffCounts: Float64Array;
  readonly sumCounts: Float64Array;
  /** Bit k % 32 of word k >> 5 set when diffCounts[k] / sumCounts[k] is non-zero: all 0 between calls. */
  readonly diffBins: Int32Array;
  readonly sumBins: Int32Array;
  /** Per small whole count c (< SMALL_COUNT), how many cells hold it; all 0 between calls. */
  readonly multiplicity: Float64Array;
}

/** Counts below this are tallied by value for HXY (those of a kernel's GLCM: mostly 1 to 10). */
const SMALL_COUNT = 64;

let kept: Scratch = { rows: new Float64Array(64), cells: new Int32Array(64 * 64), cellBits: new Int32Array(64 * 2), diffCounts: new Float64Array(64), sumCounts: new Float64Array(128), sumBins: new Int32Array(4), diffBins: new Int32Array(2), multiplicity: new Float64Array(SMALL_COUNT) };

function scratch(n: number, diffs: number, sums: number): Scratch {
  if (kept.rows.length < n || kept.cellBits.length < n * cellBitWords(n) || kept.diffCounts.length < diffs || kept.sumCounts.length < sums) {
    kept = {
      rows: new Float64Array(Math.max(n, kept.rows.length)),
      cells: new Int32Array(Math.max(n * n, kept.cells.length)),
      cellBits: new Int32Array(Math.max(n * cellBitWords(n), kept.cellBits.length)),
      diffCounts: new Float64Array(Math.max(diffs, kept.diffCounts.length)),
      sumCounts: new Float64Array(Math.max(sums, kept.sumCounts.length)),
      sumBins: new Int32Array(Math.max((sums + 31) >> 5, kept.sumBins.length)),
      diffBins: new Int32Array(Math.max((diffs + 31) >> 5, kept.diffBins.length)),
      multiplicity: kept.multiplicity,
    };
  }
  return kept;
}

/** The highest grey level present (0 when none). */
function highestLevel(present: PresentLevels): number {
  return present.values.length > 0 ? present.values[present.values.length - 1] : 0;
}
