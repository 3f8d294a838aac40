/**
 * IBSI texture matrix aggregation (IBSI 1 manual, "Grey level co-occurrence based features",
 * section "Aggregating features"), shared by every family whose matrices are built per direction
 * (GLCM, GLRLM). A family supplies how to add one direction's counts over a range of slices to a
 * matrix, and how to reduce a matrix to its statistics; this module decides which matrices exist
 * and which are merged:
 *
 *   2D_average            (BTW3) one matrix per slice and in-plane direction; features averaged over all.
 *   2D_slice_merged       (SUJT) per slice, the in-plane direction matrices summed; averaged over slices.
 *   2.5D_direction_merged (JJUI) per in-plane direction, the slice matrices summed; averaged over directions.
 *   2.5D_merged           (ZW7Z) every slice and in-plane direction matrix summed into one.
 *   3D_average            (ITBB) one matrix per 3D direction over the whole box; averaged over directions.
 *   3D_merged             (IAZD) the 3D direction matrices summed into one.
 *
 * Slices are planes of constant z (the third index axis). Merging sums counts element by element
 * and sums N_v, the ROI voxel count behind each matrix (GLRLM run percentage needs it: "when
 * matrices are merged, N_v should likewise be summed").
 *
 * Empty matrices (no voxel pair, no run) have undefined features and are left out of averages:
 * a slice that holds ROI voxels but yields no non-empty in-plane matrix is reported as SliceSkipped
 * for the 2D methods; an empty direction matrix in 3D_average or 2.5D_direction_merged (a ROI one
 * slice or one row thick) is reported as DirectionSkipped. Within a slice, an empty direction matrix of
 * 2D_average is left out without a warning (its slice still contributes through other directions).
 *
 * Work: 2D methods make one pass per in-plane direction over every slice holding ROI voxels; 3D
 * methods one pass per 3D direction over the box. At most (in-plane directions + 3) matrices are
 * alive at once; only statistics objects are kept per slice.
 */
import { RadiomicsError } from '../errors.js';
import type { Vec3 } from '../image/volume.js';
import { averageInto, averageValues, evaluateInto, evaluateTable } from './evaluate.js';
import { featureId } from './id.js';
import type { FeatureTable, MatrixAggregation, RawFeatureValue, Warning } from './types.js';
import { MatrixScratch } from './matrixScratch.js';

/** How a family builds and reduces its directional matrices. All matrices share one shape. */
export interface DirectionalMatrixSpec<S> {
  /** Cells of one matrix. */
  readonly cells: number;
  /**
   * Adds the counts of `direction` within slices z0 <= z < z1 of the box to `out`, which is all 0 when
   * called (merged matrices are sums of such matrices, never accumulated into): so `out` then holds this
   * direction's counts alone (GLCM relies on it: glcm/index.ts).
   */
  readonly accumulate: (out: Float64Array, direction: Vec3, z0: number, z1: number) => void;
  /** Statistics of a (possibly merged) matrix behind `voxels` ROI voxels (N_v); null when it is empty. */
  readonly stats: (counts: Float64Array, voxels: number) => S | null;
}

/** The statistics objects of one aggregation method, and what was left out. */
export interface AggregatedParts<S> {
  readonly aggregation: MatrixAggregation;
  /** One per matrix whose features are averaged; at most one for the merged methods. */
  readonly parts: readonly S[];
  /** z indices of slices that hold ROI voxels but contributed no matrix (2D methods only). */
  readonly skippedSlices: readonly number[];
  /** Directions whose matrix was empty and left out (3D_average, 2.5D_direction_merged). */
  readonly skippedDirections: readonly Vec3[];
}

