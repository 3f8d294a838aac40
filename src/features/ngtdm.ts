/**
 * Neighbourhood grey tone difference based features (IBSI 1 manual, "Neighbourhood grey tone
 * difference based features", IPET): 5 features of the NGTDM under the zone aggregations 2D, 2.5D and
 * 3D (see zones.ts), with a Chebyshev neighbourhood of distance delta (in-plane in 2D and 2.5D).
 *
 * IBSI definition (deviating from Amadasun and King): a voxel k has a valid neighbourhood when at least
 * one voxel within distance delta (excluding k) lies in the ROI intensity mask; its mean neighbour level
 * is Xbar_k = (sum of those levels) / W_k, W_k their number. For grey level i: n_i counts the voxels of
 * level i with W_k > 0 and s_i = sum |i - Xbar_k| over them. N_vc = sum_i n_i, p_i = n_i / N_vc, and
 * N_gp is the number of grey levels with p_i > 0 (a level present in the ROI whose voxels all lack a
 * neighbour has p_i = 0 and takes no part in the sums over i1, i2).
 *
 * 2D: per slice, n_i, s_i, N_vc, p_i and N_gp are those of the slice, features are averaged over slices;
 * a slice whose voxels have no in-plane neighbour (N_vc = 0) has no NGTDM and is left out with a
 * SliceSkipped warning. 2.5D: s_i and n_i summed over slices, then N_vc and p_i recomputed from the sums.
 *
 * Cost: the neighbour sums are box sums, axis by axis (about 3 additions per voxel per axis, whatever
 * delta), over two Float64 copies of the box grown by delta; two Float64 vectors of N_g cells per
 * matrix, O(N_g^2) per statistics object.
 */
import type { Vec3 } from '../image/volume.js';
import { sliceVoxelCounts } from './aggregate.js';
import { assertMatrixFits, presentLevels, type PresentLevels } from './levels.js';
import { MatrixScratch } from './matrixScratch.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import { boxOrSlice, checkNeighbourhood, uniqueAggregations, zoneAggregatedValues, zoneAggregatedValuesInto, type ZoneParts } from './zones.js';
import { featureComputes } from './evaluate.js';
import type { Writable } from '../util/writable.js';

export interface NgtdmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Chebyshev distance delta of the neighbourhood. Default 1; the work grows as (2 delta + 1)^3. */
  readonly distance: number;
  /** Largest matrix in bytes (N_g x 2 x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const NGTDM_DEFAULTS: NgtdmParams = { aggregations: ['3D'], distance: 1, maxMatrixBytes: 512 * 2 ** 20 };

/** The NGTDM: s_i and n_i per grey level rank (rows are the levels present in the ROI). */
export interface NgtdmMatrix {
  /** s_i: sum of |i - Xbar_k| over the voxels of level i with a valid neighbourhood. */
  readonly s: Float64Array;
  /** n_i: voxels of level i with a valid neighbourhood. */
  readonly n: Float64Array;
  /** Grey level of each row, ascending. */
  readonly rowValues: Int32Array;
}

/**
 * Adds s_i and n_i of the ROI voxels in slices z0 <= z < z1 to `s` and `n` (neighbours anywhere in the
 * box, in-plane when threeD is false). The sum of the neighbours' levels and their number W_k are box
 * sums: each ROI voxel is coded as the whole number level K + 1 (K a power of two above the voxels of a
 * neighbourhood, 0 outside the ROI and the box), the codes are summed over the (2 delta + 1)^3 cube
 * (square in 2D) around each voxel axis by axis with running sums, and the voxel's own code is taken
 * out: the total is (sum of levels) K + W_k. Every sum is a whole number far below 2^53, exact in any
 * order, so the sum and W_k are those of a visit of each neighbour, and |i - sum / W_k| has the same bits.
 * Work: about 3 additions per voxel per axis instead of (2 delta + 1)^3 - 1 reads.
 */
function accumulateNgtdm(s: Float64Array, n: Float64Array, levels: Int32Array, shape: Vec3, distance: number, threeD: boolean, rankOf: Int32Array, z0: number, z1: number, scratch: MatrixScratch): void {
  const [nx, ny] = shape;
  const d = distance;
  const zr = threeD ? d : 0;
  const cells = (2 * d + 1) ** 2 * (2 * zr + 1);
  let K = 1;
  while (K < cells) K *= 2;
  const px = nx + 2 * d;
  const py = ny + 2 * d;
  const at = (y: number, z: number) => d + px * (y + d + py * (z - z0 + zr));
  // The largest level is rankOf.length - 1: the packed total stays exact while cells (max level K + 1) < 2^53.
  if (cells * ((rankOf.length - 1) * K + 1) <= Number.MAX_SAFE_INTEGER) {
    const total = cubeSums(levels, shape, d, zr, z0, z1, K, 1, scratch);
    // One call per row: V8 compiles the row function once (see fftSums in morphology/spatial.ts).
    for (let z = z0; z < z1; z++) for (let y = 0; y < ny; y++) accumulateNgtdmRow(s, n, levels, nx * (y + ny * z), total, null, at(y, z), nx, K, rankOf);
    return;
  }
  // Too large to pack (a distance of 6 or more with levels near 2^31): the level sums and the counts apart.
  const levelSums = scratch.float64('ngtdmLevelSums', px * py * (z1 - z0 + 2 * zr));
  levelSums.set(cubeSums(levels, shape, d, zr, z0, z1, 1, 0, scratch));
  const counts = cubeSums(levels, shape, d, zr, z0, z1, 0, 1, scratch);
  for (let z = z0; z < z1; z++) for (let y = 0; y < ny; y++) accumulateNgtdmRow(s, n, levels, nx * (y + ny * z), levelSums, counts, at(y, z), nx, 0, rankOf);
}

