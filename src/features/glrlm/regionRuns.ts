/**
 * The 3D run counts of the boxes (feature-map kernels) of one grid of grey levels, from links found once
 * for the grid instead of a walk along every line of every kernel (accumulateGlrlm).
 *
 * Per grid voxel, bit d set when its neighbour +m_d (DIRECTIONS_3D[d]) lies in the grid with its grey
 * level, bit 13 + d likewise for -m_d (runLinks). Within a box those bits are masked to the neighbours
 * inside it (by the voxel's place: RUN_FACE_MASKS); then along m_d a voxel starts a run when bit 13 + d is
 * clear, and a run of length 1 is a voxel with neither bit. Most runs of a kernel have length 1 (9 in 10
 * non-zero cells), so those are counted for the 13 directions at once: a voxel adds its 13 "length 1"
 * bits, spread to one byte each (BYTE_SPREAD), to four 32-bit words of its grey level (at most 255 voxels
 * per box, so no byte overflows); the few longer runs are followed from their start. The matrices hold
 * the same whole counts as accumulateGlrlm's, so the statistics and features have the same bits.
 */
import type { Vec3 } from '../../image/volume.js';
import { boxFaceMasks, DIRECTIONS_3D } from '../directions.js';
import { MatrixScratch } from '../matrixScratch.js';
import { padLevels } from '../zones.js';

/**
 * A grid's run links (see the file comment) over its shape, at its offset in the image grid; the bits in the
 * layout of the grid grown by one voxel on every side (runLinks).
 */
export interface RunLinks {
  readonly bits: Int32Array;
  readonly shape: Vec3;
  readonly offset: Vec3;
}

/** Boxes of at most this many voxels count their runs from links (one byte per level and direction). */
export const MAX_LINKED_BOX_VOXELS = 255;

/**
 * The run links of `levels` over `shape` (x fastest, 0 outside the ROI) at `offset`. Found on a copy of
 * the levels grown by one voxel of 0 on every side (no bounds test: a neighbour beyond the grid has level
 * 0, never a voxel's); the bits are kept in that padded layout (see countBoxRuns).
 */
export function runLinks(levels: Int32Array, shape: Vec3, offset: Vec3): RunLinks {
  const [nx, ny] = shape;
  const px = nx + 2;
  const pplane = px * (ny + 2);
  const padded = padLevels(levels, shape, new MatrixScratch());
  const steps = Int32Array.from(DIRECTIONS_3D, ([dx, dy, dz]) => dx + px * dy + pplane * dz);
  const bits = new Int32Array(padded.length);
  linkVoxels(padded, bits, steps, pplane + px + 1, padded.length - pplane - px - 1);
  return { bits, shape, offset };
}

/** runLinks' pass: the bits of the padded voxels from..to - 1 whose level is > 0. */
function linkVoxels(padded: Int32Array, bits: Int32Array, steps: Int32Array, from: number, to: number): void {
  for (let p = from; p < to; p++) {
    const g = padded[p];
    if (g <= 0) continue;
    let b = 0;
    for (let d = 0; d < 13; d++) {
      const s = steps[d];
      b |= (+(padded[p + s] === g) << d) | (+(padded[p - s] === g) << (13 + d));
    }
    bits[p] = b;
  }
}

/**
 * The run links within a box, by the voxel's place in it (boxFaceMasks): bit d for +m_d, bit 13 + d for -m_d.
 */
const RUN_FACE_MASKS: Int32Array = (() => {
  const forward = boxFaceMasks(DIRECTIONS_3D);
  const backward = boxFaceMasks(DIRECTIONS_3D.map(([dx, dy, dz]): Vec3 => [-dx, -dy, -dz]));
  return forward.map((f, c) => f | (backward[c] << 13));
})();

/** Per nibble: its four bits spread to the low bit of each byte (bit b to bit 8b). */
const BYTE_SPREAD = Int32Array.from({ length: 16 }, (_, n) => (n & 1) | ((n & 2) << 7) | ((n & 4) << 14) | ((n & 8) << 21));

