import type { Vec3 } from './volume.js';

/** Inclusive index bounds of the voxels of a mask, and their number (count 0: x0 > x1, an empty box). */
export interface MaskBox {
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly x1: number;
  readonly y1: number;
  readonly z1: number;
  readonly count: number;
}

/** The bounding box of the non-zero voxels of `mask` (x fastest, `shape` voxels). */
export function maskBox(mask: Uint8Array, shape: Vec3): MaskBox {
  return maskBoxWithin(mask, shape, [0, 0, 0], [shape[0] - 1, shape[1] - 1, shape[2] - 1]);
}

/** The bounding box of the non-zero voxels of `mask` (x fastest, `shape` voxels) within the inclusive index bounds [lo, hi]. */
export function maskBoxWithin(mask: Uint8Array, shape: Vec3, lo: Vec3, hi: Vec3): MaskBox {
  const [nx, ny, nz] = shape;
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1, count = 0;
  for (let z = lo[2]; z <= hi[2]; z++)
    for (let y = lo[1]; y <= hi[1]; y++)
      for (let x = lo[0], i = lo[0] + nx * (y + ny * z); x <= hi[0]; x++, i++) {
        if (!mask[i]) continue;
        count++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
  return { x0, y0, z0, x1, y1, z1, count };
}

/** Number of non-zero voxels of `mask`. */
export function maskCount(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}

/** Voxels along each axis of a box ([0, 0, 0] for an empty one). */
export function boxDims(b: MaskBox): Vec3 {
  return b.count ? [b.x1 - b.x0 + 1, b.y1 - b.y0 + 1, b.z1 - b.z0 + 1] : [0, 0, 0];
}
