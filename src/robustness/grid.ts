/**
 * Grid operations for perturbation: cropping to the ROI, and re-sampling an image and its mask on the
 * same grid after an in-plane rotation and a sub-voxel translation (Zwanenburg et al., Sci Rep 2019;9:614,
 * perturbations R and T; MIRP rotates and translates the interpolation grid the same way).
 */
import { RadiomicsError } from '../errors.js';
import { createVolume, indexToWorld, type Mask, type Vec3, type Volume } from '../image/volume.js';

/** 0/1 indicator of `mask.label`, x-fastest like the volume data. */
export function roiIndicator(mask: Mask): Uint8Array {
  const d = mask.volume.voxels.data as ArrayLike<number>;
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = d[i] === mask.label ? 1 : 0;
  return out;
}

/** Voxel values as Float64 (x-fastest). */
export function imageValues(image: Volume): Float64Array {
  return Float64Array.from(image.voxels.data as ArrayLike<number>);
}

/**
 * Crops image and mask to the bounding box of the ROI grown by `marginMm` on each side (clamped to the
 * image), as MIRP does before perturbing (boundary 25 mm), so that every perturbation touches only the
 * neighbourhood of the ROI. Origin moves with the crop; spacing and direction stay. EmptyMask if no voxel
 * has the label.
 */
export function cropToRoi(image: Volume, mask: Mask, marginMm = 25): { image: Volume<Float32Array>; mask: Mask<Uint8Array> } {
  const ind = roiIndicator(mask);
  const [nx, ny, nz] = image.shape;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (ind[i] === 0) continue;
        if (x < lo[0]) lo[0] = x;
        if (y < lo[1]) lo[1] = y;
        if (z < lo[2]) lo[2] = z;
        if (x > hi[0]) hi[0] = x;
        if (y > hi[1]) hi[1] = y;
        if (z > hi[2]) hi[2] = z;
      }
    }
  }
  if (hi[0] < 0) throw new RadiomicsError('EmptyMask', `mask: no voxel has label ${mask.label}`, { label: mask.label });
  const n = [nx, ny, nz];
  const a = lo.map((v, k) => Math.max(0, v - Math.ceil(marginMm / image.spacing[k])));
  const b = hi.map((v, k) => Math.min(n[k] - 1, v + Math.ceil(marginMm / image.spacing[k])));
  const shape: Vec3 = [b[0] - a[0] + 1, b[1] - a[1] + 1, b[2] - a[2] + 1];
  const src = image.voxels.data as ArrayLike<number>;
  const img = new Float32Array(shape[0] * shape[1] * shape[2]);
  const msk = new Uint8Array(img.length);
  for (let z = 0, o = 0; z < shape[2]; z++) {
    for (let y = 0; y < shape[1]; y++) {
      const row = a[0] + nx * (a[1] + y + ny * (a[2] + z));
      for (let x = 0; x < shape[0]; x++, o++) {
        img[o] = src[row + x];
        msk[o] = ind[row + x];
      }
    }
  }
  const geometry = { shape, spacing: image.spacing, origin: indexToWorld(image, [a[0], a[1], a[2]]), direction: image.direction };
  return { image: createVolume({ data: img, ...geometry }), mask: { volume: createVolume({ data: msk, ...geometry }), label: 1 } };
}

/** Centroid of the ROI in voxel indices. */
export function roiCentroid(ind: Uint8Array, shape: Vec3): Vec3 {
  const [nx, ny] = shape;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let c = 0;
  for (let i = 0; i < ind.length; i++) {
    if (ind[i] === 0) continue;
    sx += i % nx;
    sy += Math.floor(i / nx) % ny;
    sz += Math.floor(i / (nx * ny));
    c++;
  }
  return c === 0 ? [0, 0, 0] : [sx / c, sy / c, sz / c];
}

/**
 * Re-samples image and ROI on the same grid after rotating the grid by `angleDeg` about the z axis through
 * the ROI centroid (in mm, so anisotropic in-plane spacing is handled) and shifting it by `translation`
 * voxels per axis: output voxel (i, j, k) takes the input at
 *   c + R(angle) [(i + t_x - c_x) s_x, (j + t_y - c_y) s_y] / s    (x, y),      k + t_z    (z).
 * Image: trilinear, edge voxels repeated outside the image (scipy mode 'nearest', as MIRP). Mask: the 0/1
 * indicator interpolated trilinearly, kept where >= 0.5 after rounding to 6 decimals (IBSI partial volume
 * threshold, as MIRP). Angle 0 and translation 0 return copies of the input.
 */
export function rotateTranslate(values: Float64Array, ind: Uint8Array, shape: Vec3, spacing: Vec3, angleDeg: number, translation: Vec3): { values: Float64Array; indicator: Uint8Array } {
  if (angleDeg === 0 && translation.every((t) => t === 0)) return { values: Float64Array.from(values), indicator: Uint8Array.from(ind) };
  const [nx, ny, nz] = shape;
  const c = roiCentroid(ind, shape);
  const theta = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const out = new Float64Array(values.length);
  const outMask = new Uint8Array(values.length);
  for (let k = 0, o = 0; k < nz; k++) {
    const z = k + translation[2];
    for (let j = 0; j < ny; j++) {
      const v = (j + translation[1] - c[1]) * spacing[1];
      for (let i = 0; i < nx; i++, o++) {
        const u = (i + translation[0] - c[0]) * spacing[0];
        const x = c[0] + (cos * u - sin * v) / spacing[0];
        const y = c[1] + (sin * u + cos * v) / spacing[1];
        out[o] = trilinear(values, shape, x, y, z);
        outMask[o] = Math.round(trilinear(ind, shape, x, y, z) * 1e6) / 1e6 >= 0.5 ? 1 : 0;
      }
    }
  }
  return { values: out, indicator: outMask };
}

/** Trilinear interpolation at a continuous index, clamping to the edge (positions snap to integers within 1e-9). */
function trilinear(d: ArrayLike<number>, shape: Vec3, x: number, y: number, z: number): number {
  const nx = shape[0];
  const ny = shape[1];
  const nz = shape[2];
  const cx = clamp(snap(x), nx);
  const cy = clamp(snap(y), ny);
  const cz = clamp(snap(z), nz);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const z0 = Math.floor(cz);
  const dx = x0 + 1 < nx ? 1 : 0;
  const dy = y0 + 1 < ny ? nx : 0;
  const dz = z0 + 1 < nz ? nx * ny : 0;
  const fx = cx - x0;
  const fy = cy - y0;
  const fz = cz - z0;
  const i = x0 + nx * (y0 + ny * z0);
  const c00 = d[i] * (1 - fx) + d[i + dx] * fx;
  const c10 = d[i + dy] * (1 - fx) + d[i + dy + dx] * fx;
  const c01 = d[i + dz] * (1 - fx) + d[i + dz + dx] * fx;
  const c11 = d[i + dz + dy] * (1 - fx) + d[i + dz + dy + dx] * fx;
  return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
}

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-9 ? r : v;
}

function clamp(v: number, n: number): number {
  return v < 0 ? 0 : v > n - 1 ? n - 1 : v;
}