/** ROI voxels (levels > 0) per slice z of a box of `shape`, x fastest (an array of `scratch`, see matrixScratch.ts). */
export function sliceVoxelCounts(levels: Int32Array, shape: Vec3, scratch: MatrixScratch = new MatrixScratch()): Float64Array {
  const [nx, ny, nz] = shape;
  const plane = nx * ny;
  const out = scratch.float64('sliceVoxels', nz);
  for (let z = 0; z < nz; z++) {
    let n = 0;
    const end = (z + 1) * plane;
    for (let k = z * plane; k < end; k++) if (levels[k] > 0) n++;
    out[z] = n;
  }
  return out;
}

/**
 * The span of ROI voxels (levels > 0) in each row of a box of `shape` (x fastest): for row r = y + ny z,
 * x from spans[2r] (the first ROI voxel) to spans[2r + 1] (one past the last); 0, 0 for a row without
 * one. Voxel-pair passes visit only these spans instead of whole rows (about half of a box is outside
 * a rounded ROI). Reads only the voxels outside the spans.
 */
export function roiRowSpans(levels: Int32Array, shape: Vec3, scratch: MatrixScratch = new MatrixScratch()): Int32Array {
  const [nx, ny, nz] = shape;
  const spans = scratch.int32('spans', 2 * ny * nz);
  for (let r = 0; r < ny * nz; r++) {
    const row = r * nx;
    let from = 0;
    while (from < nx && levels[row + from] <= 0) from++;
    if (from === nx) continue;
    let to = nx;
    while (levels[row + to - 1] <= 0) to--;
    spans[2 * r] = from;
    spans[2 * r + 1] = to;
  }
  return spans;
}

/** `direction` times `distance`, e.g. the GLCM offsets at Chebyshev distance delta. */
export function scaleDirection(direction: Vec3, distance: number): Vec3 {
  return [direction[0] * distance, direction[1] * distance, direction[2] * distance];
}

/** [z0, z1) of the whole box, or of slice `zSlice` (an integer 0 <= zSlice < shape[2]). */
export function sliceRange(shape: Vec3, zSlice: number | undefined): [number, number] {
  if (zSlice === undefined) return [0, shape[2]];
  if (!Number.isInteger(zSlice) || zSlice < 0 || zSlice >= shape[2]) {
    throw new RadiomicsError('InvalidArgument', `slice index ${zSlice} is outside the box of ${shape[2]} slices`, { zSlice, shape });
  }
  return [zSlice, zSlice + 1];
}

function addInto(target: Float64Array, source: Float64Array, weight = 1): void {
  if (weight === 1) for (let i = 0; i < target.length; i++) target[i] += source[i];
  else for (let i = 0; i < target.length; i++) target[i] += weight * source[i];
}

/** Weights of direction matrices in merged aggregations (compat pyradiomics weightingNorm); absent: all 1. */
export interface DirectionWeights {
  readonly weights2D: readonly number[];
  readonly weights3D: readonly number[];
}

function weightSum(weights: readonly number[] | undefined, count: number): number {
  if (weights === undefined) return count;
  let s = 0;
  for (const w of weights) s += w;
  return s;
}

function isEmpty(m: Float64Array): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return false;
  return true;
}

/**
 * Statistics per aggregation method, in the order of `aggregations` (repeats dropped). `sliceVoxels`
 * is N_v per slice (see sliceVoxelCounts); `directions2D` must lie in-plane (dz = 0). The 3D matrices
 * are arrays of `scratch` (matrixScratch.ts): `spec.stats` keeps no reference to the matrix it reads.
 */
