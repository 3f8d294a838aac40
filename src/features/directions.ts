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