/**
 * What a box's runs come to (countBoxRuns), for fillDirection: per grey level rank a, the runs of length 1
 * along m_d in byte d & 3 of ones[4a + (d >> 2)]; the cells (a * maxRun + length - 1) of the longer runs
 * along m_d at long[LONG_RUNS * d + t], t < longCounts[d].
 */
export interface BoxRuns {
  ones: Int32Array;
  readonly long: Int32Array;
  readonly longCounts: Int32Array;
}

/** Runs of length >= 2 along one direction of a box of at most MAX_LINKED_BOX_VOXELS voxels: fewer than this. */
const LONG_RUNS = (MAX_LINKED_BOX_VOXELS + 1) >> 1;

/** An empty BoxRuns (its ones grown by countBoxRuns as needed). */
export function emptyBoxRuns(): BoxRuns {
  return { ones: new Int32Array(64), long: new Int32Array(13 * LONG_RUNS), longCounts: new Int32Array(13) };
}

/** The components of DIRECTIONS_3D[d], for the walks along longer runs. */
const DIR_X = Int32Array.from(DIRECTIONS_3D, (m) => m[0]);
const DIR_Y = Int32Array.from(DIRECTIONS_3D, (m) => m[1]);
const DIR_Z = Int32Array.from(DIRECTIONS_3D, (m) => m[2]);

/**
 * Counts the 3D runs of the box of `boxShape` (at most MAX_LINKED_BOX_VOXELS voxels) at `boxOffset` (image
 * grid) of the grid of `links`, whose ranks (1 + the rank of each voxel's level, 0 outside the ROI) are
 * `ranks`, into `into` (`rows` levels, maxRun columns). Returns the box's ROI voxels.
 */
export function countBoxRuns(links: RunLinks, boxOffset: Vec3, boxShape: Vec3, ranks: Int32Array, rows: number, maxRun: number, into: BoxRuns): number {
  const [bx, by, bz] = boxShape;
  // links.bits is in the padded layout of runLinks: grid voxel (x, y, z) at (x + 1) + px (y + 1) + px py (z + 1).
  const px = links.shape[0] + 2;
  const py = links.shape[1] + 2;
  const x0 = boxOffset[0] - links.offset[0] + 1;
  const y0 = boxOffset[1] - links.offset[1] + 1;
  const z0 = boxOffset[2] - links.offset[2] + 1;
  if (into.ones.length < 4 * rows) into.ones = new Int32Array(8 * rows);
  into.ones.fill(0, 0, 4 * rows);
  into.longCounts.fill(0);
  let voxels = 0;
  for (let z = 0, k = 0; z < bz; z++) {
    const az = (z === 0 ? 16 : 0) | (z === bz - 1 ? 32 : 0);
    for (let y = 0; y < by; y++, k += bx) {
      const ay = az | (y === 0 ? 4 : 0) | (y === by - 1 ? 8 : 0);
      voxels += countRowRuns(links.bits, x0 + px * (y0 + y + py * (z0 + z)), ranks, k, ay, into, boxShape, y, z, px, px * py, maxRun);
    }
  }
  return voxels;
}

/**
 * countBoxRuns over the box row y, z (grid index i, box index k), `ay` the row's face bits: adds each ROI
 * voxel's runs of length 1 to its level's words, and follows each longer run from its start (px, pplane:
 * the padded grid's row and plane). Returns the row's ROI voxels.
 */