/**
 * The sums of the codes level K + one of the ROI voxels (0 elsewhere) over the cube of side 2 d + 1
 * (2 zr + 1 slices) around each voxel of slices z0..z1 - 1, in the box grown by d in x and y and zr in z
 * (slice z at z - z0 + zr), axis by axis: an array of `scratch`, valid at the box's voxels.
 */
function cubeSums(levels: Int32Array, shape: Vec3, d: number, zr: number, z0: number, z1: number, K: number, one: number, scratch: MatrixScratch): Float64Array {
  const [nx, ny, nz] = shape;
  const px = nx + 2 * d;
  const py = ny + 2 * d;
  const pz = z1 - z0 + 2 * zr;
  const plane = px * py;
  const codes = scratch.float64('ngtdmCodes', plane * pz);
  const sums = scratch.float64('ngtdmSums', plane * pz);
  // One call per row: V8 compiles the row functions once, instead of compiling this one on the fly at
  // its first rows (see fftSums in morphology/spatial.ts).
  for (let z = Math.max(0, z0 - zr); z < Math.min(nz, z1 + zr); z++) {
    for (let y = 0; y < ny; y++) codeRow(levels, nx * (y + ny * z), codes, d + px * (y + d + py * (z - z0 + zr)), nx, K, one);
  }
  // x: sums[p] = codes[p - d] + ... + codes[p + d] at the box's x of every row.
  for (let r = 0; r < py * pz; r++) windowSums(codes, sums, r * px + d, 1, nx, d);
  // y: codes[p] = sums over p - d px .. p + d px at the box's x and y, row by row, in every slice (the codes
  // are no longer needed; the later passes read only the positions written here).
  for (let z = 0; z < pz; z++) slideSums(sums, codes, d + px * d + plane * z, px, ny, nx, d);
  if (zr === 0) return codes;
  // z: sums[p] = codes over p - d plane .. p + d plane at the slices z0..z1 - 1, plane by plane: over the
  // span of each plane from the box's first voxel to its last (the x margins between its rows get sums of
  // stale codes, never read).
  slideSums(codes, sums, d + px * d + plane * zr, plane, z1 - z0, px * (ny - 1) + nx, d);
  return sums;
}

/** codes[p + x] = level K + one for the ROI voxels (level > 0) of a row of nx voxels, else 0. */
function codeRow(levels: Int32Array, k: number, codes: Float64Array, p: number, nx: number, K: number, one: number): void {
  for (let x = 0; x < nx; x++) {
    const g = levels[k + x];
    codes[p + x] = g > 0 ? g * K + one : 0;
  }
}

/**
 * out[p] = from[p - d step] + ... + from[p + d step] for the `count` positions p = start, start + step, ...
 * (a running sum: whole numbers, exact). `from` has d entries of margin on each side of them.
 */
function windowSums(from: Float64Array, out: Float64Array, start: number, step: number, count: number, d: number): void {
  let sum = 0;
  for (let t = -d; t < d; t++) sum += from[start + t * step];
  for (let i = 0, p = start; i < count; i++, p += step) {
    sum += from[p + d * step];
    out[p] = sum;
    sum -= from[p - d * step];
  }
}

/**
 * out[p + x] = from[p + x - d stride] + ... + from[p + x + d stride] for x < width, at the `count`
 * positions p = start, start + stride, ...: whole rows (or planes) at a time, sequential in memory, each
 * the previous one plus the row entering the window minus the row leaving it (whole numbers: exact).
 */
function slideSums(from: Float64Array, out: Float64Array, start: number, stride: number, count: number, width: number, d: number): void {
  for (let t = -d; t <= d; t++) addRow(out, start, from, start + t * stride, width, t === -d);
  for (let i = 1, p = start + stride; i < count; i++, p += stride) slideRow(out, p, p - stride, from, p + d * stride, p - (d + 1) * stride, width);
}

