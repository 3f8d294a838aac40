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
import type { PresentLevels } from '../levels.js';

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

/**
 * Adds the runs along `direction` within slices z0 <= z < z1 of the box to `out` (levels x maxRun)
 * and returns the number of ROI voxels in that range. A run starts at each ROI voxel whose
 * predecessor (v - m) is outside the range or the ROI or has another level; it is then followed
 * forward, so each voxel is visited once per direction whatever the run lengths.
 */
export function accumulateGlrlm(out: Float64Array, maxRun: number, levels: Int32Array, shape: Vec3, direction: Vec3, rankOf: Int32Array, z0: number, z1: number): number {
  const [nx, ny] = shape;
  const [dx, dy, dz] = direction;
  if (dx === 0 && dy === 0 && dz === 0) throw new RadiomicsError('InvalidArgument', 'a run length direction must not be (0, 0, 0)', { direction });
  const step = dx + nx * (dy + ny * dz);
  let voxels = 0;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      let k = nx * (y + ny * z);
      for (let x = 0; x < nx; x++, k++) {
        const g = levels[k];
        if (g === 0) continue;
        voxels++;
        const px = x - dx;
        const py = y - dy;
        const pz = z - dz;
        if (px >= 0 && px < nx && py >= 0 && py < ny && pz >= z0 && pz < z1 && levels[k - step] === g) continue;
        let length = 1;
        let cx = x + dx;
        let cy = y + dy;
        let cz = z + dz;
        let c = k + step;
        while (cx >= 0 && cx < nx && cy >= 0 && cy < ny && cz >= z0 && cz < z1 && levels[c] === g) {
          length++;
          cx += dx;
          cy += dy;
          cz += dz;
          c += step;
        }
        out[rankOf[g] * maxRun + length - 1]++;
      }
    }
  }
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
  const voxels = accumulateGlrlm(counts, maxRun, levels, shape, direction, present.rankOf, z0, z1);
  return { counts, levels: rows, maxRun, voxels };
}
