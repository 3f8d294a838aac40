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
 * Cost: a copy of the box grown by delta (Int32 per voxel), then one pass over the ROI voxels, each
 * visiting (2 delta + 1)^3 - 1 (3D) or (2 delta + 1)^2 - 1 (2D) neighbours; two Float64 vectors of N_g
 * cells per matrix, O(N_g^2) per statistics object.
 */
import type { Vec3 } from '../image/volume.js';
import { sliceVoxelCounts } from './aggregate.js';
import { assertMatrixFits, presentLevels, type PresentLevels } from './levels.js';
import { MatrixScratch } from './matrixScratch.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import { boxOrSlice, checkNeighbourhood, uniqueAggregations, zoneAggregatedValues, type ZoneParts } from './zones.js';

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
 * The offsets of chebyshevNeighbourhood(distance, threeD), in its order, as steps in a box whose rows
 * are px voxels long and whose slices hold py rows; written out without the list of triples (a feature
 * map builds them per kernel). An array of `scratch` (slot hoodLinear).
 */
function neighbourSteps(px: number, py: number, distance: number, threeD: boolean, scratch: MatrixScratch): Int32Array {
  const zr = threeD ? distance : 0;
  const side = 2 * distance + 1;
  const steps = scratch.int32('hoodLinear', side * side * (2 * zr + 1) - 1);
  let o = 0;
  for (let z = -zr; z <= zr; z++)
    for (let y = -distance; y <= distance; y++)
      for (let x = -distance; x <= distance; x++) if (x !== 0 || y !== 0 || z !== 0) steps[o++] = x + px * (y + py * z);
  return steps;
}

/**
 * Adds s_i and n_i of the ROI voxels in slices z0 <= z < z1 to `s` and `n` (neighbours anywhere in the
 * box, in-plane when threeD is false). The levels are first copied into a box grown by `distance` on
 * every side (in-plane only in 2D) whose border is 0, outside the ROI, as is every level <= 0: then every
 * neighbour has an index, and a neighbour's level adds to the sum as it is (0 outside the ROI), with no
 * bounds test nor branch. The sum and count are whole numbers, exact in any order, so they equal those
 * of a visit of the ROI neighbours alone.
 */
function accumulateNgtdm(s: Float64Array, n: Float64Array, levels: Int32Array, shape: Vec3, distance: number, threeD: boolean, rankOf: Int32Array, z0: number, z1: number, scratch: MatrixScratch): void {
  const [nx, ny, nz] = shape;
  const zr = threeD ? distance : 0;
  const px = nx + 2 * distance;
  const py = ny + 2 * distance;
  // The grown box covers slices z0 - zr <= z < z1 + zr: slice z is its slice z - z0 + zr.
  const padded = scratch.int32('padded', px * py * (z1 - z0 + 2 * zr));
  const at = (y: number, z: number) => distance + px * (y + distance + py * (z - z0 + zr));
  // One call per row: V8 compiles the row functions once, instead of compiling this one on the fly at
  // its first rows (see fftSums in morphology/spatial.ts).
  for (let z = Math.max(0, z0 - zr); z < Math.min(nz, z1 + zr); z++) for (let y = 0; y < ny; y++) padRow(levels, nx * (y + ny * z), padded, at(y, z), nx);
  const steps = neighbourSteps(px, py, distance, threeD, scratch);
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) accumulateNgtdmRow(s, n, levels, nx * (y + ny * z), padded, at(y, z), nx, steps, rankOf);
  }
}

/** padded[p + x] = max(levels[k + x], 0) for the nx voxels of a row. */
function padRow(levels: Int32Array, k: number, padded: Int32Array, p: number, nx: number): void {
  for (let x = 0; x < nx; x++) {
    const g = levels[k + x];
    padded[p + x] = g > 0 ? g : 0;
  }
}

/**
 * Adds s_i and n_i of the ROI voxels of the row of nx voxels starting at k in the box (p in the padded
 * box), with the neighbour steps of the padded box.
 */
function accumulateNgtdmRow(s: Float64Array, n: Float64Array, levels: Int32Array, k: number, padded: Int32Array, p: number, nx: number, steps: Int32Array, rankOf: Int32Array): void {
  const nOff = steps.length;
  for (let x = 0; x < nx; x++, k++, p++) {
    const g = levels[k];
    if (g <= 0) continue;
    let sum = 0;
    let w = 0;
    for (let o = 0; o < nOff; o++) {
      const v = padded[p + steps[o]];
      sum += v;
      w += +(v > 0);
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

/** Statistics of `m`; null when no voxel has a valid neighbourhood (N_vc = 0). */
export function ngtdmStats(m: NgtdmMatrix, scratch: MatrixScratch = new MatrixScratch()): NgtdmStats | null {
  let validVoxels = 0;
  for (let a = 0; a < m.n.length; a++) validVoxels += m.n[a];
  if (validVoxels === 0) return null;
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
  return { validVoxels, levelsPresent: ng, sumPS, sumS, contrastSum, busynessSum, complexitySum, strengthSum };
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
  const parts = ngtdmParts(levels, boxShape, params, presentLevels(levels, params.scratch));
  const values = parts.flatMap((agg) => zoneAggregatedValues('ngtdm', NGTDM_FEATURES, agg, params.distance, warnings, EMPTY));
  return { values, warnings };
}

export const ngtdmFamily: FamilyDefinition<NgtdmStats, NgtdmParams> = {
  name: 'ngtdm',
  title: 'Neighbourhood grey tone difference based features',
  ibsi: 'IPET',
  features: NGTDM_FEATURES,
  compute: computeNgtdm,
};