/** out[p + x] (+)= from[q + x] for x < width; `first`: = instead of +=. */
function addRow(out: Float64Array, p: number, from: Float64Array, q: number, width: number, first: boolean): void {
  if (first) for (let x = 0; x < width; x++) out[p + x] = from[q + x];
  else for (let x = 0; x < width; x++) out[p + x] += from[q + x];
}

/** out[p + x] = out[prev + x] + from[enter + x] - from[leave + x] for x < width. */
function slideRow(out: Float64Array, p: number, prev: number, from: Float64Array, enter: number, leave: number, width: number): void {
  for (let x = 0; x < width; x++) out[p + x] = out[prev + x] + from[enter + x] - from[leave + x];
}

/**
 * Adds s_i and n_i of the ROI voxels of the row of nx voxels starting at k in the box (p in the grown
 * box): from the cube sums `total` of the codes level K + 1 (counts null), or with the level sums in
 * `total` and the counts in `counts` (K unused).
 */
function accumulateNgtdmRow(s: Float64Array, n: Float64Array, levels: Int32Array, k: number, total: Float64Array, counts: Float64Array | null, p: number, nx: number, K: number, rankOf: Int32Array): void {
  for (let x = 0; x < nx; x++, k++, p++) {
    const g = levels[k];
    if (g <= 0) continue;
    let sum: number;
    let w: number;
    if (counts === null) {
      const t = total[p] - (g * K + 1); // the neighbours alone: (sum of their levels) K + their number
      // t / K is exact (K a power of two), so floor gives the sum and t - sum K the number W_k: the
      // whole numbers t % K and (t - t % K) / K give, without the floating-point remainder (slow).
      sum = Math.floor(t / K);
      w = t - sum * K;
    } else {
      sum = total[p] - g;
      w = counts[p] - 1;
    }
    if (w === 0) continue;
    const r = rankOf[g];
    s[r] += Math.abs(g - sum / w);
    n[r]++;
  }
}

/**
 * The NGTDM of the box at Chebyshev distance `distance`: the 3D matrix, or with the in-plane
 * neighbourhood (threeD false) the sum of the slice matrices (the 2.5D matrix). With `zSlice`, the 2D
 * matrix of that slice alone (voxels of other slices count as outside the ROI).
 */
export function buildNgtdm(
  levels: Int32Array,
  shape: Vec3,
  distance: number,
  threeD: boolean,
  present: PresentLevels,
  zSlice?: number,
  maxMatrixBytes = NGTDM_DEFAULTS.maxMatrixBytes,
  scratch: MatrixScratch = new MatrixScratch(),
): NgtdmMatrix {
  checkNeighbourhood('ngtdm', distance);
  const box = boxOrSlice(shape, zSlice);
  const rows = present.values.length;
  assertMatrixFits('ngtdm', rows, 2, 8, maxMatrixBytes);
  // Arrays of `scratch` (matrixScratch.ts), valid until its next buildNgtdm.
  const s = scratch.float64('ngtdmS', rows);
  const n = scratch.float64('ngtdmN', rows);
  accumulateNgtdm(s, n, levels.subarray(box.from, box.to), box.shape, distance, threeD, present.rankOf, 0, box.shape[2], scratch);
  return { s, n, rowValues: present.values };
}

/** Statistics of one NGTDM, from which each feature is a one-liner; sums over i1, i2 skip p_i = 0. */
export interface NgtdmStats {
  /** N_vc = sum_i n_i: voxels with a valid neighbourhood. */
  readonly validVoxels: number;
  /** N_gp: grey levels with p_i > 0. */
  readonly levelsPresent: number;
  /** sum_i p_i s_i. */
  readonly sumPS: number;
  /** sum_i s_i. */
  readonly sumS: number;
  /** sum_{i1,i2} p_i1 p_i2 (i1 - i2)^2. */
  readonly contrastSum: number;
  /** sum_{i1,i2} |i1 p_i1 - i2 p_i2|. */
  readonly busynessSum: number;
  /** sum_{i1,i2} |i1 - i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2). */
  readonly complexitySum: number;
  /** sum_{i1,i2} (p_i1 + p_i2) (i1 - i2)^2. */
  readonly strengthSum: number;
}

/** NgtdmStats with writable fields: what ngtdmStatsInto fills (feature maps reuse one). */
export type NgtdmStatsRecord = Writable<NgtdmStats>;

/** An NgtdmStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
function emptyNgtdmStats(): NgtdmStatsRecord {
  return { validVoxels: NaN, levelsPresent: NaN, sumPS: NaN, sumS: NaN, contrastSum: NaN, busynessSum: NaN, complexitySum: NaN, strengthSum: NaN };
}

/** Statistics of `m`; null when no voxel has a valid neighbourhood (N_vc = 0). */
export function ngtdmStats(m: NgtdmMatrix, scratch: MatrixScratch = new MatrixScratch()): NgtdmStats | null {
  const stats = emptyNgtdmStats();
  return ngtdmStatsInto(m, scratch, stats) ? stats : null;
}

