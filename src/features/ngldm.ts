/**
 * Neighbouring grey level dependence based features (IBSI 1 manual, "Neighbouring grey level
 * dependence based features", REK0): 17 features of the NGLDM under the zone aggregations 2D, 2.5D
 * and 3D (see zones.ts), with a Chebyshev neighbourhood of distance delta (in-plane in 2D and 2.5D) and
 * coarseness alpha.
 *
 * IBSI definition (deviating from Sun and Wee): every ROI voxel k is the centre of a neighbourhood,
 * complete or not, and its dependence is j_k = 1 + the number of neighbours m within distance delta
 * that lie in the ROI intensity mask with |X_k - X_m| <= alpha. s_ij counts the voxels of grey level i
 * (the level value) and dependence j, so N_s = N_v and the dependence count percentage is 1. The
 * dependence axis holds the values of j that occur (at most (2 delta + 1)^3 in 3D).
 *
 * Cost: one pass over the ROI row spans for each of the ((2 delta + 1)^3 - 1) / 2 (3D) or
 * ((2 delta + 1)^2 - 1) / 2 (2D) neighbour offsets that come after a voxel; an Int32 per box voxel and
 * an Int32 pair per ROI voxel; the matrix is N_g x (distinct dependences) Float64 cells.
 */
import type { Vec3 } from '../image/volume.js';
import { MatrixScratch } from './matrixScratch.js';
import { roiRowSpans, sliceVoxelCounts } from './aggregate.js';
import { presentLevels, roiVoxelCount, type PresentLevels } from './levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import { boxOrSlice, checkNeighbourhood, countMatrixFeatures, countMatrixOf, countMatrixParts, zoneAggregatedValues, zoneAggregatedValuesInto, type CountMatrix, type CountMatrixStats, type MatrixEntries, type ZoneParts } from './zones.js';
import { featureComputes } from './evaluate.js';

export interface NgldmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Chebyshev distance delta of the neighbourhood. Default 1; the work grows as (2 delta + 1)^3. */
  readonly distance: number;
  /** Coarseness alpha: a neighbour is dependent when its grey level differs by at most alpha. Default 0. */
  readonly alpha: number;
  /** Largest single matrix in bytes (N_g x distinct dependences x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const NGLDM_DEFAULTS: NgldmParams = { aggregations: ['3D'], distance: 1, alpha: 0, maxMatrixBytes: 512 * 2 ** 20 };

/**
 * j_k - 1 for every voxel of the box: the number of ROI neighbours m of ROI voxel k within Chebyshev
 * distance `distance` (in-plane when threeD is false) with |X_k - X_m| <= alpha; 0 outside the ROI.
 * Neighbours outside the box are outside the ROI. The relation is symmetric, so each pair of voxels is
 * tested once, over the offsets that come after a voxel in box order, and counted at both ends: one
 * pass per such offset over the rows, each limited to the x where both voxels lie within the ROI spans
 * of their rows (no bounds test; two sequential streams). The test is computed without a branch (noisy
 * grey levels would mispredict it): about twice as fast in 3D as visiting every neighbour of each voxel.
 */
function dependenceCounts(levels: Int32Array, shape: Vec3, distance: number, alpha: number, threeD: boolean, scratch: MatrixScratch): Int32Array {
  const spans = roiRowSpans(levels, shape, scratch);
  const counts = scratch.int32('dependences', levels.length);
  // alpha = 0 (the default): |g - h| <= 0 is g === h, and with g > 0 that makes h > 0; one test less per pair.
  const exact = alpha === 0;
  // One call per offset, one per row: V8 compiles these small functions once, with feedback from every
  // offset, where loops here would make it compile this one on the fly (see fftSums in morphology/spatial.ts).
  // The offsets of forwardNeighbourhood(distance, threeD), in its order, without building the list (a
  // feature map calls this per kernel): dz > 0, or dz = 0 and dy > 0, or dz = dy = 0 and dx > 0.
  const zr = threeD ? distance : 0;
  for (let dz = 0; dz <= zr; dz++)
    for (let dy = dz > 0 ? -distance : 0; dy <= distance; dy++)
      for (let dx = dz > 0 || dy > 0 ? -distance : 1; dx <= distance; dx++) addOffsetDependences(counts, levels, spans, shape, dx, dy, dz, exact, alpha);
  return counts;
}

