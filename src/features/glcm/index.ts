/**
 * Grey level co-occurrence based features (IBSI 1 manual, "Grey level co-occurrence based features",
 * LFYI): 25 features of the symmetric GLCM at Chebyshev distance delta, under any of the six IBSI
 * matrix aggregations (see ../aggregate.ts). Matrix (matrix.ts), then statistics once per matrix
 * (stats.ts), then each feature a one-liner over the statistics. i and j in the formulas are grey
 * levels (values), not matrix ranks.
 *
 * Cost: N_g x N_g Float64 cells per matrix (at most 7 alive at once); an Int32 grey level rank per box
 * voxel; one pass over the ROI row spans per direction (4 in-plane for the 2D/2.5D methods, 13 for the
 * 3D ones), O(N_g^2) per pass and per statistics object.
 */
import { RadiomicsError } from '../../errors.js';
import type { Vec3 } from '../../image/volume.js';
import { aggregatedValues, aggregatedValuesInto, aggregateDirectional, only3DAggregations, type AggregatedParts, scaleDirection, sliceVoxelCounts, type DirectionalMatrixSpec } from '../aggregate.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from '../directions.js';
import { assertMatrixFits, presentLevels } from '../levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, MatrixAggregation, Warning } from '../types.js';
import { accumulateGlcm, cellBitWords, rankedBox } from './matrix.js';
import { featureComputes, featuresFor } from '../evaluate.js';
import { MatrixScratch } from '../matrixScratch.js';
import { maximalCorrelationCoefficient, symmetricGlcmMcc } from '../../compat/mcc.js';
import type { CompatMode } from '../../compat/modes.js';
import { emptyGlcmStats, glcmStats, glcmStatsInto, lastGlcmMcc, type GlcmStats } from './stats.js';
import { asymmetricGlcmStats } from './asymmetric.js';
import { glcmDirectionWeight, pyradiomicsOffsets, type WeightingNormName } from '../../compat/directionWeights.js';

export { accumulateGlcm, buildGlcm, rankedBox, type GlcmMatrix, type RankedBox } from './matrix.js';
export { glcmStats, type GlcmStats } from './stats.js';