/** ngtdmStats written into `into` (no object made: feature maps compute a matrix per kernel); false, with `into` unchanged, when N_vc = 0. */
export function ngtdmStatsInto(m: NgtdmMatrix, scratch: MatrixScratch, into: NgtdmStatsRecord): boolean {
  let validVoxels = 0;
  for (let a = 0; a < m.n.length; a++) validVoxels += m.n[a];
  if (validVoxels === 0) return false;
  // Compact to the levels with p_i > 0: i at [0, ng), p_i at [rows, rows + ng), s_i at [2 rows, 2 rows + ng).
  const rows = m.n.length;
  const w = scratch.zeros(3 * rows);
  let ng = 0;
  for (let a = 0; a < rows; a++) {
    if (!(m.n[a] > 0)) continue;
    w[ng] = m.rowValues[a];
    w[rows + ng] = m.n[a] / validVoxels;
    w[2 * rows + ng] = m.s[a];
    ng++;
  }
  const P = rows;
  const S = 2 * rows;
  let sumPS = 0;
  let sumS = 0;
  for (let a = 0; a < ng; a++) {
    sumPS += w[P + a] * w[S + a];
    sumS += w[S + a];
  }
  let contrastSum = 0;
  let busynessSum = 0;
  let complexitySum = 0;
  let strengthSum = 0;
  for (let a = 0; a < ng; a++) {
    const ia = w[a];
    const pa = w[P + a];
    const psa = pa * w[S + a];
    const ipa = ia * pa;
    for (let b = 0; b < ng; b++) {
      const pb = w[P + b];
      const di = ia - w[b];
      contrastSum += pa * pb * di * di;
      busynessSum += Math.abs(ipa - w[b] * pb);
      complexitySum += (Math.abs(di) * (psa + pb * w[S + b])) / (pa + pb);
      strengthSum += (pa + pb) * di * di;
    }
  }
  into.validVoxels = validVoxels;
  into.levelsPresent = ng;
  into.sumPS = sumPS;
  into.sumS = sumS;
  into.contrastSum = contrastSum;
  into.busynessSum = busynessSum;
  into.complexitySum = complexitySum;
  into.strengthSum = strengthSum;
  return true;
}

/** IBSI: "the maximum coarseness value is set to an arbitrary number of 10^6". */
export const MAX_COARSENESS = 1e6;

export const NGTDM_FEATURES = {
  coarseness: {
    name: 'Coarseness',
    ibsi: 'QCDE',
    formula: String.raw`\frac{1}{\sum_{i=1}^{N_g} p_i\,s_i}`,
    note: 'Capped at 10^6, as IBSI prescribes ("the maximum coarseness value is set to 10^6"); in particular 10^6 when sum_i p_i s_i = 0 (e.g. a single grey level). PyRadiomics returns 10^6 only when the sum is exactly 0.',
    compute: (s) => Math.min(1 / s.sumPS, MAX_COARSENESS),
  },
  contrast: {
    name: 'Contrast',
    ibsi: '65HE',
    formula: String.raw`\left(\frac{1}{N_{g,p}(N_{g,p}-1)} \sum_{i_1=1}^{N_g} \sum_{i_2=1}^{N_g} p_{i_1} p_{i_2} (i_1-i_2)^2\right) \left(\frac{1}{N_{v,c}} \sum_{i=1}^{N_g} s_i\right)`,
    note: 'N_{g,p} counts the grey levels with p_i > 0; IBSI sets contrast to 0 when N_{g,p} = 1.',
    compute: (s) => (s.levelsPresent <= 1 ? 0 : (s.contrastSum / (s.levelsPresent * (s.levelsPresent - 1))) * (s.sumS / s.validVoxels)),
  },
  busyness: {
    name: 'Busyness',
    ibsi: 'NQ30',
    formula: String.raw`\frac{\sum_{i=1}^{N_g} p_i\,s_i}{\sum_{i_1=1}^{N_g} \sum_{i_2=1}^{N_g} \left|i_1 p_{i_1} - i_2 p_{i_2}\right|},\quad p_{i_1} \neq 0,\ p_{i_2} \neq 0`,
    note: 'The corrected definition of Hatt et al. (2016) that IBSI uses; IBSI sets busyness to 0 when N_{g,p} = 1. A zero denominator with two or more grey levels is left undefined (null); PyRadiomics returns 0 for it.',
    undefinedWhen: 'the denominator is 0 with two or more grey levels (i_1 p_{i_1} = i_2 p_{i_2} for every pair), which IBSI leaves undefined',
    compute: (s) => (s.levelsPresent <= 1 ? 0 : s.sumPS / s.busynessSum),
  },
  complexity: {
    name: 'Complexity',
    ibsi: 'HDEZ',
    formula: String.raw`\frac{1}{N_{v,c}} \sum_{i_1=1}^{N_g} \sum_{i_2=1}^{N_g} |i_1-i_2| \frac{p_{i_1} s_{i_1} + p_{i_2} s_{i_2}}{p_{i_1} + p_{i_2}},\quad p_{i_1} \neq 0,\ p_{i_2} \neq 0`,
    compute: (s) => s.complexitySum / s.validVoxels,
  },
  strength: {
    name: 'Strength',
    ibsi: '1X9X',
    formula: String.raw`\frac{\sum_{i_1=1}^{N_g} \sum_{i_2=1}^{N_g} (p_{i_1} + p_{i_2}) (i_1-i_2)^2}{\sum_{i=1}^{N_g} s_i},\quad p_{i_1} \neq 0,\ p_{i_2} \neq 0`,
    note: 'IBSI sets strength to 0 when sum_i s_i = 0.',
    compute: (s) => (s.sumS === 0 ? 0 : s.strengthSum / s.sumS),
  },
} as const satisfies FeatureTable<NgtdmStats>;