/** Adds the dependences of the voxel pairs (v, v + (dx, dy, dz)) to `counts`, row by row (see dependenceCounts). */
function addOffsetDependences(counts: Int32Array, levels: Int32Array, spans: Int32Array, shape: Vec3, dx: number, dy: number, dz: number, exact: boolean, alpha: number): void {
  const [nx, ny, nz] = shape;
  const step = dx + nx * (dy + ny * dz);
  // dz >= 0; rows (y, z) whose partner row (y + dy, z + dz) is in the box.
  for (let z = 0; z < nz - dz; z++) {
    for (let y = Math.max(0, -dy); y < Math.min(ny, ny - dy); y++) {
      const r = y + ny * z;
      const p = r + dy + ny * dz;
      const from = Math.max(spans[2 * r], spans[2 * p] - dx);
      const to = Math.min(spans[2 * r + 1], spans[2 * p + 1] - dx);
      addDependences(counts, levels, nx * r + from, nx * r + to, step, exact, alpha);
    }
  }
}

/** Adds 1 to counts[k] and counts[k + step] for each k of [from, to) where voxels k and k + step are dependent. */
function addDependences(counts: Int32Array, levels: Int32Array, from: number, to: number, step: number, exact: boolean, alpha: number): void {
  for (let k = from; k < to; k++) {
    const g = levels[k];
    const h = levels[k + step];
    // 1 when both are ROI voxels with |g - h| <= alpha: bitwise & of 0/1 values, no branch.
    const dependent = exact ? +(g > 0) & +(g === h) : +(g > 0) & +(h > 0) & +(Math.abs(g - h) <= alpha);
    counts[k] += dependent;
    counts[k + step] += dependent;
  }
}

/**
 * One entry per ROI voxel, in box order: grey level rank and dependence j_k (Chebyshev distance
 * `distance`, in-plane when threeD is false; neighbours outside the box are outside the ROI); in 2D
 * grouped by slice.
 */
export function ngldmEntries(levels: Int32Array, shape: Vec3, distance: number, alpha: number, threeD: boolean, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): MatrixEntries {
  const plane = shape[0] * shape[1];
  const nz = shape[2];
  const counts = dependenceCounts(levels, shape, distance, alpha, threeD, scratch);
  // The loops over the box in helpers, for V8 (see addDependences).
  const roi = roiVoxelCount(levels);
  const rank = scratch.int32('entryRank', roi);
  const value = scratch.int32('entryValue', roi);
  const sliceStart = threeD ? null : new Int32Array(nz + 1);
  let e = 0;
  for (let z = 0; z < nz; z++) {
    if (sliceStart !== null) sliceStart[z] = e;
    e = addSliceEntries(levels, z * plane, (z + 1) * plane, counts, present.rankOf, rank, value, e);
  }
  if (sliceStart !== null) sliceStart[nz] = e;
  return { count: roi, rank, value, sliceStart };
}

/**
 * Entries of the ROI voxels k of [from, to) from entry e on: rank[e] = rankOf[level], value[e] = counts[k] + 1.
 * Returns the next entry.
 */
function addSliceEntries(levels: Int32Array, from: number, to: number, counts: Int32Array, rankOf: Int32Array, rank: Int32Array, value: Int32Array, e: number): number {
  for (let k = from; k < to; k++) {
    const g = levels[k];
    if (g <= 0) continue;
    rank[e] = rankOf[g];
    value[e] = counts[k] + 1;
    e++;
  }
  return e;
}

/**
 * The NGLDM of the box: the 3D matrix, or with the in-plane neighbourhood (threeD false) the sum of the
 * slice matrices (the 2.5D matrix). With `zSlice`, the 2D matrix of that slice alone (voxels of other
 * slices count as outside the ROI).
 */
export function buildNgldm(
  levels: Int32Array,
  shape: Vec3,
  distance: number,
  alpha: number,
  threeD: boolean,
  present: PresentLevels,
  zSlice?: number,
  maxMatrixBytes = NGLDM_DEFAULTS.maxMatrixBytes,
): CountMatrix {
  checkNeighbourhood('ngldm', distance, alpha);
  const box = boxOrSlice(shape, zSlice);
  const entries = ngldmEntries(levels.subarray(box.from, box.to), box.shape, distance, alpha, threeD, present);
  return countMatrixOf(entries, present, entries.count, 'ngldm', maxMatrixBytes);
}

const EMPTY = 'the ROI is empty';

