/**
 * PyRadiomics' texture offsets and direction weights (glcm.py / glrlm.py _calculateMatrix, cmatrices.c
 * build_angles; read, not copied).
 *
 * Offsets (PyRadiomics `distances`): every offset whose Chebyshev norm max(|dx|, |dy|, |dz|) is one of the
 * distances, one of each opposite pair: (2d + 1)^3 - (2d - 1)^3 offsets per distance d in 3D, halved
 * (13 at d = 1, 49 at 2, 109 at 3); in-plane (dz = 0) with force2D, (2d + 1)^2 - (2d - 1)^2 halved. Only
 * the shell at each listed distance: distances [2] leaves out the offsets at distance 1. PyRadiomics keeps
 * the member of each pair whose first non-zero component in (z, y, x) order is positive; so do we, which
 * matters for asymmetric matrices (the other member gives the transpose). IBSI instead takes delta times
 * the 13 unit directions (features/directions.ts); at distance 1 both are the same 13 offsets.
 *
 * Weights (PyRadiomics `weightingNorm`), with the offset in mm, a = (|dx| sx, |dy| sy, |dz| sz):
 *   GLCM:  w = exp(-||a||^2): manhattan (sum a)^2, euclidean sum a^2, infinity (max a)^2; no_weighting 1.
 *   GLRLM: w = ||a||, the norm itself (not its exponential): sum a, sqrt(sum a^2), max a; no_weighting 1.
 * The merged matrix is sum_d w_d M_d.
 */
import type { Vec3 } from '../image/volume.js';

export type WeightingNormName = 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting';

/**
 * The offsets [dx, dy, dz] at the given Chebyshev distances (each >= 1), 3D or in-plane, one of each
 * opposite pair: dz > 0, or dz = 0 and dy > 0, or dz = dy = 0 and dx > 0. Ordered by distance, then
 * z, y, x ascending; at distance 1 in DIRECTIONS_3D's order when `unitOrder` is given.
 */
export function pyradiomicsOffsets(distances: readonly number[], threeD: boolean, unitOrder?: readonly Vec3[]): Vec3[] {
  const out: Vec3[] = [];
  for (const d of [...new Set(distances)].sort((a, b) => a - b)) {
    if (d === 1 && unitOrder !== undefined) {
      out.push(...unitOrder.filter((o) => threeD || o[2] === 0));
      continue;
    }
    const zr = threeD ? d : 0;
    for (let dz = 0; dz <= zr; dz++) {
      for (let dy = dz === 0 ? 0 : -d; dy <= d; dy++) {
        for (let dx = dz === 0 && dy === 0 ? 1 : -d; dx <= d; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) === d) out.push([dx, dy, dz]);
        }
      }
    }
  }
  return out;
}

/** The offset's length in mm under the norm (1 for no_weighting). */
function offsetNorm(offset: Vec3, spacing: Vec3, norm: WeightingNormName): number {
  const a = [Math.abs(offset[0]) * spacing[0], Math.abs(offset[1]) * spacing[1], Math.abs(offset[2]) * spacing[2]];
  switch (norm) {
    case 'manhattan':
      return a[0] + a[1] + a[2];
    case 'euclidean':
      return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    case 'infinity':
      return Math.max(a[0], a[1], a[2]);
    case 'no_weighting':
      return 1;
  }
}

/** PyRadiomics' GLCM weight of one offset: exp(-||a||^2) (euclidean: exp(-sum a^2), without the root), 1 for no_weighting. */
export function glcmDirectionWeight(offset: Vec3, spacing: Vec3, norm: WeightingNormName): number {
  if (norm === 'no_weighting') return 1;
  if (norm === 'euclidean') {
    const a = [offset[0] * spacing[0], offset[1] * spacing[1], offset[2] * spacing[2]];
    return Math.exp(-(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]));
  }
  const n = offsetNorm(offset, spacing, norm);
  return Math.exp(-(n * n));
}

/** PyRadiomics' GLRLM weight of one direction: ||a|| under the norm, 1 for no_weighting. */
export function glrlmDirectionWeight(direction: Vec3, spacing: Vec3, norm: WeightingNormName): number {
  return offsetNorm(direction, spacing, norm);
}