const EMPTY = 'no ROI voxel has a neighbour in the ROI within the distance (N_vc = 0)';

/** NGTDM statistics per aggregation method, in the order of `aggregations` (repeats dropped). */
export function ngtdmParts(levels: Int32Array, shape: Vec3, params: NgtdmParams, present: PresentLevels): ZoneParts<NgtdmStats>[] {
  checkNeighbourhood('ngtdm', params.distance);
  const wanted = uniqueAggregations(params.aggregations);
  const rows = present.values.length;
  assertMatrixFits('ngtdm', rows, 2, 8, params.maxMatrixBytes);
  const found = new Map<ZoneAggregation, ZoneParts<NgtdmStats>>();
  const scratch = params.scratch ?? new MatrixScratch();
  const single = (aggregation: ZoneAggregation, m: NgtdmMatrix): ZoneParts<NgtdmStats> => {
    const st = ngtdmStats(m, scratch);
    return { aggregation, parts: st === null ? [] : [st], skippedSlices: [] };
  };
  if (wanted.includes('2D') || wanted.includes('2.5D')) {
    const sliceVoxels = sliceVoxelCounts(levels, shape);
    const merged: NgtdmMatrix = { s: new Float64Array(rows), n: new Float64Array(rows), rowValues: present.values };
    const slice: NgtdmMatrix = { s: new Float64Array(rows), n: new Float64Array(rows), rowValues: present.values };
    const parts: NgtdmStats[] = [];
    const skippedSlices: number[] = [];
    for (let z = 0; z < shape[2]; z++) {
      if (sliceVoxels[z] === 0) continue;
      slice.s.fill(0);
      slice.n.fill(0);
      accumulateNgtdm(slice.s, slice.n, levels, shape, params.distance, false, present.rankOf, z, z + 1, scratch);
      for (let a = 0; a < rows; a++) {
        merged.s[a] += slice.s[a];
        merged.n[a] += slice.n[a];
      }
      const st = ngtdmStats(slice, scratch);
      if (st === null) skippedSlices.push(z);
      else parts.push(st);
    }
    if (wanted.includes('2D')) found.set('2D', { aggregation: '2D', parts, skippedSlices });
    if (wanted.includes('2.5D')) found.set('2.5D', single('2.5D', merged));
  }
  if (wanted.includes('3D')) found.set('3D', single('3D', buildNgtdm(levels, shape, params.distance, true, present, undefined, params.maxMatrixBytes, scratch)));
  return wanted.map((a) => found.get(a) as ZoneParts<NgtdmStats>);
}

function computeNgtdm(input: FamilyInput, params: NgtdmParams): FamilyOutput {
  const { levels, boxShape } = input;
  const warnings: Warning[] = [];
  const parts = ngtdmParts(levels, boxShape, params, input.present ?? presentLevels(levels, params.scratch));
  const values = parts.flatMap((agg) => zoneAggregatedValues('ngtdm', NGTDM_FEATURES, agg, params.distance, warnings, EMPTY));
  return { values, warnings };
}

/** The compute functions of NGTDM_FEATURES in table order (featureComputes), for ngtdmValuesInto. */
const NGTDM_COMPUTES = Object.freeze(featureComputes(NGTDM_FEATURES));

/**
 * computeNgtdm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeNgtdm's values, NaN where those are null, the same bits otherwise. Returns their number.
 */
export function ngtdmValuesInto(input: FamilyInput, params: NgtdmParams, out: Float64Array): number {
  const { levels, boxShape } = input;
  let at = 0;
  for (const agg of ngtdmParts(levels, boxShape, params, input.present ?? presentLevels(levels, params.scratch))) at = zoneAggregatedValuesInto(NGTDM_COMPUTES, agg, out, at);
  return at;
}

