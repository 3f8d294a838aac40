/**
 * Zone labelling of the boxes (feature-map kernels) of one grid of grey levels, from links found once for
 * the grid (regionGlszmValuesInto): each ROI voxel's same-level backward neighbours as 13 bits
 * (zoneLinks), a kernel voxel's being its bits within the kernel box (labelBoxZones), in place of a padded
 * copy of each box and 13 compares per voxel. Then the union-find and numbering of labelZones (zones.ts),
 * so the same zones with the same ids.
 */
import type { Vec3 } from '../image/volume.js';
import { boxFaceMasks } from './directions.js';
import { roiVoxelCount } from './levels.js';
import { MatrixScratch } from './matrixScratch.js';
import { BACKWARD_3D, backwardNeighbours, joinNeighbours, matchBits13, numberRoots, padLevels, zoneIds, type ZoneLabels } from './zones.js';

/**
 * The 3D zones' links of a grid of grey levels (feature maps: the region whose boxes are the kernels),
 * found once: per voxel, bit o set when its backward neighbour o (BACKWARD_3D's order) lies in the grid
 * and has the voxel's grey level (> 0); 0 outside the ROI; in padLevels' layout (the grid grown by one
 * voxel on every side). `shape` is the grid's, `offset` its place in the image grid.
 */
export interface ZoneLinks {
  readonly bits: Int32Array;
  readonly shape: Vec3;
  readonly offset: Vec3;
}

/**
 * The ZoneLinks of `levels` over `shape` (x fastest, 0 outside the ROI) at `offset`, once per grid: found
 * on the padded copy of the levels (padLevels: a neighbour beyond the grid has level 0, never a voxel's, so
 * no bounds test), the bits kept in that padded layout (see labelBoxZones).
 */
export function zoneLinks(levels: Int32Array, shape: Vec3, offset: Vec3): ZoneLinks {
  const [nx, ny] = shape;
  const padded = padLevels(levels, shape, new MatrixScratch());
  const steps = Int32Array.from(BACKWARD_3D.offsets, ([dx, dy, dz]) => dx + (nx + 2) * (dy + (ny + 2) * dz));
  const bits = new Int32Array(padded.length);
  for (let p = 0; p < padded.length; p++) {
    const g = padded[p];
    if (g > 0) bits[p] = matchBits13(padded, p, g, steps);
  }
  return { bits, shape, offset };
}

/** The backward neighbours (BACKWARD_3D's bits) within a box, by the voxel's place in it (boxFaceMasks). */
const BACKWARD_FACE_MASKS: Int32Array = boxFaceMasks(BACKWARD_3D.offsets);

/**
 * labelZones (3D) of the box of `boxShape` at `boxOffset` (image grid) of the grid of `links`, whose
 * levels (box, x fastest, 0 outside the ROI) are the grid's there: each voxel's backward neighbours of its
 * level are its bits of `links` within the box (BACKWARD_FACE_MASKS), in place of a padded copy of the box
 * and 13 compares per voxel; then as labelZones, so the same zones with the same ids.
 */
export function labelBoxZones(links: ZoneLinks, boxOffset: Vec3, levels: Int32Array, boxShape: Vec3, scratch: MatrixScratch): ZoneLabels {
  const [bx, by, bz] = boxShape;
  const roi = roiVoxelCount(levels);
  const labels = scratch.int32('labels', levels.length);
  const parent = scratch.int32('parent', roi);
  const levelOf = scratch.int32('levelOf', roi);
  const boxOff = backwardNeighbours(boxShape, true, scratch).box;
  // links.bits is in padLevels' layout: grid voxel (x, y, z) at (x + 1) + nx (y + 1) + nx ny (z + 1), nx and ny the padded sizes.
  const nx = links.shape[0] + 2;
  const ny = links.shape[1] + 2;
  const x0 = boxOffset[0] - links.offset[0] + 1;
  const y0 = boxOffset[1] - links.offset[1] + 1;
  const z0 = boxOffset[2] - links.offset[2] + 1;
  let next = 0;
  for (let z = 0, k = 0; z < bz; z++) {
    const az = (z === 0 ? 16 : 0) | (z === bz - 1 ? 32 : 0);
    for (let y = 0; y < by; y++, k += bx) {
      const ay = az | (y === 0 ? 4 : 0) | (y === by - 1 ? 8 : 0);
      next = linkBoxRow(links.bits, x0 + nx * (y0 + y + ny * (z0 + z)), levels, k, bx, ay, boxOff, labels, parent, levelOf, next);
    }
  }
  const level = scratch.int32('zoneLevel', roi);
  const count = numberRoots(parent, levelOf, next, level);
  const size = scratch.int32('zoneSize', roi);
  zoneIds(levels, labels, parent, size);
  return { count, labels, level, size, sliceStart: null };
}

/** linkRow for the bx voxels of one box row from box index k (grid index i), `ay` the row's face bits (see BACKWARD_FACE_MASKS). */
function linkBoxRow(
  bits: Int32Array,
  i: number,
  levels: Int32Array,
  k: number,
  bx: number,
  ay: number,
  boxOff: Int32Array,
  labels: Int32Array,
  parent: Int32Array,
  levelOf: Int32Array,
  next: number,
): number {
  const cover = BACKWARD_3D.cover;
  for (let x = 0; x < bx; x++, i++, k++) {
    const g = levels[k];
    if (g <= 0) continue;
    const b = bits[i] & BACKWARD_FACE_MASKS[ay | (x === 0 ? 1 : 0) | (x === bx - 1 ? 2 : 0)];
    if (b === 0) {
      parent[next] = next;
      levelOf[next] = g;
      labels[k] = next++;
    } else labels[k] = joinNeighbours(b, k, boxOff, cover, labels, parent);
  }
  return next;
}
