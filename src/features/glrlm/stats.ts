/**
 * Statistics of one GLRLM, computed once per matrix, from which every GLRLM feature is a one-liner
 * (IBSI 1 manual, "Grey level run length based features"). With r_ij the count of runs of grey
 * level i (the level value, not its rank) and length j: N_s = sum_ij r_ij, r_i. = sum_j r_ij,
 * r_.j = sum_i r_ij, p_ij = r_ij / N_s; N_v is the matrix's voxel count (summed when merged).
 * Sums are kept un-normalised; the features divide by N_s.
 */
import type { PresentLevels } from '../levels.js';
import type { GlrlmMatrix } from './matrix.js';
import { MatrixScratch } from '../matrixScratch.js';
import type { Writable } from '../../util/writable.js';

export interface GlrlmStats {
  /** N_s, the number of runs. */
  readonly runs: number;
  /** N_v, the ROI voxels behind the matrix. */
  readonly voxels: number;
  /** sum_j r_.j / j^2 and sum_j j^2 r_.j. */
  readonly shortRuns: number;
  readonly longRuns: number;
  /** sum_i r_i. / i^2 and sum_i i^2 r_i. */
  readonly lowGrey: number;
  readonly highGrey: number;
  /** sum_ij r_ij / (i^2 j^2), i^2 r_ij / j^2, j^2 r_ij / i^2, i^2 j^2 r_ij. */
  readonly shortLow: number;
  readonly shortHigh: number;
  readonly longLow: number;
  readonly longHigh: number;
  /** sum_i r_i.^2 and sum_j r_.j^2. */
  readonly greyNonUniformity: number;
  readonly runNonUniformity: number;
  /** sum_ij (i - mu_i)^2 p_ij with mu_i = sum_ij i p_ij; likewise for j. */
  readonly greyVariance: number;
  readonly runVariance: number;
  /** -sum_ij p_ij log2 p_ij. */
  readonly entropy: number;
}

/** GlrlmStats with writable fields: what glrlmStatsInto fills (feature maps reuse one per kernel). */
export type GlrlmStatsRecord = Writable<GlrlmStats>;

/** A GlrlmStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
export function emptyGlrlmStats(): GlrlmStatsRecord {
  return {
    runs: NaN,
    voxels: NaN,
    shortRuns: NaN,
    longRuns: NaN,
    lowGrey: NaN,
    highGrey: NaN,
    shortLow: NaN,
    shortHigh: NaN,
    longLow: NaN,
    longHigh: NaN,
    greyNonUniformity: NaN,
    runNonUniformity: NaN,
    greyVariance: NaN,
    runVariance: NaN,
    entropy: NaN,
  };
}

/**
 * Statistics of `matrix`, whose row ranks refer to `present`; null when it holds no run. `scratch`
 * (working memory, see ../matrixScratch.ts) may be shared by the matrices of one ROI or kernel.
 */
export function glrlmStats(matrix: GlrlmMatrix, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): GlrlmStats | null {
  const stats = emptyGlrlmStats();
  return glrlmStatsInto(matrix, present, scratch, stats) ? stats : null;
}

/**
 * glrlmStats written into `into` (no object made: feature maps compute 13 matrices per kernel); false,
 * with `into` unchanged, when the matrix holds no run.
 *
 * `rankVoxels` (optional): the ROI voxels of each grey level, of rank a at a + 1, when the matrix is one
 * direction's over the whole box (every ROI voxel then lies on one run: sum_j j r_aj is that count). A row
 * then ends once its runs hold its voxels: its cells past that are 0 and left unread (a kernel's row is
 * mostly runs of length 1 alone). Zero cells add nothing, so the same sums in the same order.
 */