/**
 * ngtdmValuesInto for the boxes (kernels) of one grid of grey levels (feature maps): `levels` over `shape`,
 * whose box at `offset` in the image grid holds it; each kernel's FamilyInput must be a box of it (its
 * boxOffset in the image grid, its levels those of the grid there). At distance 1 and the 3D aggregation
 * alone, the codes level K + 1 of the grid (see accumulateNgtdm) are summed once per ROI voxel over its
 * 3 x 3 x 3 cube (T), each of the cube's six faces (F) and twelve edges (E); a kernel's neighbourhood sum
 * of a voxel is then T less what lies beyond the kernel's box, by inclusion and exclusion: T - sum F +
 * sum E - C over the box faces the voxel lies on, E where two of them meet, C the corner of three (read
 * from the grid: 8 voxels of a box). 19 float64 per ROI voxel of the grid. Whole numbers below 2^53, so
 * the same sum and W_k as accumulateNgtdm's on the kernel, added in the same voxel order: the same values,
 * bit for bit. Null for other settings, levels too large to pack, or a grid of over MAX_REGION_SUMS / 19
 * ROI voxels (ngtdmValuesInto then).
 */
export function regionNgtdmValuesInto(levels: Int32Array, shape: Vec3, offset: Vec3, params: NgtdmParams): ((input: FamilyInput, params: NgtdmParams, out: Float64Array) => number) | null {
  checkNeighbourhood('ngtdm', params.distance);
  const wanted = uniqueAggregations(params.aggregations);
  if (params.distance !== 1 || wanted.length !== 1 || wanted[0] !== '3D') return null;
  let top = 0;
  let count = 0;
  for (let i = 0; i < levels.length; i++) {
    if (levels[i] > top) top = levels[i];
    if (levels[i] > 0) count++;
  }
  if (SUMS * count > MAX_REGION_SUMS) return null;
  // accumulateNgtdm's K for distance 1 in 3D: the power of two at or above the 27 cells of a cube.
  const K = 32;
  if (27 * (top * K + 1) > Number.MAX_SAFE_INTEGER) return null;
  const sums = cubeSumsOf(levels, shape, K);
  return (input, p, out) => {
    const scratch = p.scratch ?? new MatrixScratch();
    const present = input.present ?? presentLevels(input.levels, scratch);
    const rows = present.values.length;
    assertMatrixFits('ngtdm', rows, 2, 8, p.maxMatrixBytes);
    const s = scratch.float64('ngtdmS', rows);
    const n = scratch.float64('ngtdmN', rows);
    accumulateFromSums(s, n, sums, levels, shape, input, offset, K, present.rankOf);
    const matrix = kernelMatrix;
    matrix.s = s;
    matrix.n = n;
    matrix.rowValues = present.values;
    // zoneAggregatedValuesInto of the 3D part, without its objects: NaN for all when N_vc = 0.
    if (!ngtdmStatsInto(matrix, scratch, kernelStats)) out.fill(NaN, 0, NGTDM_COMPUTES.length);
    else storeFeatureValues(kernelStats, out);
    return NGTDM_COMPUTES.length;
  };
}

/** The region path's matrix and statistics record, one for all calls (were three objects and 8 numbers per kernel); filled anew before each read. */
const kernelMatrix: Writable<NgtdmMatrix> = { s: new Float64Array(0), n: new Float64Array(0), rowValues: new Int32Array(0) };
const kernelStats = emptyNgtdmStats();

/**
 * evaluateInto(NGTDM_COMPUTES, s, out, 0) with a call site per feature (constant index into the frozen
 * table, so V8 inlines each; the loop's one site boxed each result), the value stored then NaN over it when
 * not finite (as isFinite(v) ? v : NaN the value met the NaN constant and was boxed). Same values; the
 * five features of NGTDM_FEATURES (test/features/ngtdm.region.unit.test.ts compares all of compute's values).
 */
function storeFeatureValues(s: NgtdmStats, out: Float64Array): void {
  const C = NGTDM_COMPUTES;
  out[0] = C[0](s);
  out[1] = C[1](s);
  out[2] = C[2](s);
  out[3] = C[3](s);
  out[4] = C[4](s);
  for (let f = 0; f < 5; f++) if (!Number.isFinite(out[f])) out[f] = NaN;
}

/**
 * Per ROI voxel of the grid: its index r into the sums (-1 outside the ROI), and at SUMS r: the code total of
 * its 3 x 3 x 3 cube T; of each face F (at 1 + 2 axis + side, side 0 low and 1 high, axes x, y, z); of each
 * edge E where faces of two axes meet (at 7 + 4 pair + 2 side + side, pairs xy, xz, yz). See regionNgtdmValuesInto.
 */
interface CubeSums {
  readonly index: Int32Array;
  readonly sums: Float64Array;
}

