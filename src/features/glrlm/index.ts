/**
 * Grey level run length based features (IBSI 1 manual, "Grey level run length based features", TP0I):
 * 16 features of the GLRLM, under any of the six IBSI matrix aggregations (see ../aggregate.ts).
 * Matrix (matrix.ts), then statistics once per matrix (stats.ts), then each feature a one-liner.
 * i in the formulas is the grey level (value), not the matrix rank; j is the run length.
 *
 * Run percentage divides by N_v, the ROI voxels behind the matrix; for a merged matrix N_v is
 * summed over the merged matrices, as the manual prescribes: 4 x (slice voxels) for 2D_slice_merged,
 * the ROI voxels for 2.5D_direction_merged, 4 x (ROI voxels) for 2.5D_merged, 13 x (ROI voxels) for
 * 3D_merged.
 *
 * Cost: N_g x N_r Float64 cells per matrix (N_r the largest box dimension; at most 7 alive at once);
 * one pass over the box per direction (each voxel is read once per direction).
 */
import { aggregatedValues, aggregatedValuesInto, aggregateDirectional, only3DAggregations, sliceVoxelCounts, type AggregatedParts, type DirectionalMatrixSpec } from '../aggregate.js';
import { evaluateInto, featureComputes } from '../evaluate.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from '../directions.js';
import { assertMatrixFits, presentLevels, rankLevels } from '../levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, MatrixAggregation, Warning } from '../types.js';
import { accumulateGlrlm, maxRunLength, type GlrlmMatrix } from './matrix.js';
import { emptyGlrlmStats, glrlmStats, glrlmStatsInto, type GlrlmStats } from './stats.js';
import { MatrixScratch } from '../matrixScratch.js';
import { glrlmDirectionWeight, type WeightingNormName } from '../../compat/directionWeights.js';
import type { Writable } from '../../util/writable.js';
import type { Vec3 } from '../../image/volume.js';
import { clearLongRuns, countBoxRuns, emptyBoxRuns, fillDirection, mergeRuns, MAX_LINKED_BOX_VOXELS, runLinks, type BoxRuns, type RunLinks } from './regionRuns.js';

export { accumulateGlrlm, buildGlrlm, maxRunLength, type GlrlmMatrix } from './matrix.js';
export { glrlmStats, type GlrlmStats } from './stats.js';

export interface GlrlmParams {
  /** IBSI aggregation methods to compute. Default ['3D_average', '3D_merged']; 2D methods add a matrix per slice and direction. */
  readonly aggregations: readonly MatrixAggregation[];
  /** Largest single matrix in bytes (N_g x N_r x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** PyRadiomics' weightingNorm (compat pyradiomics): merged matrices sum ||d|| M_d (src/compat/directionWeights.ts); null or absent: plain sum. */
  readonly weightingNorm?: WeightingNormName | null;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const GLRLM_DEFAULTS: GlrlmParams = { aggregations: ['3D_average', '3D_merged'], maxMatrixBytes: 512 * 2 ** 20 };

export const GLRLM_FEATURES = {
  shortRunsEmphasis: { name: 'Short runs emphasis', ibsi: '22OV', formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_r} \frac{r_{.j}}{j^2}`, compute: (s) => s.shortRuns / s.runs },
  longRunsEmphasis: { name: 'Long runs emphasis', ibsi: 'W4KF', formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_r} j^2 r_{.j}`, compute: (s) => s.longRuns / s.runs },
  lowGreyLevelRunEmphasis: { name: 'Low grey level run emphasis', ibsi: 'V3SW', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \frac{r_{i.}}{i^2}`, compute: (s) => s.lowGrey / s.runs },
  highGreyLevelRunEmphasis: { name: 'High grey level run emphasis', ibsi: 'G3QZ', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} i^2 r_{i.}`, compute: (s) => s.highGrey / s.runs },
  shortRunLowGreyLevelEmphasis: {
    name: 'Short run low grey level emphasis',
    ibsi: 'HTZT',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} \frac{r_{ij}}{i^2 j^2}`,
    compute: (s) => s.shortLow / s.runs,
  },
  shortRunHighGreyLevelEmphasis: {
    name: 'Short run high grey level emphasis',
    ibsi: 'GD3A',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} \frac{i^2 r_{ij}}{j^2}`,
    compute: (s) => s.shortHigh / s.runs,
  },
  longRunLowGreyLevelEmphasis: {
    name: 'Long run low grey level emphasis',
    ibsi: 'IVPO',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} \frac{j^2 r_{ij}}{i^2}`,
    compute: (s) => s.longLow / s.runs,
  },
  longRunHighGreyLevelEmphasis: {
    name: 'Long run high grey level emphasis',
    ibsi: '3KUM',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} i^2 j^2 r_{ij}`,
    compute: (s) => s.longHigh / s.runs,
  },
  greyLevelNonUniformity: { name: 'Grey level non-uniformity', ibsi: 'R5YN', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} r_{i.}^2`, compute: (s) => s.greyNonUniformity / s.runs },
  normalisedGreyLevelNonUniformity: {
    name: 'Normalised grey level non-uniformity',
    ibsi: 'OVBL',
    formula: String.raw`\frac{1}{N_s^2} \sum_{i=1}^{N_g} r_{i.}^2`,
    compute: (s) => s.greyNonUniformity / (s.runs * s.runs),
  },
  runLengthNonUniformity: { name: 'Run length non-uniformity', ibsi: 'W92Y', formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_r} r_{.j}^2`, compute: (s) => s.runNonUniformity / s.runs },
  normalisedRunLengthNonUniformity: {
    name: 'Normalised run length non-uniformity',
    ibsi: 'IC23',
    formula: String.raw`\frac{1}{N_s^2} \sum_{j=1}^{N_r} r_{.j}^2`,
    compute: (s) => s.runNonUniformity / (s.runs * s.runs),
  },
  runPercentage: {
    name: 'Run percentage',
    ibsi: '9ZK5',
    formula: String.raw`\frac{N_s}{N_v}`,
    note: 'For a merged matrix N_v is the sum of the voxel counts of the merged matrices (e.g. 13 N_v for 3D_merged), as the manual prescribes.',
    compute: (s) => s.runs / s.voxels,
  },
  greyLevelVariance: {
    name: 'Grey level variance',
    ibsi: '8CE5',
    formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_r} (i-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} i\, p_{ij}`,
    compute: (s) => s.greyVariance,
  },
  runLengthVariance: {
    name: 'Run length variance',
    ibsi: 'SXLW',
    formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_r} (j-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g}\sum_{j=1}^{N_r} j\, p_{ij}`,
    compute: (s) => s.runVariance,
  },
  runEntropy: { name: 'Run entropy', ibsi: 'HJ9O', formula: String.raw`-\sum_{i=1}^{N_g}\sum_{j=1}^{N_r} p_{ij} \log_2 p_{ij}`, compute: (s) => s.entropy },
} as const satisfies FeatureTable<GlrlmStats>;