export function glrlmStatsInto(matrix: GlrlmMatrix, present: PresentLevels, scratch: MatrixScratch, into: GlrlmStatsRecord, rankVoxels: Int32Array | null = null): boolean {
  const { counts, levels: n, maxRun } = matrix;
  const v = present.values;
  // Row sums r_i. at sums[a], column sums r_.j at sums[n + j - 1]; from sums[n + maxRun] on, the non-zero
  // counts in cell order (a, then j), for the entropy once N_s is known (a kernel's direction matrix holds
  // about one run length per grey level: 80% of its cells are 0).
  const sums = scratch.zeros(n + maxRun, n + maxRun + counts.length); // the sums zeroed; the list is written before it is read
  let m = n + maxRun;
  let runs = 0;
  let shortLow = 0;
  let shortHigh = 0;
  let longLow = 0;
  let longHigh = 0;
  let lowGrey = 0;
  let highGrey = 0;
  let greyNonUniformity = 0;
  let greySum = 0;
  // r_.1 in a local (stored after the rows): summed in sums[n] it made a chain through memory across rows.
  let runs1 = 0;
  for (let a = 0; a < n; a++) {
    const i = v[a];
    const i2 = i * i;
    let row = 0;
    // j = 1 on its own (9 in 10 non-zero cells of a kernel's matrix): with j^2 = 1 the four terms need one
    // division, c / i^2, and have the bits of the general expressions (multiplying or dividing by 1 is exact).
    const c1 = counts[a * maxRun];
    if (c1 !== 0) {
      const q = c1 / i2;
      row += c1;
      sums[m++] = c1;
      runs1 += c1;
      shortLow += q;
      shortHigh += c1 * i2;
      longLow += q;
      longHigh += c1 * i2;
    }
    // Voxels of this level on runs of length >= 2 (unknown without rankVoxels: the whole row is read).
    let left = rankVoxels === null ? 1 : rankVoxels[a + 1] - c1;
    for (let j = 2, k = a * maxRun + 1; left > 0 && j <= maxRun; j++, k++) {
      const c = counts[k];
      if (c === 0) continue;
      if (rankVoxels !== null) left -= j * c;
      const j2 = j * j;
      row += c;
      sums[m++] = c;
      sums[n + j - 1] += c;
      shortLow += c / (i2 * j2);
      shortHigh += (c * i2) / j2;
      longLow += (c * j2) / i2;
      longHigh += c * i2 * j2;
    }
    sums[a] = row;
    runs += row;
    lowGrey += row / (i * i);
    highGrey += row * i * i;
    greyNonUniformity += row * row;
    greySum += i * row;
  }
  sums[n] = runs1;
  if (runs === 0) return false;

  let shortRuns = 0;
  let longRuns = 0;
  let runNonUniformity = 0;
  let runSum = 0;
  for (let j = 1; j <= maxRun; j++) {
    const r = sums[n + j - 1];
    shortRuns += r / (j * j);
    longRuns += r * j * j;
    runNonUniformity += r * r;
    runSum += j * r;
  }

  // Means from integer sums, so a single grey level (or run length) gives a variance of exactly 0.
  const greyMean = greySum / runs;
  const runMean = runSum / runs;
  let greyVariance = 0;
  for (let a = 0; a < n; a++) if (sums[a] > 0) greyVariance += (v[a] - greyMean) ** 2 * (sums[a] / runs);
  let runVariance = 0;
  for (let j = 1; j <= maxRun; j++) if (sums[n + j - 1] > 0) runVariance += (j - runMean) ** 2 * (sums[n + j - 1] / runs);
  // p log2 p per count from the scratch's memo (c / N then p log2 p, computed once per N and count).
  scratch.startMatrix(runs);
  let entropy = 0;
  for (let k = n + maxRun; k < m; k++) entropy -= scratch.entropyTerm(sums[k]);

  into.runs = runs;
  into.voxels = matrix.voxels;
  into.shortRuns = shortRuns;
  into.longRuns = longRuns;
  into.lowGrey = lowGrey;
  into.highGrey = highGrey;
  into.shortLow = shortLow;
  into.shortHigh = shortHigh;
  into.longLow = longLow;
  into.longHigh = longHigh;
  into.greyNonUniformity = greyNonUniformity;
  into.runNonUniformity = runNonUniformity;
  into.greyVariance = greyVariance;
  into.runVariance = runVariance;
  into.entropy = entropy;
  return true;
}