/** Numbers per ROI voxel in CubeSums: T, 6 faces, 12 edges. */
const SUMS = 19;
/** Most float64 of CubeSums (64 MiB, a grid of about 440,000 ROI voxels), made per thread of a feature map. */
const MAX_REGION_SUMS = 2 ** 23;

/** The code level K + 1 of grid voxel (x, y, z); 0 outside the ROI or the grid. */
function codeAt(levels: Int32Array, shape: Vec3, x: number, y: number, z: number, K: number): number {
  const [nx, ny, nz] = shape;
  if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return 0;
  const g = levels[x + nx * (y + ny * z)];
  return g > 0 ? g * K + 1 : 0;
}

function cubeSumsOf(levels: Int32Array, shape: Vec3, K: number): CubeSums {
  const [nx, ny, nz] = shape;
  const index = new Int32Array(levels.length).fill(-1);
  // The codes on the grid padded by one voxel of 0 on every side: a voxel's 27 cube cells at fixed
  // offsets, without bounds tests (was a bounds-tested read per cell: measured on brain1 R = 2, 1.29 -> 0.37 ms per grid, hot loop of the region alone).
  const px = nx + 2;
  const pxy = px * (ny + 2);
  const codes = new Float64Array(pxy * (nz + 2));
  let count = 0;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0, q = 1 + px * (y + 1) + pxy * (z + 1); x < nx; x++, i++, q++) {
        const g = levels[i];
        if (g <= 0) continue;
        index[i] = count++;
        codes[q] = g * K + 1;
      }
  const sums = new Float64Array(SUMS * count);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0, q = 1 + px * (y + 1) + pxy * (z + 1); x < nx; x++, i++, q++) if (index[i] >= 0) storeCubeSums(sums, SUMS * index[i], codes, q, px, pxy);
  return { index, sums };
}

/**
 * The sums (CubeSums) of the voxel at q of the padded code grid (rows px, planes pxy apart) into sums[at ..]:
 * per row of the cube along x (9 rows: dy, dz in -1..1), its low (dx = -1) and high (dx = 1) cells and its
 * total, added to the totals they belong to. Whole numbers below 2^53: exact in any order.
 */
function storeCubeSums(sums: Float64Array, at: number, codes: Float64Array, q: number, px: number, pxy: number): void {
  let t = 0, xLow = 0, xHigh = 0, yLow = 0, yHigh = 0, zLow = 0, zHigh = 0;
  // Edges: xy[sx][sy], xz[sx][sz], yz[sy][sz] (0 the low side, 1 the high side).
  let xy00 = 0, xy01 = 0, xy10 = 0, xy11 = 0, xz00 = 0, xz01 = 0, xz10 = 0, xz11 = 0, yz00 = 0, yz01 = 0, yz10 = 0, yz11 = 0;
  for (let dz = -1; dz <= 1; dz++)
    for (let dy = -1; dy <= 1; dy++) {
      const r = q + dy * px + dz * pxy;
      const low = codes[r - 1];
      const high = codes[r + 1];
      const row = low + codes[r] + high;
      t += row;
      xLow += low;
      xHigh += high;
      if (dy < 0) {
        yLow += row;
        xy00 += low;
        xy10 += high;
      } else if (dy > 0) {
        yHigh += row;
        xy01 += low;
        xy11 += high;
      }
      if (dz < 0) {
        zLow += row;
        xz00 += low;
        xz10 += high;
        if (dy < 0) yz00 += row;
        else if (dy > 0) yz10 += row;
      } else if (dz > 0) {
        zHigh += row;
        xz01 += low;
        xz11 += high;
        if (dy < 0) yz01 += row;
        else if (dy > 0) yz11 += row;
      }
    }
  sums[at] = t;
  sums[at + 1] = xLow;
  sums[at + 2] = xHigh;
  sums[at + 3] = yLow;
  sums[at + 4] = yHigh;
  sums[at + 5] = zLow;
  sums[at + 6] = zHigh;
  sums[at + 7] = xy00;
  sums[at + 8] = xy01;
  sums[at + 9] = xy10;
  sums[at + 10] = xy11;
  sums[at + 11] = xz00;
  sums[at + 12] = xz01;
  sums[at + 13] = xz10;
  sums[at + 14] = xz11;
  sums[at + 15] = yz00;
  sums[at + 16] = yz01;
  sums[at + 17] = yz10;
  sums[at + 18] = yz11;
}

/**
 * accumulateNgtdm (distance 1, 3D) of a kernel box of the grid from the grid's cube sums: per ROI voxel of
 * the box, in box order, its neighbours' code total within the box (regionNgtdmValuesInto), then
 * accumulateNgtdmRow's sums.
 */
