/**
 * Grey level run length matrix (IBSI 1 manual, "Grey level run length based features", TP0I).
 * A run is a maximal sequence of consecutive ROI voxels with the same grey level along direction m;
 * element (i, j) counts the runs of grey level i and length j. Voxels outside the ROI or the box end
 * a run. Rows are the ranks of the grey levels present in the ROI (PresentLevels), columns the run
 * lengths 1..N_r, with N_r the longest run the box allows.
 */
import { RadiomicsError } from '../../errors.js';
import type { Vec3 } from '../../image/volume.js';
import { sliceRange } from '../aggregate.js';
import { rankLevels, type PresentLevels } from '../levels.js';

/** Run counts: counts[a * maxRun + (j - 1)] for level rank a and run length j. */
export interface GlrlmMatrix {
  readonly counts: Float64Array;
  /** N_g, the number of grey levels present (rows). */
  readonly levels: number;
  /** N_r, the number of columns: the longest possible run. */
  readonly maxRun: number;
  /** N_v: ROI voxels behind the matrix (summed over merged matrices); the run percentage divides by it. */
  readonly voxels: number;
}

/** The longest run a box of `shape` allows along any direction: its largest dimension. */
export function maxRunLength(shape: Vec3): number {
  return Math.max(shape[0], shape[1], shape[2]);
}

/** Steps from coordinate c (of lo <= c < hi) before leaving [lo, hi) moving by d per step; "infinite" for d = 0. */
function stepsInside(c: number, d: number, lo: number, hi: number): number {
  return d > 0 ? hi - 1 - c : d < 0 ? c - lo : 2 ** 30;
}

/**
 * Adds the runs along `direction` within slices z0 <= z < z1 of the box to `out` (levels x maxRun)
 * and returns the number of ROI voxels in that range. `ranks` covers the box (x fastest): 1 + the rank
 * of each voxel's grey level, 0 outside the ROI (rankLevels). The range is cut into lines along the
 * direction (a line starts at each voxel whose predecessor v - m lies outside the range: in a row whose
 * predecessor row is outside, every voxel; else the one voxel on the x face), and each line is walked
 * once, counting a run whenever the rank changes. The line's length is known at its start, so the walk
 * has no bounds test; each voxel of the range is read once per direction.
 */
export function accumulateGlrlm(out: Float64Array, maxRun: number, ranks: Int32Array, shape: Vec3, direction: Vec3, z0: number, z1: number): number {
  const [nx, ny] = shape;
  const [dx, dy, dz] = direction;
  if (dx === 0 && dy === 0 && dz === 0) throw new RadiomicsError('InvalidArgument', 'a run length direction must not be (0, 0, 0)', { direction });
  const step = dx + nx * (dy + ny * dz);
  let voxels = 0;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      const py = y - dy;
      const pz = z - dz;
      const wholeRow = py < 0 || py >= ny || pz < z0 || pz >= z1;
      if (!wholeRow && dx === 0) continue; // no line starts in this row
      const xFrom = wholeRow || dx > 0 ? 0 : nx - 1;
      const xTo = wholeRow ? nx : xFrom + 1;
      const stepsYZ = Math.min(stepsInside(y, dy, 0, ny), stepsInside(z, dz, z0, z1));
      for (let x = xFrom; x < xTo; x++) {
        const n = Math.min(stepsYZ, stepsInside(x, dx, 0, nx)) + 1; // voxels on the line
        voxels += countLineRuns(out, maxRun, ranks, x + nx * (y + ny * z), step, n);
      }
    }
  }
  return voxels;
}

/**
 * Adds the runs of the line of n voxels ranks[k], ranks[k + step], ... to `out` and returns the ROI
 * voxels on it. A function of its own so that V8 compiles the walk once, with feedback from every
 * direction, instead of compiling accumulateGlrlm on the fly (see fftSums in morphology/spatial.ts).
 *
 * Without a branch on the grey levels: at each voxel the run so far ends by `ends` (1 when the rank
 * changes and the run is in the ROI, else 0), which is added to its cell (to cell 0 for a run outside
 * the ROI, adding 0), and the length restarts at 1 or grows by 1. With noisy grey levels a branch per
 * voxel is mispredicted often; this takes about an eighth off the walks of brain1 R=2 feature maps.
 */
function countLineRuns(out: Float64Array, maxRun: number, ranks: Int32Array, k: number, step: number, n: number): number {
  let r = ranks[k]; // 1 + rank of the current run's level (0: outside the ROI)
  let length = 1;
  let voxels = +(r > 0);
  for (let t = 1; t < n; t++) {
    k += step;
    const v = ranks[k];
    const ends = +(v !== r) & +(r > 0);
    out[Math.max((r - 1) * maxRun + length - 1, 0)] += ends;
    length = (length & -(+(v === r))) + 1; // -1 (all bits) when the run goes on, 0 when it ends
    voxels += +(v > 0);
    r = v;
  }
  if (r > 0) out[(r - 1) * maxRun + length - 1]++;
  return voxels;
}

/**
 * The GLRLM along `direction` (a unit step such as [1, 0, 0] or [-1, 1, 1]): over the whole box, or
 * within the one slice z = `zSlice` when given (other slices count as outside the ROI, so a direction
 * with dz != 0 gives runs of length 1 there). `voxels` is the N_v of that range.
 */
export function buildGlrlm(levels: Int32Array, shape: Vec3, direction: Vec3, present: PresentLevels, zSlice?: number): GlrlmMatrix {
  const [z0, z1] = sliceRange(shape, zSlice);
  const rows = present.values.length;
  const maxRun = maxRunLength(shape);
  const counts = new Float64Array(rows * maxRun);
  const voxels = accumulateGlrlm(counts, maxRun, rankLevels(levels, present), shape, direction, z0, z1);
  return { counts, levels: rows, maxRun, voxels };
}
