/**
 * Synthetic MRI-like benchmark cases, generated deterministically (seeded PRNG, no file inputs):
 * a 256 x 256 x 128 float32 image at 0.9 x 0.9 x 1.5 mm whose intensities (about 0-1000) are a smooth
 * texture (a few low-frequency sinusoids with seeded phases) plus Gaussian noise, and an ellipsoid mask
 * (semi-axes in ratio 1 : 0.8 : 0.6, centred, slightly tilted by a seeded offset) of a requested voxel
 * count. Used by bench/run.ts and written as NIfTI so that file reading is part of what is timed.
 */
import { createVolume, type Vec3, type Volume } from 'radiomics';
import { mulberry32 as prng } from '../src/util/random.js';

export const SHAPE: Vec3 = [256, 256, 128];
export const SPACING: Vec3 = [0.9, 0.9, 1.5];

/** Image: 500 + smooth texture (amplitude ~300) + Gaussian noise (sigma 40), clamped to [0, 1000]. */
export function syntheticImage(seed: number, shape: Vec3 = SHAPE, spacing: Vec3 = SPACING): Volume<Float32Array> {
  const [nx, ny, nz] = shape;
  const rand = prng(seed);
  const ph = Array.from({ length: 6 }, () => 2 * Math.PI * rand());
  // Separable texture: sums of per-axis sinusoids, tabulated once per axis (periods 6-25 mm).
  const tx = Float64Array.from({ length: nx }, (_, x) => Math.sin((x * spacing[0]) / 4 + ph[0]) + 0.5 * Math.sin((x * spacing[0]) / 1.3 + ph[1]));
  const ty = Float64Array.from({ length: ny }, (_, y) => Math.cos((y * spacing[1]) / 3.5 + ph[2]) + 0.5 * Math.sin((y * spacing[1]) / 1.1 + ph[3]));
  const tz = Float64Array.from({ length: nz }, (_, z) => Math.sin((z * spacing[2]) / 3 + ph[4]) + 0.3 * Math.cos((z * spacing[2]) / 1.6 + ph[5]));
  const data = new Float32Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        // Box-Muller from two uniforms; 1 - u keeps the log argument in (0, 1].
        const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        const v = 500 + 120 * tx[x] * ty[y] + 80 * ty[y] * tz[z] + 60 * tx[x] * tz[z] + 40 * g;
        data[i] = v < 0 ? 0 : v > 1000 ? 1000 : v;
      }
  return createVolume({ data, shape, spacing });
}

/**
 * Ellipsoid mask with about `voxels` voxels: semi-axes r, 0.8 r, 0.6 r (mm) around the image centre,
 * r from V = 4/3 pi r^3 0.48 = voxels x voxel volume. Returns the mask and its exact voxel count.
 */
export function ellipsoidMask(voxels: number, shape: Vec3 = SHAPE, spacing: Vec3 = SPACING): { mask: Volume<Uint8Array>; count: number } {
  const [nx, ny, nz] = shape;
  const r = Math.cbrt((voxels * spacing[0] * spacing[1] * spacing[2]) / ((4 / 3) * Math.PI * 0.48));
  const semi = [r, 0.8 * r, 0.6 * r];
  const c = [(nx - 1) / 2 + 0.3, (ny - 1) / 2 - 0.2, (nz - 1) / 2 + 0.1];
  const data = new Uint8Array(nx * ny * nz);
  let count = 0;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const px = ((x - c[0]) * spacing[0]) / semi[0];
        const py = ((y - c[1]) * spacing[1]) / semi[1];
        const pz = ((z - c[2]) * spacing[2]) / semi[2];
        if (px * px + py * py + pz * pz <= 1) {
          data[i] = 1;
          count++;
        }
      }
  return { mask: createVolume({ data, shape, spacing }), count };
}

/**
 * CT-like int16 volume (HU): air -1000 outside a body ellipse, soft tissue ~40 HU with smooth texture
 * and noise inside. For the memory check of a large CT (512 x 512 x 400).
 */
export function syntheticCt(seed: number, shape: Vec3, spacing: Vec3): Volume<Int16Array> {
  const [nx, ny, nz] = shape;
  const rand = prng(seed);
  const data = new Int16Array(nx * ny * nz);
  const tx = Float64Array.from({ length: nx }, (_, x) => Math.sin((x * spacing[0]) / 5));
  const ty = Float64Array.from({ length: ny }, (_, y) => Math.cos((y * spacing[1]) / 4));
  const tz = Float64Array.from({ length: nz }, (_, z) => Math.sin((z * spacing[2]) / 6));
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const ex = (x - nx / 2) / (0.45 * nx);
        const ey = (y - ny / 2) / (0.35 * ny);
        if (ex * ex + ey * ey > 1) {
          data[i] = -1000;
          continue;
        }
        data[i] = Math.round(40 + 60 * tx[x] * ty[y] + 40 * tz[z] + 30 * (rand() + rand() + rand() - 1.5));
      }
  return createVolume({ data, shape, spacing });
}