export const NGLDM_FEATURES = {
  ...countMatrixFeatures(
    { count: 's', columns: 'N_n' },
    {
      lowDependenceEmphasis: { formula: 'lowJEmphasis', name: 'Low dependence emphasis', ibsi: 'SODN' },
      highDependenceEmphasis: { formula: 'highJEmphasis', name: 'High dependence emphasis', ibsi: 'IMOQ' },
      lowGreyLevelCountEmphasis: { formula: 'lowGreyLevelEmphasis', name: 'Low grey level count emphasis', ibsi: 'TL9H' },
      highGreyLevelCountEmphasis: { formula: 'highGreyLevelEmphasis', name: 'High grey level count emphasis', ibsi: 'OAE7' },
      lowDependenceLowGreyLevelEmphasis: { formula: 'lowJLowGreyLevelEmphasis', name: 'Low dependence low grey level emphasis', ibsi: 'EQ3F' },
      lowDependenceHighGreyLevelEmphasis: { formula: 'lowJHighGreyLevelEmphasis', name: 'Low dependence high grey level emphasis', ibsi: 'JA6D' },
      highDependenceLowGreyLevelEmphasis: { formula: 'highJLowGreyLevelEmphasis', name: 'High dependence low grey level emphasis', ibsi: 'NBZI' },
      highDependenceHighGreyLevelEmphasis: { formula: 'highJHighGreyLevelEmphasis', name: 'High dependence high grey level emphasis', ibsi: '9QMG' },
      greyLevelNonUniformity: { formula: 'greyLevelNonUniformity', name: 'Grey level non-uniformity', ibsi: 'FP8K' },
      normalisedGreyLevelNonUniformity: {
        formula: 'normalisedGreyLevelNonUniformity',
        name: 'Normalised grey level non-uniformity',
        ibsi: '5SPA',
        note: 'From the 3D matrix it equals the intensity histogram uniformity.',
      },
      dependenceCountNonUniformity: { formula: 'jNonUniformity', name: 'Dependence count non-uniformity', ibsi: 'Z87G' },
      normalisedDependenceCountNonUniformity: { formula: 'normalisedJNonUniformity', name: 'Normalised dependence count non-uniformity', ibsi: 'OKJI' },
      dependenceCountPercentage: {
        formula: 'percentage',
        name: 'Dependence count percentage',
        ibsi: '6XV8',
        note: 'Always 1 under the IBSI definition (every ROI voxel is a neighbourhood centre).',
      },
      greyLevelVariance: { formula: 'greyLevelVariance', name: 'Grey level variance', ibsi: '1PFV' },
      dependenceCountVariance: { formula: 'jVariance', name: 'Dependence count variance', ibsi: 'DNX2' },
      dependenceCountEntropy: { formula: 'jEntropy', name: 'Dependence count entropy', ibsi: 'FCBV' },
    },
  ),
  dependenceCountEnergy: { name: 'Dependence count energy', ibsi: 'CAS9', formula: String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{N_n} p_{ij}^2`, compute: (s) => s.energy },
} as const satisfies FeatureTable<CountMatrixStats>;

function computeNgldm(input: FamilyInput, params: NgldmParams): FamilyOutput {
  const warnings: Warning[] = [];
  const values = ngldmParts(input, params).flatMap((agg) => zoneAggregatedValues('ngldm', NGLDM_FEATURES, agg, params.distance, warnings, EMPTY));
  return { values, warnings };
}

/** The compute functions of NGLDM_FEATURES in table order (featureComputes), for ngldmValuesInto. */
const NGLDM_COMPUTES = featureComputes(NGLDM_FEATURES);

/**
 * computeNgldm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeNgldm's values, NaN where those are null, the same bits otherwise. Returns their number.
 */
export function ngldmValuesInto(input: FamilyInput, params: NgldmParams, out: Float64Array): number {
  let at = 0;
  for (const agg of ngldmParts(input, params)) at = zoneAggregatedValuesInto(NGLDM_COMPUTES, agg, out, at);
  return at;
}

/** The statistics of the matrices of each aggregation method (countMatrixParts). */
function ngldmParts(input: FamilyInput, params: NgldmParams): ZoneParts<CountMatrixStats>[] {
  const { levels, boxShape } = input;
  const { distance, alpha } = params;
  checkNeighbourhood('ngldm', distance, alpha);
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  return countMatrixParts(
    params.aggregations,
    (threeD) => ngldmEntries(levels, boxShape, distance, alpha, threeD, present, scratch),
    present,
    sliceVoxelCounts(levels, boxShape, scratch),
    'ngldm',
    params.maxMatrixBytes,
    scratch,
  );
}

export const ngldmFamily: FamilyDefinition<CountMatrixStats, NgldmParams> = {
  name: 'ngldm',
  title: 'Neighbouring grey level dependence based features',
  ibsi: 'REK0',
  features: NGLDM_FEATURES,
  compute: computeNgldm,
};
