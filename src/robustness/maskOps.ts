/**
 * Binary morphology on 0/1 ROI indicators (x-fastest, shape [nx, ny, nz]) for volume adaptation
 * (Zwanenburg et al., Sci Rep 2019;9:614, perturbation V) and for closing randomised contours (C).
 * Structuring elements: the 6-neighbourhood (scipy.ndimage.generate_binary_structure(3, 1)), or a ball of
 * radius d mm (all offsets whose physical length is <= d). Voxels outside the image count as background,
 * so erosion removes ROI voxels on the image edge (scipy's border_value 0).
 */
import { RadiomicsError } from '../errors.js';
import type { Vec3 } from '../image/volume.js';
import type { Random } from './random.js';

const SIX: readonly Vec3[] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];

export function countVoxels(ind: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < ind.length; i++) c += ind[i];
  return c;
}

/** Dilation by a set of offsets (the centre is always kept). */
export function dilate(ind: Uint8Array, shape: Vec3, offsets: readonly Vec3[] = SIX): Uint8Array {
  const [nx, ny, nz] = shape;
  const out = Uint8Array.from(ind);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (ind[i] === 0) continue;
        for (const [dx, dy, dz] of offsets) {
          const xx = x + dx;
          const yy = y + dy;
          const zz = z + dz;
          if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
          out[xx + nx * (yy + ny * zz)] = 1;
        }
      }
    }
  }
  return out;
}

/** Erosion by a set of offsets: a voxel stays when every offset lands inside the ROI (and the image). */
export function erode(ind: Uint8Array, shape: Vec3, offsets: readonly Vec3[] = SIX): Uint8Array {
  const [nx, ny, nz] = shape;
  const out = new Uint8Array(ind.length);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (ind[i] === 0) continue;
        let keep = 1;
        for (const [dx, dy, dz] of offsets) {
          const xx = x + dx;
          const yy = y + dy;
          const zz = z + dz;
          if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz || ind[xx + nx * (yy + ny * zz)] === 0) { keep = 0; break; }
        }
        out[i] = keep;
      }
    }
  }
  return out;
}

/** Closing (dilation, then erosion) with the 6-neighbourhood, as scipy.ndimage.binary_closing's default. */
export function close(ind: Uint8Array, shape: Vec3): Uint8Array {
  return erode(dilate(ind, shape), shape);
}

/** Offsets of a ball of radius `distance` mm on a grid of `spacing` (centre excluded). */
export function ballOffsets(distance: number, spacing: Vec3): Vec3[] {
  const r = spacing.map((s) => Math.floor(distance / s));
  const out: Vec3[] = [];
  for (let dz = -r[2]; dz <= r[2]; dz++) {
    for (let dy = -r[1]; dy <= r[1]; dy++) {
      for (let dx = -r[0]; dx <= r[0]; dx++) {
        if (dx === 0 && dy === 0 && dz === 0) continue;
        if ((dx * spacing[0]) ** 2 + (dy * spacing[1]) ** 2 + (dz * spacing[2]) ** 2 <= distance ** 2 + 1e-9) out.push([dx, dy, dz]);
      }
    }
  }
  return out;
}

/**
 * Grows (distance > 0) or shrinks (distance < 0) the ROI by a ball of |distance| mm. A distance below the
 * smallest voxel spacing changes nothing.
 */
export function adaptVolumeByDistance(ind: Uint8Array, shape: Vec3, spacing: Vec3, distance: number): Uint8Array {
  if (!Number.isFinite(distance)) throw new RadiomicsError('InvalidArgument', `volume adaptation distance must be finite, got ${distance}`, { distance });
  const offsets = ballOffsets(Math.abs(distance), spacing);
  if (offsets.length === 0 || distance === 0) return Uint8Array.from(ind);
  return distance > 0 ? dilate(ind, shape, offsets) : erode(ind, shape, offsets);
}

/**
 * Grows (fraction > 0) or shrinks (fraction < 0) the ROI volume by `fraction` of its voxels, as MIRP's
 * fractional_volume_change: dilate (erode) by the 6-neighbourhood step by step until the next step would
 * reach the target, then add (remove) randomly chosen voxels of that next step's border until the voxel
 * count is floor(V0 (1 + fraction)). The result differs from the target by less than one voxel unless the
 * image edge stops growth. fraction must lie in (-1, inf).
 */
export function adaptVolumeByFraction(ind: Uint8Array, shape: Vec3, fraction: number, rng: Random): Uint8Array {
  if (!(fraction > -1) || !Number.isFinite(fraction)) throw new RadiomicsError('InvalidArgument', `volume adaptation fraction must lie in (-1, inf), got ${fraction}`, { fraction });
  const initial = countVoxels(ind);
  if (fraction === 0 || initial === 0) return Uint8Array.from(ind);
  const target = Math.floor(initial * (1 + fraction));
  let previous: Uint8Array = Uint8Array.from(ind);
  let previousCount = initial;
  for (;;) {
    const current = fraction > 0 ? dilate(previous, shape) : erode(previous, shape);
    const count = countVoxels(current);
    const reached = fraction > 0 ? count >= target : count <= target;
    if (reached || count === previousCount) {
      // border voxels between previous and current, in index order; pick |target - previousCount| of them
      const border: number[] = [];
      for (let i = 0; i < current.length; i++) if (current[i] !== previous[i]) border.push(i);
      const want = Math.min(Math.abs(target - previousCount), border.length);
      for (let k = 0; k < want; k++) {
        const j = k + rng.integer(border.length - k);
        const t = border[k];
        border[k] = border[j];
        border[j] = t;
        previous[border[k]] = fraction > 0 ? 1 : 0;
      }
      return previous;
    }
    previous = current;
    previousCount = count;
  }
}