function accumulateFromSums(s: Float64Array, n: Float64Array, cube: CubeSums, levels: Int32Array, shape: Vec3, input: FamilyInput, offset: Vec3, K: number, rankOf: Int32Array): void {
  const [nx, ny] = shape;
  const [bx, by, bz] = input.boxShape;
  const x0 = input.boxOffset[0] - offset[0];
  const y0 = input.boxOffset[1] - offset[1];
  const z0 = input.boxOffset[2] - offset[2];
  const boxLevels = input.levels;
  const { index, sums } = cube;
  for (let z = 0, j = 0; z < bz; z++) {
    const mz = facesOf(z, bz) << 4;
    for (let y = 0; y < by; y++) {
      const myz = mz | (facesOf(y, by) << 2);
      for (let x = 0, i = x0 + nx * (y0 + y + ny * (z0 + z)); x < bx; x++, i++, j++) {
        const g = boxLevels[j];
        if (g <= 0) continue;
        const faces = myz | facesOf(x, bx);
        const at = SUMS * index[i];
        const total = faces === 0 ? sums[at] : boxedTotal(sums, at, faces, levels, shape, x0 + x, y0 + y, z0 + z, K);
        const t = total - (g * K + 1); // the neighbours alone: (sum of their levels) K + their number
        const sum = Math.floor(t / K); // exact, as in accumulateNgtdmRow
        const w = t - sum * K;
        if (w === 0) continue;
        const r = rankOf[g];
        s[r] += Math.abs(g - sum / w);
        n[r]++;
      }
    }
  }
}

/** The faces of a box of `size` along an axis that index k lies on: bit 0 the low one (k = 0), bit 1 the high one (k = size - 1). */
function facesOf(k: number, size: number): number {
  return (k === 0 ? 1 : 0) | (k === size - 1 ? 2 : 0);
}

/**
 * Per combination of box faces a voxel lies on (faces = fx | fy << 2 | fz << 4, each facesOf), the
 * inclusion-exclusion terms of boxedTotal as offsets into a voxel's CubeSums: those subtracted (the
 * cube's faces beyond the box) at FACE_TERMS[FACE_TERM_START[2 faces] ..], then those added back (its
 * edges where two such faces meet) up to FACE_TERM_START[2 faces + 2]; the corners where three meet
 * are read from the grid (boxedTotal). Made once: the 64 lists are the branches of the sum, taken once.
 */
const { FACE_TERM_START, FACE_TERMS } = (() => {
  const start = new Int32Array(2 * 64 + 1);
  const terms: number[] = [];
  for (let faces = 0; faces < 64; faces++) {
    const mx = faces & 3, my = (faces >> 2) & 3, mz = faces >> 4;
    start[2 * faces] = terms.length;
    for (let a = 0; a < 2; a++) {
      if ((mx >> a) & 1) terms.push(1 + a);
      if ((my >> a) & 1) terms.push(3 + a);
      if ((mz >> a) & 1) terms.push(5 + a);
    }
    start[2 * faces + 1] = terms.length;
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) if ((mx >> a) & (my >> b) & 1) terms.push(7 + 2 * a + b);
    for (let a = 0; a < 2; a++) for (let c = 0; c < 2; c++) if ((mx >> a) & (mz >> c) & 1) terms.push(11 + 2 * a + c);
    for (let b = 0; b < 2; b++) for (let c = 0; c < 2; c++) if ((my >> b) & (mz >> c) & 1) terms.push(15 + 2 * b + c);
  }
  start[2 * 64] = terms.length;
  return { FACE_TERM_START: start, FACE_TERMS: Int32Array.from(terms) };
})();

/**
 * The code total of the cube of grid voxel (x, y, z) within a box whose faces it lies on (`faces`, see
 * FACE_TERMS): T - sum F + sum E - C over the excluded sides (inclusion and exclusion; two sides of one
 * axis are disjoint), the corners read from the grid. Whole numbers below 2^53 throughout: exact.
 */
function boxedTotal(sums: Float64Array, at: number, faces: number, levels: Int32Array, shape: Vec3, x: number, y: number, z: number, K: number): number {
  let total = sums[at];
  const from = FACE_TERM_START[2 * faces];
  const mid = FACE_TERM_START[2 * faces + 1];
  const to = FACE_TERM_START[2 * faces + 2];
  for (let t = from; t < mid; t++) total -= sums[at + FACE_TERMS[t]];
  for (let t = mid; t < to; t++) total += sums[at + FACE_TERMS[t]];
  const mx = faces & 3, my = (faces >> 2) & 3, mz = faces >> 4;
  if (mx !== 0 && my !== 0 && mz !== 0)
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 2; c++) if ((mx >> a) & (my >> b) & (mz >> c) & 1) total -= codeAt(levels, shape, x + 2 * a - 1, y + 2 * b - 1, z + 2 * c - 1, K);
  return total;
}

export const ngtdmFamily: FamilyDefinition<NgtdmStats, NgtdmParams> = {
  name: 'ngtdm',
  title: 'Neighbourhood grey tone difference based features',
  ibsi: 'IPET',
  features: NGTDM_FEATURES,
  compute: computeNgtdm,
};
