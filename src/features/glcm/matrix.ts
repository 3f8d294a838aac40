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
import { rankLevels, type PresentLevels } from '../levels.js';
import { MatrixScratch } from '../matrixScratch.js';

/** A symmetric co-occurrence matrix: counts[a * size + b] for level ranks a, b. */
export interface GlcmMatrix {
  readonly counts: Float64Array;
  /** N_g, the number of grey levels present (rows = columns). */
  readonly size: number;
}

/** The box as the co-occurrence passes read it, prepared once for all offsets (rankedBox). */
export interface RankedBox {
  readonly shape: Vec3;
  /** N_g, the number of grey levels present. */
  readonly size: number;
  /** Per voxel: 1 + the rank of its grey level, 0 outside the ROI (rankLevels). */
  readonly ranks: Int32Array;
  /** ROI row spans of the box (roiRowSpans). */
  readonly spans: Int32Array;
}

/** `levels` (box, x fastest, 0 = outside the ROI) prepared for accumulateGlcm. */
export function rankedBox(levels: Int32Array, shape: Vec3, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): RankedBox {
  return { shape, size: present.values.length, ranks: rankLevels(levels, present, scratch), spans: roiRowSpans(levels, shape, scratch) };
}

/**
 * Adds the co-occurrences at `offset` to `out` (size x size) (with `symmetric` false, compat pyradiomics,
 * each ordered pair once: the asymmetric M_{m+} of PyRadiomics' symmetricalGLCM false), for voxel pairs whose both voxels lie in
 * slices z0 <= z < z1 of the box; a neighbour outside the box (or the slice range) is outside the ROI.
 *
 * One pass over the rows of the range, each limited to the x where both voxels of the pair lie within
 * the ROI spans of their rows, so the inner loop has no bounds test. When the matrix is small next to
 * the range, each ordered pair (v, v + m) is counted once, without a branch, in an Int32 table with an
 * extra row and column 0 for voxels outside the ROI (holes within a span), and the symmetric
 * M_m = M_{m+} + M_{m+}^T of its ROI rows and columns is added to `out` at the end: one increment per
 * pair instead of two (which fall on the same cell when i = j and stall the loop), twice as fast with
 * the spans. With many grey levels that O(N_g^2) table would cost more than the pairs (a 2D slice at
 * 1000 levels), so each pair is then added to `out` in both orders.
 *
 * `cellBits` (symmetric only), all 0 on entry: on that second path (a feature map's kernels), each pair
 * also flags its cell of the lower triangle (row max(a, b), column min(a, b)) in the bit set of glcmStats'
 * `cellBits` (cellBitWords per row), so that glcmStats visits those cells instead of scanning the triangle
 * for them. Returns whether it did (false: the table path, or no `cellBits`; the bits are then left 0).
 */
export function accumulateGlcm(out: Float64Array, box: RankedBox, offset: Vec3, z0: number, z1: number, symmetric = true, cellBits?: Int32Array): boolean {
  const { ranks, spans, size } = box;
  const [nx, ny] = box.shape;
  const [dx, dy, dz] = offset;
  const ya = Math.max(0, -dy);
  const yb = Math.min(ny, ny - dy);
  const za = Math.max(z0, z0 - dz);
  const zb = Math.min(z1, z1 - dz);
  const step = dx + nx * (dy + ny * dz);
  const side = size + 1;
  const table = side * side <= nx * ny * Math.max(0, zb - za);
  const pairs = table ? pairTable(side * side) : pairsKept; // pairs[(1 + rank of v) * side + 1 + rank of v + m]
  const bits = !table && symmetric ? (cellBits ?? null) : null;
  const words = cellBitWords(size);
  for (let z = za; z < zb; z++) {
    for (let y = ya; y < yb; y++) {
      const r = y + ny * z; // row of v; v + m lies in row r + dy + ny dz
      const p = r + dy + ny * dz;
      const from = Math.max(spans[2 * r], spans[2 * p] - dx);
      const to = Math.min(spans[2 * r + 1], spans[2 * p + 1] - dx);
      if (table) {
        for (let k = nx * r + from, end = nx * r + to; k < end; k++) pairs[ranks[k] * side + ranks[k + step]]++;
        continue;
      }
      for (let k = nx * r + from, end = nx * r + to; k < end; k++) {
        const a = ranks[k] - 1;
        const b = ranks[k + step] - 1;
        if (a < 0 || b < 0) continue;
        out[a * size + b]++;
        if (symmetric) out[b * size + a]++;
        if (bits !== null) {
          const row = a > b ? a : b;
          const column = a + b - row;
          bits[row * words + (column >> 5)] |= 1 << column;
        }
      }
    }
  }
  if (!table) return bits !== null;
  if (!symmetric) {
    // PyRadiomics symmetricalGLCM false: M_{m+} alone, row = the voxel, column = its neighbour at v + m.
    for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) out[a * size + b] += pairs[(a + 1) * side + b + 1];
    return false;
  }
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) out[a * size + b] += pairs[(a + 1) * side + b + 1] + pairs[(b + 1) * side + a + 1];
  }
  return false;
}

/** 32-bit words per row of a bit set over the cells of an N_g x N_g matrix (accumulateGlcm's and glcmStats' `cellBits`). */
export function cellBitWords(size: number): number {
  return (size + 31) >> 5;
}

/**
 * The pair table of accumulateGlcm, `cells` zeroed entries at its start: one buffer kept between calls and
 * grown as needed (feature maps make 13 tables per kernel; a new typed array costs about 0.5 us).
 */
function pairTable(cells: number): Int32Array {
  if (pairsKept.length < cells) pairsKept = new Int32Array(Math.max(cells, 2 * pairsKept.length));
  else pairsKept.fill(0, 0, cells);
  return pairsKept;
}
let pairsKept = new Int32Array(256);

/**
 * The symmetric GLCM at `offset` (e.g. [1, 0, 0], or [2, 2, 0] at distance 2): over the whole box, or
 * within the one slice z = `zSlice` when given (voxels of other slices count as outside the ROI, so an
 * offset with dz != 0 gives an empty matrix there). The caller checks the size with assertMatrixFits.
 */
export function buildGlcm(levels: Int32Array, shape: Vec3, offset: Vec3, present: PresentLevels, zSlice?: number): GlcmMatrix {
  const [z0, z1] = sliceRange(shape, zSlice);
  const size = present.values.length;
  const counts = new Float64Array(size * size);
  accumulateGlcm(counts, rankedBox(levels, shape, present), offset, z0, z1);
  return { counts, size };
}
