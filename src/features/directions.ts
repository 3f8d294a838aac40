import type { Vec3 } from '../image/volume.js';

/**
 * The 13 unique 3D neighbour directions (26-connectivity, one of each opposite pair), and the 4
 * in-plane ones (8-connectivity), as [dx, dy, dz] index offsets. The in-plane ones come first so
 * DIRECTIONS_3D.slice(0, 4) equals DIRECTIONS_2D. Order is fixed: outputs depend on it only through
 * summation order, which it keeps deterministic.
 */
export const DIRECTIONS_2D: readonly Vec3[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [-1, 1, 0],
];

export const DIRECTIONS_3D: readonly Vec3[] = [
  ...DIRECTIONS_2D,
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
  [-1, 1, 1],
  [-1, 0, 1],
  [-1, -1, 1],
  [0, -1, 1],
  [1, -1, 1],
];

/** All offsets within Chebyshev distance d (excluding the centre), in 2D (dz = 0) or 3D. */
export function chebyshevNeighbourhood(distance: number, threeD: boolean): Vec3[] {
  const out: Vec3[] = [];
  const zr = threeD ? distance : 0;
  for (let dz = -zr; dz <= zr; dz++)
    for (let dy = -distance; dy <= distance; dy++)
      for (let dx = -distance; dx <= distance; dx++) if (dx !== 0 || dy !== 0 || dz !== 0) out.push([dx, dy, dz]);
  return out;
}

/**
 * The offsets of chebyshevNeighbourhood that come after the voxel in box order (x fastest): dz > 0, or
 * dz = 0 and dy > 0, or dz = dy = 0 and dx > 0. One of each opposite pair, so a symmetric relation
 * between neighbours is tested once per pair over these offsets.
 */
export function forwardNeighbourhood(distance: number, threeD: boolean): Vec3[] {
  return chebyshevNeighbourhood(distance, threeD).filter(([dx, dy, dz]) => dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0))));
}

/**
 * Which of `offsets` (at most 32) stay inside a box, by a voxel's place in it: per axis 0 inside, 1 on the
 * low face (no neighbour at -1), 2 on the high face (none at +1), 3 both (a box one voxel thick); at index
 * ax + 4 ay + 16 az, bit o set when offsets[o] stays inside. Kernel walks mask a voxel's neighbour bits with
 * it (feature maps: ngldm.ts, zoneLinks.ts, glrlm/regionRuns.ts).
 */
export function boxFaceMasks(offsets: readonly Vec3[]): Int32Array {
  const masks = new Int32Array(64);
  const inside = (d: number, place: number) => !((d === -1 && place & 1) || (d === 1 && place & 2));
  for (let c = 0; c < 64; c++) {
    offsets.forEach(([dx, dy, dz], o) => {
      if (inside(dx, c & 3) && inside(dy, (c >> 2) & 3) && inside(dz, (c >> 4) & 3)) masks[c] |= 1 << o;
    });
  }
  return masks;
}