function computeGlrlm(input: FamilyInput, params: GlrlmParams): FamilyOutput {
  const warnings: Warning[] = [];
  const values = glrlmParts(input, params).flatMap((agg) => aggregatedValues('glrlm', GLRLM_FEATURES, agg, undefined, warnings));
  return { values, warnings };
}

/** The compute functions of GLRLM_FEATURES in table order (featureComputes), for glrlmValuesInto; frozen, so that V8 may read them as constants (addFeatureValues). */
const GLRLM_COMPUTES = Object.freeze(featureComputes(GLRLM_FEATURES));

/**
 * computeGlrlm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeGlrlm's values, NaN where those are null, the same bits otherwise
 * (aggregatedValuesInto). Returns the number of values. With 3D methods only (feature maps' usual
 * case) glrlm3DValuesInto; else through glrlmParts.
 */
export function glrlmValuesInto(input: FamilyInput, params: GlrlmParams, out: Float64Array): number {
  if (only3DAggregations(params.aggregations)) return glrlm3DValuesInto(input, params, out);
  let at = 0;
  for (const agg of glrlmParts(input, params)) at = aggregatedValuesInto(GLRLM_COMPUTES, agg, out, at);
  return at;
}

/**
 * glrlmValuesInto for 3D_average and 3D_merged only, without aggregateDirectional's parts: one statistics
 * record reused for the 13 direction matrices, each direction's features added to the averages as it
 * comes. The same numbers in the same order as aggregateDirectional and averageInto / evaluateInto: per
 * feature, the sum of its finite values in direction order divided by their count (NaN when none); the
 * merged matrix the sum of w_d M_d in direction order, behind (sum of w_d) N_v voxels. So the same bits.
 */
