/**
 * Grey level co-occurrence matrix (IBSI 1 manual, "Grey level co-occurrence based features", LFYI).
 * For offset m, element (i, j) counts ROI voxel pairs (v, v + m) with grey levels i and j, and the
 * matrix is made symmetric by counting each pair in both orders: M_m = M_{m+} + M_{m+}^T
 * (Haralick 1973). Offsets are d times one of the 13 (3D) or 4 (in-plane) unit directions for
 * Chebyshev distance d. Rows and columns are the ranks of the grey levels present in the ROI
 * (PresentLevels), so the matrix is N_g x N_g with N_g the number of levels present.
 */
import type { Vec3 } from '../../image/volume.js';
import { roiRowSpans, sliceRange } from '../aggregate.js';
import type { PresentLevels } from '../levels.js';

/** A symmetric co-occurrence matrix: counts[a * size + b] for level ranks a, b. */
export interface GlcmMatrix {
  readonly counts: Float64Array;
  /** N_g, the number of grey levels present (rows = columns). */
  readonly size: number;
}

/**
 * Adds the co-occurrences at `offset` to `out` (size x size), for voxel pairs whose both voxels lie in
 * slices z0 <= z < z1 of the box. `levels` covers the box (x fastest, 0 = outside the ROI); a
 * neighbour outside the box (or the slice range) is outside the ROI. `spans` are the ROI row spans of
 * `levels` (roiRowSpans; pass them when calling once per offset, to compute them once).
 *
 * One pass over the rows of the range, each limited to the x where both voxels of the pair lie within
 * the ROI spans of their rows, so the inner loop has no bounds test. Each ordered pair (v, v + m) is
 * counted once, in an Int32 table; the symmetric M_m = M_{m+} + M_{m+}^T is added to `out` at the end.
 * That is one increment per pair instead of two (the two fall on the same cell when i = j, which
 * stalls the loop), for an O(N_g^2) table per call.
 */
export function accumulateGlcm(
  out: Float64Array,
  size: number,
  levels: Int32Array,
  shape: Vec3,
  offset: Vec3,
  rankOf: Int32Array,
  z0: number,
  z1: number,
  spans: Int32Array = roiRowSpans(levels, shape),
): void {
  const [nx, ny] = shape;
  const [dx, dy, dz] = offset;
  const ya = Math.max(0, -dy);
  const yb = Math.min(ny, ny - dy);
  const za = Math.max(z0, z0 - dz);
  const zb = Math.min(z1, z1 - dz);
  const step = dx + nx * (dy + ny * dz);
  const pairs = new Int32Array(size * size);
  for (let z = za; z < zb; z++) {
    for (let y = ya; y < yb; y++) {
      const r = y + ny * z; // row of v; v + m lies in row r + dy + ny dz
      const p = r + dy + ny * dz;
      const from = Math.max(spans[2 * r], spans[2 * p] - dx);
      const to = Math.min(spans[2 * r + 1], spans[2 * p + 1] - dx);
      for (let k = nx * r + from, end = nx * r + to; k < end; k++) {
        const g = levels[k];
        if (g === 0) continue;
        const h = levels[k + step];
        if (h === 0) continue;
        pairs[rankOf[g] * size + rankOf[h]]++;
      }
    }
  }
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) out[a * size + b] += pairs[a * size + b] + pairs[b * size + a];
  }
}

/**
 * The symmetric GLCM at `offset` (e.g. [1, 0, 0], or [2, 2, 0] at distance 2): over the whole box, or
 * within the one slice z = `zSlice` when given (voxels of other slices count as outside the ROI, so an
 * offset with dz != 0 gives an empty matrix there). The caller checks the size with assertMatrixFits.
 */
export function buildGlcm(levels: Int32Array, shape: Vec3, offset: Vec3, present: PresentLevels, zSlice?: number): GlcmMatrix {
  const [z0, z1] = sliceRange(shape, zSlice);
  const size = present.values.length;
  const counts = new Float64Array(size * size);
  accumulateGlcm(counts, size, levels, shape, offset, present.rankOf, z0, z1);
  return { counts, size };
}