function countRowRuns(bits: Int32Array, i: number, ranks: Int32Array, k: number, ay: number, into: BoxRuns, boxShape: Vec3, y: number, z: number, px: number, pplane: number, maxRun: number): number {
  const bx = boxShape[0];
  const ones = into.ones;
  let voxels = 0;
  for (let x = 0; x < bx; x++, i++, k++) {
    const r = ranks[k];
    if (r === 0) continue;
    voxels++;
    const b = bits[i] & RUN_FACE_MASKS[ay | (x === 0 ? 1 : 0) | (x === bx - 1 ? 2 : 0)];
    const starts = ~(b >>> 13) & 0x1fff; // no same-level voxel before it along m_d
    const single = starts & ~b; // ... nor after it
    const at = 4 * (r - 1);
    ones[at] += BYTE_SPREAD[single & 15];
    ones[at + 1] += BYTE_SPREAD[(single >>> 4) & 15];
    ones[at + 2] += BYTE_SPREAD[(single >>> 8) & 15];
    ones[at + 3] += single >>> 12;
    let longer = starts & b & 0x1fff;
    while (longer !== 0) {
      const d = 31 - Math.clz32(longer & -longer); // lowest set bit
      longer &= longer - 1;
      const length = runLength(bits, i, d, x, y, z, boxShape, px, pplane);
      into.long[LONG_RUNS * d + into.longCounts[d]++] = (r - 1) * maxRun + length - 1;
    }
  }
  return voxels;
}

/** The length of the run along m_d that starts at box voxel (x, y, z), grid index i: followed while the next voxel is in the box and linked. */
function runLength(bits: Int32Array, i: number, d: number, x: number, y: number, z: number, boxShape: Vec3, px: number, pplane: number): number {
  const dx = DIR_X[d];
  const dy = DIR_Y[d];
  const dz = DIR_Z[d];
  // Voxels after the start that lie in the box along m_d.
  const far = MAX_LINKED_BOX_VOXELS;
  // (dz is 0 or 1 in DIRECTIONS_3D.)
  const room = Math.min(dx > 0 ? boxShape[0] - 1 - x : dx < 0 ? x : far, dy > 0 ? boxShape[1] - 1 - y : dy < 0 ? y : far, dz > 0 ? boxShape[2] - 1 - z : far);
  const step = dx + px * dy + pplane * dz;
  let length = 1;
  while (length <= room && (bits[i] >> d) & 1) {
    i += step;
    length++;
  }
  return length;
}

/**
 * Writes direction d's runs of `runs` (countBoxRuns) to `out` (rows x maxRun, as accumulateGlrlm's): the
 * runs of length 1 set in column 1, the longer ones added to cells that must be 0 (clearLongRuns leaves
 * them so after use; column 1 is overwritten by the next direction's).
 */
export function fillDirection(runs: BoxRuns, d: number, rows: number, maxRun: number, out: Float64Array): void {
  const ones = runs.ones;
  const word = d >> 2;
  const shift = 8 * (d & 3);
  for (let a = 0; a < rows; a++) out[a * maxRun] = (ones[4 * a + word] >>> shift) & 255;
  const long = runs.long;
  for (let t = LONG_RUNS * d, end = t + runs.longCounts[d]; t < end; t++) out[long[t]]++;
}

/** Sets the cells of direction d's longer runs in `out` back to 0 (after fillDirection). */
export function clearLongRuns(runs: BoxRuns, d: number, out: Float64Array): void {
  const long = runs.long;
  for (let t = LONG_RUNS * d, end = t + runs.longCounts[d]; t < end; t++) out[long[t]] = 0;
}

/**
 * The sum of the 13 directions' matrices written to `out` (rows x maxRun, all 0 before): column 1 the sum
 * of a level's 13 bytes, the longer runs counted into their cells. Whole numbers, so the same as adding
 * the direction matrices cell by cell in any order.
 */
export function mergeRuns(runs: BoxRuns, rows: number, maxRun: number, out: Float64Array): void {
  const ones = runs.ones;
  for (let a = 0; a < rows; a++) {
    let sum = 0;
    // Each word's four bytes as two 16-bit lanes, then the lanes added.
    for (let w = 4 * a; w < 4 * a + 4; w++) {
      const pairs = (ones[w] & 0x00ff00ff) + ((ones[w] >>> 8) & 0x00ff00ff);
      sum += (pairs & 0xffff) + (pairs >>> 16);
    }
    out[a * maxRun] = sum;
  }
  const long = runs.long;
  for (let d = 0; d < 13; d++) for (let t = LONG_RUNS * d, end = t + runs.longCounts[d]; t < end; t++) out[long[t]]++;
}