export function aggregateDirectional<S>(
  spec: DirectionalMatrixSpec<S>,
  aggregations: readonly MatrixAggregation[],
  sliceVoxels: Float64Array,
  directions2D: readonly Vec3[],
  directions3D: readonly Vec3[],
  weights?: DirectionWeights,
  scratch: MatrixScratch = new MatrixScratch(),
): AggregatedParts<S>[] {
  // Merged methods sum w_d M_d and N_v w_d (PyRadiomics weightingNorm); without weights w_d = 1, the IBSI sum.
  const w2 = weights?.weights2D;
  const w3 = weights?.weights3D;
  const wanted = new Set(aggregations);
  const nz = sliceVoxels.length;
  let totalVoxels = 0;
  for (let z = 0; z < nz; z++) totalVoxels += sliceVoxels[z];
  const found = new Map<MatrixAggregation, AggregatedParts<S>>();

  const want2D = wanted.has('2D_average') || wanted.has('2D_slice_merged') || wanted.has('2.5D_direction_merged') || wanted.has('2.5D_merged');
  if (want2D) {
    for (const d of directions2D) {
      if (d[2] !== 0) throw new RadiomicsError('InvalidArgument', `2D texture directions must lie in-plane; got (${d.join(', ')})`, { direction: d });
    }
    const matrix = new Float64Array(spec.cells);
    const sliceMerged = wanted.has('2D_slice_merged') ? new Float64Array(spec.cells) : null;
    const perDirection = wanted.has('2.5D_direction_merged') || wanted.has('2.5D_merged') ? directions2D.map(() => new Float64Array(spec.cells)) : null;
    const average: S[] = [];
    const sliceParts: S[] = [];
    const skippedSlices: number[] = [];
    for (let z = 0; z < nz; z++) {
      const nv = sliceVoxels[z];
      if (nv === 0) continue;
      sliceMerged?.fill(0);
      let sliceHasPairs = false;
      for (let d = 0; d < directions2D.length; d++) {
        matrix.fill(0);
        spec.accumulate(matrix, directions2D[d], z, z + 1);
        if (isEmpty(matrix)) continue;
        sliceHasPairs = true;
        if (wanted.has('2D_average')) {
          const s = spec.stats(matrix, nv);
          if (s !== null) average.push(s);
        }
        if (sliceMerged !== null) addInto(sliceMerged, matrix, w2?.[d]);
        if (perDirection !== null) addInto(perDirection[d], matrix);
      }
      if (!sliceHasPairs) {
        skippedSlices.push(z);
        continue;
      }
      if (sliceMerged !== null) {
        const s = spec.stats(sliceMerged, weightSum(w2, directions2D.length) * nv);
        if (s !== null) sliceParts.push(s);
      }
    }
    if (wanted.has('2D_average')) found.set('2D_average', { aggregation: '2D_average', parts: average, skippedSlices, skippedDirections: [] });
    if (wanted.has('2D_slice_merged')) found.set('2D_slice_merged', { aggregation: '2D_slice_merged', parts: sliceParts, skippedSlices, skippedDirections: [] });
    if (perDirection !== null) {
      if (wanted.has('2.5D_direction_merged')) {
        const parts: S[] = [];
        const skippedDirections: Vec3[] = [];
        perDirection.forEach((m, d) => {
          const s = spec.stats(m, totalVoxels);
          if (s === null) skippedDirections.push(directions2D[d]);
          else parts.push(s);
        });
        found.set('2.5D_direction_merged', { aggregation: '2.5D_direction_merged', parts, skippedSlices: [], skippedDirections });
      }
      if (wanted.has('2.5D_merged')) {
        const all = new Float64Array(spec.cells);
        perDirection.forEach((m, d) => addInto(all, m, w2?.[d]));
        const s = spec.stats(all, weightSum(w2, directions2D.length) * totalVoxels);
        found.set('2.5D_merged', { aggregation: '2.5D_merged', parts: s === null ? [] : [s], skippedSlices: [], skippedDirections: [] });
      }
    }
  }

  if (wanted.has('3D_average') || wanted.has('3D_merged')) {
    const matrix = scratch.float64('matrix', spec.cells);
    const merged = wanted.has('3D_merged') ? scratch.float64('merged', spec.cells) : null;
    const parts: S[] = [];
    const skippedDirections: Vec3[] = [];
    for (let d = 0; d < directions3D.length; d++) {
      const direction = directions3D[d];
      matrix.fill(0);
      spec.accumulate(matrix, direction, 0, nz);
      if (wanted.has('3D_average')) {
        const s = spec.stats(matrix, totalVoxels);
        if (s === null) skippedDirections.push(direction);
        else parts.push(s);
      }
      if (merged !== null) addInto(merged, matrix, w3?.[d]);
    }
    if (wanted.has('3D_average')) found.set('3D_average', { aggregation: '3D_average', parts, skippedSlices: [], skippedDirections });
    if (merged !== null) {
      const s = spec.stats(merged, weightSum(w3, directions3D.length) * totalVoxels);
      found.set('3D_merged', { aggregation: '3D_merged', parts: s === null ? [] : [s], skippedSlices: [], skippedDirections: [] });
    }
  }

  return [...wanted].map((a) => found.get(a) as AggregatedParts<S>);
}