function glrlm3DValuesInto(input: FamilyInput, params: GlrlmParams, out: Float64Array, links?: RunLinks): number {
  const { levels, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  const rows = present.values.length;
  const maxRun = maxRunLength(boxShape);
  assertMatrixFits('glrlm', rows, maxRun, 8, params.maxMatrixBytes);
  const ranks = rankLevels(levels, present, scratch);
  const features = GLRLM_COMPUTES.length;
  // Where each method's values go: its place among the aggregations, repeats dropped (aggregateDirectional's order).
  const averageIndex = params.aggregations.indexOf('3D_average');
  const mergedIndex = params.aggregations.indexOf('3D_merged');
  const averageAt = averageIndex < 0 ? -1 : features * +(mergedIndex >= 0 && mergedIndex < averageIndex);
  const mergedAt = mergedIndex < 0 ? -1 : features * +(averageIndex >= 0 && averageIndex < mergedIndex);
  const norm = params.weightingNorm ?? null;
  const cells = rows * maxRun;
  const matrix = scratch.float64('matrix', cells);
  const merged = mergedAt < 0 ? null : scratch.float64('merged', cells);
  const finite = averageAt < 0 ? null : scratch.int32('finiteCounts', features);
  if (averageAt >= 0) out.fill(0, averageAt, averageAt + features);
  const stats = kernelStats;
  const directionMatrix = kernelMatrix;
  directionMatrix.counts = matrix;
  directionMatrix.levels = rows;
  directionMatrix.maxRun = maxRun;
  const voxelsOfRank = rankVoxelCounts(ranks, rows);
  // N_v: the ROI voxels of the box, which every direction's pass counts (accumulateGlrlm returns them).
  let boxVoxels = 0;
  let weightSum = 0;
  // With the grid's run links (regionGlrlmValuesInto), a small box's runs are counted once for all directions.
  const runs = links !== undefined && levels.length <= MAX_LINKED_BOX_VOXELS ? kernelRuns : null;
  if (runs !== null) boxVoxels = countBoxRuns(links as RunLinks, input.boxOffset, boxShape, ranks, rows, maxRun, runs);
  // Counted runs, without weights: the merged matrix from the counts at once (mergeRuns), not by 13 sums of
  // matrices; each direction's matrix written over the last one's (fillDirection, clearLongRuns), not zeroed.
  const mergeCounts = runs !== null && norm === null;
  for (let d = 0; d < DIRECTIONS_3D.length; d++) {
    const direction = DIRECTIONS_3D[d];
    if (runs !== null) fillDirection(runs, d, rows, maxRun, matrix);
    else {
      matrix.fill(0);
      boxVoxels = accumulateGlrlm(matrix, maxRun, ranks, boxShape, direction, 0, boxShape[2]);
    }
    directionMatrix.voxels = boxVoxels;
    if (finite !== null && glrlmStatsInto(directionMatrix, present, scratch, stats, voxelsOfRank)) {
      addFeatureValues(stats, out, averageAt, finite);
    }
    if (mergeCounts) weightSum += 1;
    else if (merged !== null) {
      const w = norm === null ? 1 : glrlmDirectionWeight(direction, input.spacing, norm);
      weightSum += w;
      if (w === 1) for (let c = 0; c < cells; c++) merged[c] += matrix[c];
      else for (let c = 0; c < cells; c++) merged[c] += w * matrix[c];
    }
    if (runs !== null) clearLongRuns(runs, d, matrix);
  }
  if (mergeCounts && merged !== null) mergeRuns(runs, rows, maxRun, merged);
  // Each mean divided in place, or NaN stored: as `finite[f] > 0 ? sum / finite[f] : NaN` the quotient met
  // the NaN constant and V8 made a heap number of each (16 per kernel).
  if (finite !== null)
    for (let f = 0; f < features; f++) {
      if (finite[f] > 0) out[averageAt + f] /= finite[f];
      else out[averageAt + f] = NaN;
    }
  if (merged !== null) {
    directionMatrix.counts = merged;
    directionMatrix.voxels = weightSum * boxVoxels;
    if (glrlmStatsInto(directionMatrix, present, scratch, stats)) evaluateInto(GLRLM_COMPUTES, stats, out, mergedAt);
    else out.fill(NaN, mergedAt, mergedAt + features);
  }
  return features * (+(averageAt >= 0) + +(mergedAt >= 0));
}

/** glrlm3DValuesInto's box runs (countBoxRuns), one for all calls: filled anew by each call before being read. */
const kernelRuns: BoxRuns = emptyBoxRuns();

/**
 * glrlmValuesInto for the boxes (kernels) of one grid of grey levels (feature maps): `levels` over `shape`,
 * whose box at `offset` in the image grid holds it; each kernel's FamilyInput must be a box of it (its
 * boxOffset in the image grid, its levels the grid's there). The same-level neighbours along the 13
 * directions are found once for the grid (runLinks); a box of at most MAX_LINKED_BOX_VOXELS voxels then
 * counts its runs from those links (countBoxRuns), larger ones walk their lines (accumulateGlrlm): the same
 * matrices, so the same values, bit for bit. Null unless only 3D methods are asked for: glrlmValuesInto then.
 */
export function regionGlrlmValuesInto(levels: Int32Array, shape: Vec3, offset: Vec3, params: GlrlmParams): ((input: FamilyInput, params: GlrlmParams, out: Float64Array) => number) | null {
  if (!only3DAggregations(params.aggregations)) return null;
  const links = runLinks(levels, shape, offset);
  return (input, p, out) => glrlm3DValuesInto(input, p, out, links);
}

/**
 * The ROI voxels of each grey level from the ranks (1 + rank, 0 outside the ROI): of rank a at a + 1
 * (glrlmStatsInto's rankVoxels). Valid until the next call (one array kept, grown as needed).
 */
function rankVoxelCounts(ranks: Int32Array, rows: number): Int32Array {
  if (rankVoxelBuffer.length <= rows) rankVoxelBuffer = new Int32Array(2 * (rows + 1));
  const counts = rankVoxelBuffer;
  counts.fill(0, 0, rows + 1);
  for (let k = 0; k < ranks.length; k++) counts[ranks[k]]++;
  return counts;
}
let rankVoxelBuffer = new Int32Array(64);

/**
 * glrlm3DValuesInto's statistics record and matrix, one for all calls (a kernel of a feature map made a
 * record of 15 numbers and two matrix objects); filled anew by each call before being read, so no call
 * sees another's values. The fields are doubles from the start (NaN), so that writing one stores into it.
 */
const kernelStats = emptyGlrlmStats();
const kernelMatrix: Writable<GlrlmMatrix> = { counts: new Float64Array(0), levels: 0, maxRun: 0, voxels: NaN };

/**
 * Adds each finite GLRLM feature value of `s` to sums[at + f] and counts it in finite[f], for f in table
 * order. One call site per feature, by constant index into the frozen GLRLM_COMPUTES: V8 then knows each
 * target and inlines it, where a loop's one call site sees all 16 (not inlined, and each result boxed as
 * a heap number: 208 per kernel of a feature map). The values go to an array first and are added by a
 * loop: with an adding helper per site, V8's inlining budget left two of the 16 helpers as calls, and
 * their arguments boxed. test/features/glrlm.valuesInto.unit.test.ts fails if the table's features and
 * these 16 ever part.
 */
function addFeatureValues(s: GlrlmStats, sums: Float64Array, at: number, finite: Int32Array): void {
  const C = GLRLM_COMPUTES;
  const v = featureValues;
  v[0] = C[0](s);
  v[1] = C[1](s);
  v[2] = C[2](s);
  v[3] = C[3](s);
  v[4] = C[4](s);
  v[5] = C[5](s);
  v[6] = C[6](s);
  v[7] = C[7](s);
  v[8] = C[8](s);
  v[9] = C[9](s);
  v[10] = C[10](s);
  v[11] = C[11](s);
  v[12] = C[12](s);
  v[13] = C[13](s);
  v[14] = C[14](s);
  v[15] = C[15](s);
  for (let f = 0; f < 16; f++) {
    const x = v[f];
    if (Number.isFinite(x)) {
      sums[at + f] += x;
      finite[f]++;
    }
  }
}
/** addFeatureValues' values of one matrix. */
const featureValues = new Float64Array(16);

/** The statistics of every matrix of each aggregation method (aggregateDirectional). */
function glrlmParts(input: FamilyInput, params: GlrlmParams): AggregatedParts<GlrlmStats>[] {
  const { levels, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  const rows = present.values.length;
  const maxRun = maxRunLength(boxShape);
  assertMatrixFits('glrlm', rows, maxRun, 8, params.maxMatrixBytes);
  const ranks = rankLevels(levels, present, scratch);
  const spec: DirectionalMatrixSpec<GlrlmStats> = {
    cells: rows * maxRun,
    accumulate: (out, direction, z0, z1) => {
      accumulateGlrlm(out, maxRun, ranks, boxShape, direction, z0, z1);
    },
    stats: (counts, voxels) => glrlmStats({ counts, levels: rows, maxRun, voxels }, present, scratch),
  };
  const norm = params.weightingNorm ?? null;
  const weights = norm === null ? undefined : { weights2D: DIRECTIONS_2D.map((dir) => glrlmDirectionWeight(dir, input.spacing, norm)), weights3D: DIRECTIONS_3D.map((dir) => glrlmDirectionWeight(dir, input.spacing, norm)) };
  return aggregateDirectional(spec, params.aggregations, sliceVoxelCounts(levels, boxShape, scratch), DIRECTIONS_2D, DIRECTIONS_3D, weights, scratch);
}

export const glrlmFamily: FamilyDefinition<GlrlmStats, GlrlmParams> = {
  name: 'glrlm',
  title: 'Grey level run length based features',
  ibsi: 'TP0I',
  features: GLRLM_FEATURES,
  compute: computeGlrlm,
};