export interface GlcmParams {
  /** IBSI aggregation methods to compute. Default ['3D_average', '3D_merged']; 2D methods add a matrix per slice and direction. */
  readonly aggregations: readonly MatrixAggregation[];
  /** Chebyshev distance delta (voxels): offsets are delta times the unit directions. Default 1. */
  readonly distance: number;
  /** Largest single matrix in bytes (N_g^2 x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Compatibility mode: pyradiomics adds PyRadiomics' MCC (src/compat/). Default ibsi. */
  readonly compat?: CompatMode;
  /** PyRadiomics' distances (src/compat/directionWeights.ts): every offset at these Chebyshev distances; null or absent: IBSI offsets. */
  readonly pyradiomicsDistances?: readonly number[] | null;
  /** false: PyRadiomics' asymmetric matrices (symmetricalGLCM false). Default true. */
  readonly symmetric?: boolean;
  /** PyRadiomics' weightingNorm for the merged aggregations; null or absent: plain sum. */
  readonly weightingNorm?: WeightingNormName | null;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const GLCM_DEFAULTS: GlcmParams = { aggregations: ['3D_average', '3D_merged'], distance: 1, maxMatrixBytes: 512 * 2 ** 20 };

const NG_NOTE =
  'N_g is the number of discretisation bins (highest possible grey level), not the number of levels present as the manual text says: the manual reference values need the former.';
const SINGLE_LEVEL = 'the matrix holds a single grey level, so the marginal variance (sigma^2) is 0';

export const GLCM_FEATURES = {
  jointMaximum: { name: 'Joint maximum', ibsi: 'GYBY', formula: String.raw`\max_{i,j} p_{ij}`, compute: (s) => s.pMax },
  jointAverage: { name: 'Joint average', ibsi: '60VM', formula: String.raw`\mu = \sum_{i=1}^{N_g}\sum_{j=1}^{N_g} i\, p_{ij}`, compute: (s) => s.mean },
  jointVariance: { name: 'Joint variance', ibsi: 'UR99', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i-\mu)^2 p_{ij}`, compute: (s) => s.variance },
  jointEntropy: { name: 'Joint entropy', ibsi: 'TU9B', formula: String.raw`-\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} p_{ij} \log_2 p_{ij}`, compute: (s) => s.hxy },
  differenceAverage: { name: 'Difference average', ibsi: 'TF7R', formula: String.raw`\mu_{i-j} = \sum_{k=0}^{N_g-1} k\, p_{i-j,k}`, note: 'Equal to dissimilarity (8S9J).', compute: (s) => s.diffMean },
  differenceVariance: { name: 'Difference variance', ibsi: 'D3YU', formula: String.raw`\sum_{k=0}^{N_g-1} (k-\mu_{i-j})^2 p_{i-j,k}`, compute: (s) => s.diffVariance },
  differenceEntropy: { name: 'Difference entropy', ibsi: 'NTRS', formula: String.raw`-\sum_{k=0}^{N_g-1} p_{i-j,k} \log_2 p_{i-j,k}`, compute: (s) => s.diffEntropy },
  sumAverage: { name: 'Sum average', ibsi: 'ZGXS', formula: String.raw`\mu_{i+j} = \sum_{k=2}^{2N_g} k\, p_{i+j,k}`, note: 'Equal to twice the joint average.', compute: (s) => s.sumMean },
  sumVariance: { name: 'Sum variance', ibsi: 'OEEB', formula: String.raw`\sum_{k=2}^{2N_g} (k-\mu_{i+j})^2 p_{i+j,k}`, note: 'Equal to cluster tendency (DG8W).', compute: (s) => s.sumVariance },
  sumEntropy: { name: 'Sum entropy', ibsi: 'P6QZ', formula: String.raw`-\sum_{k=2}^{2N_g} p_{i+j,k} \log_2 p_{i+j,k}`, compute: (s) => s.sumEntropy },
  angularSecondMoment: { name: 'Angular second moment', ibsi: '8ZQL', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} p_{ij}^2`, note: 'Also called energy or uniformity.', compute: (s) => s.energy },
  contrast: { name: 'Contrast', ibsi: 'ACUI', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i-j)^2 p_{ij}`, compute: (s) => s.diffM2 },
  dissimilarity: { name: 'Dissimilarity', ibsi: '8S9J', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} |i-j|\, p_{ij}`, note: 'Equal to difference average (TF7R).', compute: (s) => s.diffMean },
  inverseDifference: { name: 'Inverse difference', ibsi: 'IB1Z', formula: String.raw`\sum_{k=0}^{N_g-1} \frac{p_{i-j,k}}{1+k}`, compute: (s) => s.invDiff },
  normalisedInverseDifference: {
    name: 'Normalised inverse difference',
    ibsi: 'NDRX',
    formula: String.raw`\sum_{k=0}^{N_g-1} \frac{p_{i-j,k}}{1+k/N_g}`,
    note: NG_NOTE,
    compute: (s) => s.invDiffNorm,
  },
  inverseDifferenceMoment: { name: 'Inverse difference moment', ibsi: 'WF0Z', formula: String.raw`\sum_{k=0}^{N_g-1} \frac{p_{i-j,k}}{1+k^2}`, note: 'Also called homogeneity.', compute: (s) => s.invDiffMoment },
  normalisedInverseDifferenceMoment: {
    name: 'Normalised inverse difference moment',
    ibsi: '1QCO',
    formula: String.raw`\sum_{k=0}^{N_g-1} \frac{p_{i-j,k}}{1+(k/N_g)^2}`,
    note: NG_NOTE,
    compute: (s) => s.invDiffMomentNorm,
  },
  inverseVariance: {
    name: 'Inverse variance',
    ibsi: 'E8JP',
    formula: String.raw`\sum_{k=1}^{N_g-1} \frac{p_{i-j,k}}{k^2}`,
    note: 'A single grey level gives 0 (the sum over k >= 1 is empty), as in PyRadiomics.',
    compute: (s) => s.invVariance,
  },
  correlation: {
    name: 'Correlation',
    ibsi: 'NI2N',
    formula: String.raw`\frac{1}{\sigma_{i.}^2} \sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i-\mu_{i.})(j-\mu_{i.})\, p_{ij}`,
    undefinedWhen: SINGLE_LEVEL,
    note: 'Null when undefined; PyRadiomics reports 1 for a single grey level instead.',
    compute: (s) => s.covariance / s.variance,
  },
  autocorrelation: { name: 'Autocorrelation', ibsi: 'QWB0', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} i\, j\, p_{ij}`, compute: (s) => s.autocorrelation },
  clusterTendency: { name: 'Cluster tendency', ibsi: 'DG8W', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i+j-2\mu_{i.})^2 p_{ij}`, note: 'Equal to sum variance (OEEB).', compute: (s) => s.clusterM2 },
  clusterShade: { name: 'Cluster shade', ibsi: '7NFM', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i+j-2\mu_{i.})^3 p_{ij}`, compute: (s) => s.clusterM3 },
  clusterProminence: { name: 'Cluster prominence', ibsi: 'AE86', formula: String.raw`\sum_{i=1}^{N_g}\sum_{j=1}^{N_g} (i+j-2\mu_{i.})^4 p_{ij}`, compute: (s) => s.clusterM4 },
  informationCorrelation1: {
    name: 'Information correlation 1',
    ibsi: 'R8DG',
    formula: String.raw`\frac{HXY - HXY_1}{HX}`,
    undefinedWhen: 'the matrix holds a single grey level, so the marginal entropy HX is 0',
    note: 'Null when undefined; PyRadiomics reports 0 for a single grey level instead.',
    compute: (s) => (s.hxy - s.hxy1) / s.hx,
  },
  informationCorrelation2: {
    name: 'Information correlation 2',
    ibsi: 'JN9H',
    formula: String.raw`\sqrt{1-\exp\left(-2\left(HXY_2-HXY\right)\right)}`,
    note: 'As in the manual, exp is base e although the entropies are base 2. HXY_2 >= HXY in exact arithmetic; a rounding-negative argument of the root is taken as 0.',
    compute: (s) => Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (s.hxy2 - s.hxy)))),
  },
  correlationPyradiomics: {
    name: 'Correlation (PyRadiomics)',
    ibsi: null,
    noIbsiReason: "PyRadiomics' correlation (deviation flatRegionValues): IBSI's NI2N (glcm.correlation) is undefined for a single grey level, PyRadiomics gives 1 there.",
    compat: 'pyradiomics',
    formula: String.raw`\frac{1}{\sigma_{i.}^2} \sum_{i,j} (i-\mu_{i.})(j-\mu_{i.})\, p_{ij},\ 1 \text{ when } \sigma_{i.} = 0`,
    compute: (s) => (s.variance === 0 ? 1 : s.covariance / s.variance),
  },
  informationCorrelation1Pyradiomics: {
    name: 'Information correlation 1 (PyRadiomics)',
    ibsi: null,
    noIbsiReason: "PyRadiomics' Imc1 (deviation flatRegionValues): IBSI's R8DG (glcm.informationCorrelation1) is undefined when HX = 0, PyRadiomics gives 0 there.",
    compat: 'pyradiomics',
    formula: String.raw`\frac{HXY - HXY_1}{HX},\ 0 \text{ when } HX = 0`,
    compute: (s) => (s.hx === 0 ? 0 : (s.hxy - s.hxy1) / s.hx),
  },
  maximalCorrelationCoefficient: {
    name: 'Maximal correlation coefficient (PyRadiomics)',
    ibsi: null,
    noIbsiReason: 'A PyRadiomics feature (deviation maximalCorrelationCoefficient); IBSI does not define it.',
    compat: 'pyradiomics',
    formula: String.raw`\sqrt{\lambda_2(Q)},\ Q_{ij} = \sum_{k} \frac{p_{ik}\, p_{jk}}{p_{i.}\, p_{.k}}`,
    note: 'Over the grey levels present in the ROI; 1 for a matrix of one grey level (as PyRadiomics).',
    compute: (s) => s.mcc,
  },
} as const satisfies FeatureTable<GlcmStats>;

function computeGlcm(input: FamilyInput, params: GlcmParams): FamilyOutput {
  const parts = glcmParts(input, params);
  const table = featureTable(params.compat ?? 'ibsi');
  const warnings: Warning[] = [];
  const values = parts.flatMap((agg) => aggregatedValues('glcm', table, agg, params.distance, warnings));
  return { values, warnings };
}

/**
 * computeGlcm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeGlcm's values, NaN where those are null, the same bits otherwise (aggregatedValuesInto).
 * Returns the number of values. Symmetric matrices and 3D methods only (feature maps' usual case):
 * glcm3DValuesInto; else through glcmParts.
 */
export function glcmValuesInto(input: FamilyInput, params: GlcmParams, out: Float64Array): number {
  if ((params.symmetric ?? true) && only3DAggregations(params.aggregations)) return glcm3DValuesInto(input, params, out);
  const parts = glcmParts(input, params);
  const computes = featureComputeList(params.compat ?? 'ibsi');
  let at = 0;
  for (const agg of parts) at = aggregatedValuesInto(computes, agg, out, at);
  return at;
}

/**
 * glcmValuesInto for symmetric matrices and 3D_average / 3D_merged only (feature maps' usual case),
 * without aggregateDirectional's parts: one statistics record reused for the 13 direction matrices (more
 * with PyRadiomics' distances), each direction's features added to the averages as it comes. The same
 * numbers in the same order as aggregateDirectional and averageInto / evaluateInto: per feature, the sum
 * of its finite values in direction order divided by their count (NaN when none); the merged matrix the
 * sum of w_d M_d in direction order. So the same bits. (GLCM statistics do not read N_v.)
 * Tried on brain1 R=2's kernels (3223 dumped, 41899 matrices) and not kept, no gain within the noise or
 * a loss: accumulating the lower triangle alone (one increment per pair; all glcmStatsInto and the MCC
 * read) 0.99-1.00 of the time; that plus zeroing the matrix by glcmStatsInto's list of non-zero cells
 * instead of a fill of all n^2 (about 27 cells of 324) 1.03 (separate processes, 9 rounds, load ~5),
 * although the fill is about a tenth of accumulateGlcm's time alone; a loop of its own in accumulateGlcm
 * for the flagging pass 0.98-1.00; the denominators 1 + k / N_g and 1 + (k / N_g)^2 kept per N_g 0.97-1.00.
 * Also tried later (glcm maps in compat ibsi, so without the MCC; paired medians of 15-31 rounds in one
 * process, load 2.5-5.6; bits identical in each) and not kept: the ROI voxels of the box listed once
 * per kernel with their ranks padded by the offsets' reach, so that each direction is one loop over the
 * list with no row spans and no bounds (accumulateGlcm's rows are a few pairs each) 0.99 (1.02 with the
 * MCC), and that list taken in two interleaved halves, so that successive increments rarely hit one cell,
 * 1.00 of it; the averages taking every value of a direction whose values are all finite (their sum
 * times 0 is 0) without a test per feature 0.98-0.99 (1.01 with the MCC); zeroing the matrix and the bit
 * set by loops instead of fill 1.14. Without the feature computes and the averaging at all the family took
 * 0.90 of its time: what is left there is spread over the 25 features (Math.exp of informationCorrelation2
 * about 1 %).
 */
function glcm3DValuesInto(input: FamilyInput, params: GlcmParams, out: Float64Array): number {
  const { levels, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  const size = present.values.length;
  assertMatrixFits('glcm', size, size, 8, params.maxMatrixBytes);
  const distance = params.distance;
  if (!Number.isInteger(distance) || distance < 1) throw new RadiomicsError('InvalidArgument', `glcm distance must be a positive integer; got ${distance}`, { family: 'glcm', distance });
  const levelCount = Math.max(input.nBins, size > 0 ? present.values[size - 1] : 0);
  const box = rankedBox(levels, boxShape, present, scratch);
  const compat = params.compat ?? 'ibsi';
  // MCC (an eigenvalue problem per matrix) only in compat mode pyradiomics, by lastGlcmMcc after glcmStatsInto (see there).
  const mcc = compat === 'pyradiomics' ? symmetricGlcmMcc : undefined;
  const features = featureComputeList(compat).length;
  // Where each method's values go: its place among the aggregations, repeats dropped (aggregateDirectional's order).
  const averageIndex = params.aggregations.indexOf('3D_average');
  const mergedIndex = params.aggregations.indexOf('3D_merged');
  const averageAt = averageIndex < 0 ? -1 : features * +(mergedIndex >= 0 && mergedIndex < averageIndex);
  const mergedAt = mergedIndex < 0 ? -1 : features * +(averageIndex >= 0 && averageIndex < mergedIndex);
  const { offsets3D } = glcmOffsets(distance, params.pyradiomicsDistances ?? null);
  const norm = params.weightingNorm ?? null;
  const cells = size * size;
  const matrix = scratch.float64('matrix', cells);
  const merged = mergedAt < 0 ? null : scratch.float64('merged', cells);
  const finite = averageAt < 0 ? null : scratch.int32('finiteCounts', features);
  if (finite !== null) out.fill(0, averageAt, averageAt + features);
  const cellBits = cellBitsOf(size);
  const bitWords = size * cellBitWords(size);
  const stats = kernelStats;
  const directionMatrix = { counts: matrix, size };
  for (let d = 0; d < offsets3D.length; d++) {
    const offset = offsets3D[d];
    matrix.fill(0);
    cellBits.fill(0, 0, bitWords);
    // accumulateGlcm flags the non-zero cells in cellBits when it can (a kernel's matrices): glcmStats lists them from the bits.
    const flagged = accumulateGlcm(matrix, box, offset, 0, boxShape[2], true, cellBits);
    if (finite !== null && glcmStatsInto(directionMatrix, present, levelCount, undefined, true, flagged ? cellBits : undefined, stats)) {
      if (mcc !== undefined) stats.mcc = lastGlcmMcc(mcc, matrix, size);
      const values = computeFeatureValues(stats, features);
      for (let f = 0; f < features; f++) {
        const v = values[f];
        if (Number.isFinite(v)) {
          out[averageAt + f] += v;
          finite[f]++;
        }
      }
    }
    if (merged !== null) {
      const w = norm === null ? 1 : glcmDirectionWeight(offset, input.spacing, norm);
      if (w === 1) for (let c = 0; c < cells; c++) merged[c] += matrix[c];
      else for (let c = 0; c < cells; c++) merged[c] += w * matrix[c];
    }
  }
  if (finite !== null) for (let f = 0; f < features; f++) out[averageAt + f] = finite[f] > 0 ? out[averageAt + f] / finite[f] : NaN;
  if (merged !== null) {
    directionMatrix.counts = merged;
    if (glcmStatsInto(directionMatrix, present, levelCount, undefined, true, undefined, stats)) {
      if (mcc !== undefined) stats.mcc = lastGlcmMcc(mcc, merged, size);
      // evaluateInto's values: NaN where a value is not finite.
      const values = computeFeatureValues(stats, features);
      for (let f = 0; f < features; f++) out[mergedAt + f] = Number.isFinite(values[f]) ? values[f] : NaN;
    } else out.fill(NaN, mergedAt, mergedAt + features);
  }
  return features * (+(averageAt >= 0) + +(mergedAt >= 0));
}

/**
 * glcm3DValuesInto's statistics record, one for every call (it makes 27 boxes for its doubles when made;
 * a call runs to its end before the next, and nothing reads the record after it).
 */
const kernelStats = emptyGlcmStats();

/**
 * The compute functions of GLCM_FEATURES in table order (featureComputes): those of compat mode ibsi
 * first (GLCM_IBSI_FEATURES of them), then compat pyradiomics' own three, so that each mode's list is a
 * prefix (test/features/glcm.valuesInto.unit.test.ts checks it). Frozen, so that V8 may read them as
 * constants (computeFeatureValues).
 */
const GLCM_COMPUTES = Object.freeze(featureComputes<GlcmStats>(GLCM_FEATURES));
const GLCM_IBSI_FEATURES = 25;

/**
 * The first `features` GLCM feature values of `s` (25 in compat mode ibsi, 28 in pyradiomics: table
 * order) to featureValues[0 ..]. One call site per feature, by constant index into the frozen
 * GLCM_COMPUTES: V8 then knows each target and inlines it, where a loop's one call site (evaluateInto,
 * averageInto) sees all of them: not inlined, and each result boxed as a heap number (about 350 per
 * kernel of a feature map). Written to a Float64Array (no boxing) and added by the caller in a loop, so
 * that the 28 small computes fit V8's inlining budget (an adding helper inlined per feature did not:
 * about half stayed calls). test/features/glcm.valuesInto.unit.test.ts fails if the table's features
 * and these calls ever part.
 */
function computeFeatureValues(s: GlcmStats, features: number): Float64Array {
  const C = GLCM_COMPUTES;
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
  v[16] = C[16](s);
  v[17] = C[17](s);
  v[18] = C[18](s);
  v[19] = C[19](s);
  v[20] = C[20](s);
  v[21] = C[21](s);
  v[22] = C[22](s);
  v[23] = C[23](s);
  v[24] = C[24](s);
  if (features > GLCM_IBSI_FEATURES) {
    v[25] = C[25](s);
    v[26] = C[26](s);
    v[27] = C[27](s);
  }
  return v;
}
/** One matrix's feature values (computeFeatureValues). */
const featureValues = new Float64Array(GLCM_COMPUTES.length);
const directionValues = new Float64Array(GLCM_COMPUTES.length);

/** The statistics of every matrix of each aggregation method (aggregateDirectional). */
function glcmParts(input: FamilyInput, params: GlcmParams): AggregatedParts<GlcmStats>[] {
  const { levels, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  const size = present.values.length;
  assertMatrixFits('glcm', size, size, 8, params.maxMatrixBytes);
  const d = params.distance;
  if (!Number.isInteger(d) || d < 1) throw new RadiomicsError('InvalidArgument', `glcm distance must be a positive integer; got ${d}`, { family: 'glcm', distance: d });
  const levelCount = Math.max(input.nBins, size > 0 ? present.values[size - 1] : 0);
  const box = rankedBox(levels, boxShape, present, scratch);
  const symmetric = params.symmetric ?? true;
  const mcc = params.compat !== 'pyradiomics' ? undefined : symmetric ? symmetricGlcmMcc : maximalCorrelationCoefficient;
  // The non-zero cells of the matrix last accumulated (into `flagged`, all 0 before: DirectionalMatrixSpec),
  // when accumulateGlcm flagged them (a kernel's matrices): glcmStats lists them from the bits.
  const cellBits = cellBitsOf(size);
  let flagged: Float64Array | null = null;
  const spec: DirectionalMatrixSpec<GlcmStats> = {
    cells: size * size,
    accumulate: (out, offset, z0, z1) => {
      cellBits.fill(0, 0, size * cellBitWords(size));
      flagged = accumulateGlcm(out, box, offset, z0, z1, symmetric, cellBits) ? out : null;
    },
    // MCC (an eigenvalue problem per matrix) only when compat mode pyradiomics asks for it.
    stats: (counts) =>
      symmetric ? glcmStats({ counts, size }, present, levelCount, mcc, true, counts === flagged ? cellBits : undefined) : asymmetricGlcmStats({ counts, size }, present, levelCount, mcc),
  };
  const { offsets2D, offsets3D } = glcmOffsets(d, params.pyradiomicsDistances ?? null);
  const norm = params.weightingNorm ?? null;
  const weights = norm === null ? undefined : { weights2D: offsets2D.map((o) => glcmDirectionWeight(o, input.spacing, norm)), weights3D: offsets3D.map((o) => glcmDirectionWeight(o, input.spacing, norm)) };
  return aggregateDirectional(spec, params.aggregations, sliceVoxelCounts(levels, boxShape, scratch), offsets2D, offsets3D, weights, scratch);
}

/** A bit set for the cells of an N_g x N_g matrix (accumulateGlcm's `cellBits`): one buffer kept between calls, grown as needed. */
function cellBitsOf(size: number): Int32Array {
  const length = size * cellBitWords(size);
  if (cellBitsKept.length < length) cellBitsKept = new Int32Array(Math.max(length, 2 * cellBitsKept.length));
  return cellBitsKept;
}
let cellBitsKept = new Int32Array(64);

/**
 * The 2D and 3D offsets: IBSI, delta times the unit directions; PyRadiomics' distances, every offset at
 * those Chebyshev distances. Made once per setting (feature maps compute the family per kernel); read only.
 */
function glcmOffsets(d: number, distances: readonly number[] | null): { offsets2D: Vec3[]; offsets3D: Vec3[] } {
  // The last setting's offsets again without making its key (a feature map's kernels share one setting).
  if (d === lastOffsets.d && distances === lastOffsets.distances) return lastOffsets.offsets;
  const key = distances === null ? `${d}` : `${d}:${distances.join(',')}`;
  let offsets = offsetCache.get(key);
  if (offsets === undefined) {
    offsets = {
      offsets2D: distances === null ? DIRECTIONS_2D.map((dir) => scaleDirection(dir, d)) : pyradiomicsOffsets(distances, false, DIRECTIONS_2D),
      offsets3D: distances === null ? DIRECTIONS_3D.map((dir) => scaleDirection(dir, d)) : pyradiomicsOffsets(distances, true, DIRECTIONS_3D),
    };
    offsetCache.set(key, offsets);
  }
  lastOffsets = { d, distances, offsets };
  return offsets;
}
const offsetCache = new Map<string, { offsets2D: Vec3[]; offsets3D: Vec3[] }>();
let lastOffsets: { d: number; distances: readonly number[] | null; offsets: { offsets2D: Vec3[]; offsets3D: Vec3[] } } = { d: NaN, distances: null, offsets: { offsets2D: [], offsets3D: [] } };

/** The features of a compat mode, built once per mode (feature maps compute the family per kernel). */
function featureTable(compat: CompatMode): FeatureTable<GlcmStats> {
  let table = featureTables.get(compat);
  if (table === undefined) featureTables.set(compat, (table = featuresFor(GLCM_FEATURES, compat)));
  return table;
}
const featureTables = new Map<CompatMode, FeatureTable<GlcmStats>>();

/** featureComputes of a compat mode's features, built once per mode. */
function featureComputeList(compat: CompatMode): ((s: GlcmStats) => number)[] {
  let list = computeLists.get(compat);
  if (list === undefined) computeLists.set(compat, (list = featureComputes(featureTable(compat))));
  return list;
}
const computeLists = new Map<CompatMode, ((s: GlcmStats) => number)[]>();

export const glcmFamily: FamilyDefinition<GlcmStats, GlcmParams> = {
  name: 'glcm',
  title: 'Grey level co-occurrence based features',
  ibsi: 'LFYI',
  features: GLCM_FEATURES,
  compute: computeGlcm,
};
