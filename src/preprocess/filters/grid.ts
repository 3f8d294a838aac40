import { createVolume, type Vec3, type Volume } from '../../image/volume.js';

/** 2D filters act within each axial slice (x, y) independently; 3D filters act on the whole volume. */
export type FilterDims = '2D' | '3D';

/** The voxels of a volume as a fresh x-fastest Float64Array (strided views are read through get). */
export function float64Voxels(v: Volume): Float64Array {
  const a = v.voxels;
  const [nx, ny, nz] = v.shape;
  const n = nx * ny * nz;
  const s = a.stride;
  if (a.offset === 0 && s[0] === 1 && s[1] === nx && s[2] === nx * ny && a.data.length === n) return Float64Array.from(a.data as ArrayLike<number>);
  const out = new Float64Array(n);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) out[i] = a.get(x, y, z);
  return out;
}

/** A response map on the grid of `like` (same shape, spacing, origin, direction). */
export function responseVolume(like: Volume, data: Float64Array): Volume<Float64Array> {
  return createVolume({ data, shape: like.shape, spacing: like.spacing, origin: like.origin, direction: like.direction });
}

export function shapeOf(v: Volume): Vec3 {
  return v.shape;
}
