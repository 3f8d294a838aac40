import { RadiomicsError } from '../errors.js';
import { MatrixScratch } from './matrixScratch.js';

/**
 * Grey levels present in the ROI. Texture matrices are indexed by these (rank 0..n-1), never by the
 * full bin range, so their size depends on the levels present, not on the intensity range. Formulas
 * use the level values themselves (`values[rank]`), as IBSI's i and j are grey levels.
 */
export interface PresentLevels {
  /** Sorted grey levels present in the ROI. */
  readonly values: Int32Array;
  /** rank of grey level g, or -1 when g is absent; index 0..maxLevel. */
  readonly rankOf: Int32Array;
}

/** Number of ROI voxels: entries of `levels` > 0. */
export function roiVoxelCount(levels: Int32Array): number {
  let n = 0;
  for (let k = 0; k < levels.length; k++) if (levels[k] > 0) n++;
  return n;
}

/** Levels > 0 in `levels` (0 marks voxels outside the ROI); the arrays are `scratch`'s (see matrixScratch.ts). */
export function presentLevels(levels: Int32Array, scratch: MatrixScratch = new MatrixScratch()): PresentLevels {
  // The loops over the voxels in helpers: V8 compiles those once, where they would make it compile this
  // function on the fly at each loop (see fftSums in morphology/spatial.ts).
  const max = maxLevel(levels);
  // rankOf doubles as the "seen" marks (0 absent, 1 present) before it gets the ranks.
  const rankOf = scratch.int32('rankOf', max + 1);
  markLevels(levels, rankOf);
  let count = 0;
  for (let g = 1; g <= max; g++) count += rankOf[g];
  // Written in full below (one entry per present level).
  const values = scratch.int32ToOverwrite('levelValues', count);
  rankOf[0] = -1;
  for (let g = 1, r = 0; g <= max; g++) {
    if (rankOf[g] === 0) rankOf[g] = -1;
    else {
      rankOf[g] = r;
      values[r++] = g;
    }
  }
  return { values, rankOf };
}

/** Largest entry of `levels`, at least 0. */
function maxLevel(levels: Int32Array): number {
  let max = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] > max) max = levels[i];
  return max;
}

/** seen[g] = 1 for each level g > 0 in `levels`. */
function markLevels(levels: Int32Array, seen: Int32Array): void {
  for (let i = 0; i < levels.length; i++) if (levels[i] > 0) seen[levels[i]] = 1;
}

/**
 * Per voxel of `levels`: 1 + the rank of its grey level in `present`, 0 outside the ROI (level <= 0).
 * Matrix passes read ranks instead of levels: a row offset without a rankOf lookup, and rank 0 can index
 * a row of the table that collects what falls outside the ROI, instead of a test per voxel.
 */
export function rankLevels(levels: Int32Array, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): Int32Array {
  // Every entry written (0 outside the ROI), so the array is not zeroed first.
  const ranks = scratch.int32ToOverwrite('ranks', levels.length);
  const rankOf = present.rankOf;
  for (let k = 0; k < levels.length; k++) {
    const g = levels[k];
    ranks[k] = g > 0 ? rankOf[g] + 1 : 0;
  }
  return ranks;
}

/**
 * Throws MatrixTooLarge before allocating a matrix of rows x cols cells of `bytesPerCell` bytes when it
 * would pass `maxBytes`. `setting` names what the user can change.
 */
export function assertMatrixFits(family: string, rows: number, cols: number, bytesPerCell: number, maxBytes: number): void {
  const bytes = rows * cols * bytesPerCell;
  if (bytes > maxBytes) {
    throw new RadiomicsError(
      'MatrixTooLarge',
      `${family} matrix of ${rows} x ${cols} cells needs ${(bytes / 2 ** 20).toFixed(1)} MiB, over the limit of ${(maxBytes / 2 ** 20).toFixed(1)} MiB (limits.maxMatrixBytes); ` +
        `reduce the number of grey levels (discretisation: use fixedBinNumber, or a wider fixedBinSize width) or raise limits.maxMatrixBytes`,
      { family, rows, cols, bytes, maxBytes, setting: 'discretisation' },
    );
  }
}