/**
 * True when `aggregations` holds 3D_average and 3D_merged alone (feature maps' usual case: a family's
 * 3D values path then needs no aggregateDirectional parts). A loop, not `every`: no closure per kernel.
 */
export function only3DAggregations(aggregations: readonly MatrixAggregation[]): boolean {
  for (let a = 0; a < aggregations.length; a++) if (aggregations[a] !== '3D_average' && aggregations[a] !== '3D_merged') return false;
  return true;
}

const AVERAGED: ReadonlySet<MatrixAggregation> = new Set(['2D_average', '2D_slice_merged', '2.5D_direction_merged', '3D_average']);

/**
 * Feature values of one aggregation method: evaluateTable on the single merged matrix, or
 * averageValues over the parts of an averaged method. No part at all (no voxel pair or run anywhere)
 * makes every feature null with an UndefinedFeature warning. Left-out slices and directions add one
 * SliceSkipped / DirectionSkipped warning when other parts remain.
 */
export function aggregatedValues<S>(family: string, table: FeatureTable<S>, agg: AggregatedParts<S>, distance: number | undefined, warnings: Warning[]): RawFeatureValue[] {
  const { aggregation, parts } = agg;
  if (parts.length === 0) {
    return Object.keys(table).map((key) => {
      const id = featureId(family, key, aggregation, distance);
      warnings.push({ code: 'UndefinedFeature', feature: id, message: `${id} is undefined for this ROI: no ${family} matrix of this aggregation holds a count (the ROI is too small or too thin)` });
      return distance === undefined ? { feature: key, aggregation, value: null } : { feature: key, aggregation, distance, value: null };
    });
  }
  const where = distance === undefined ? `${family} ${aggregation}` : `${family} ${aggregation} (distance ${distance})`;
  if (agg.skippedSlices.length > 0) {
    warnings.push({ code: 'SliceSkipped', message: `${where}: slice(s) z = ${agg.skippedSlices.join(', ')} of the ROI box hold ROI voxels but no in-plane ${family} count; they were left out of the average` });
  }
  if (agg.skippedDirections.length > 0) {
    const dirs = agg.skippedDirections.map((d) => `(${d.join(',')})`).join(' ');
    warnings.push({ code: 'DirectionSkipped', message: `${where}: direction(s) ${dirs} yield an empty ${family} matrix (the ROI is too thin along them); they were left out of the average` });
  }
  return AVERAGED.has(aggregation) ? averageValues(table, parts, family, aggregation, distance, warnings) : evaluateTable(family, table, parts[0], aggregation, distance, warnings);
}

/**
 * aggregatedValues' values alone, for feature maps (per kernel, where the value objects and warnings
 * cost more than the features): the features of `computes` (featureComputes of the table) to
 * out[at ..], NaN where aggregatedValues gives null, the same bits otherwise. Returns the next free index.
 */
export function aggregatedValuesInto<S>(computes: readonly ((s: S) => number)[], agg: AggregatedParts<S>, out: Float64Array, at: number): number {
  const { aggregation, parts } = agg;
  if (parts.length === 0) out.fill(NaN, at, at + computes.length);
  else if (AVERAGED.has(aggregation)) averageInto(computes, parts, out, at);
  else evaluateInto(computes, parts[0], out, at);
  return at + computes.length;
}
