/**
 * PyRadiomics' correctMask (imageoperations.checkMask -> _correctMask, _checkROI; read, not copied): a mask
 * whose grid differs from the image's is resampled onto the image grid with nearest-neighbour
 * interpolation, provided the ROI lies within the image's physical extent:
 *   1. the ROI's bounding box in mask indices, widened by half a voxel (voxel corners), is mapped to the
 *      image's continuous indices; every coordinate must lie in [-0.5 - 1e-3, n - 0.5 + 1e-3], else the
 *      ROI reaches outside the image (PyRadiomics: ValueError; here GeometryMismatch);
 *   2. each image voxel centre takes the mask value at the nearest mask voxel (index floor(c + 0.5), as
 *      ITK's nearest-neighbour interpolator rounds), 0 outside the mask grid.
 */
import { RadiomicsError } from '../errors.js';
import { createVolume, flatVoxelData, indexToWorld, type Geometry, type Mat3, type Vec3, type Volume } from '../image/volume.js';

/** Tolerance of the ROI-within-image check, in image voxels (PyRadiomics _checkROI). */
const ROI_TOLERANCE = 1e-3;

/** The mask resampled onto the image grid (values of the mask, Uint32 as SimpleITK casts masks), or a GeometryMismatch error naming the file. */
export function maskOnImageGrid(image: Geometry, mask: Volume, label: number, file?: string): Volume<Uint32Array> {
  const data = flatVoxelData(mask);
  const [mx, my, mz] = mask.shape;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (let z = 0, i = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      for (let x = 0; x < mx; x++, i++) {
        if (data[i] !== label) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
  }
  const name = file ?? 'mask';
  if (x0 === Infinity) throw new RadiomicsError('EmptyMask', `${name}: no voxel has label ${label}`, { file, label });
  const toImage = worldToIndex(image);
  for (const corner of [[x0 - 0.5, y0 - 0.5, z0 - 0.5], [x1 + 0.5, y1 + 0.5, z1 + 0.5]] as Vec3[]) {
    const c = toImage(indexToWorld(mask, corner));
    if (c.some((v, k) => v < -0.5 - ROI_TOLERANCE || v > image.shape[k] - 0.5 + ROI_TOLERANCE)) {
      throw new RadiomicsError('GeometryMismatch', `${name}: the ROI (label ${label}) reaches outside the image (its bounding box corner lies at image index [${c.map((v) => v.toFixed(3)).join(', ')}], image shape [${image.shape.join(', ')}]), so it cannot be resampled onto the image grid (correctMask)`, { file, label });
    }
  }
  const toMask = worldToIndex(mask);
  const [nx, ny, nz] = image.shape;
  const out = new Uint32Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const c = toMask(indexToWorld(image, [x, y, z]));
        const a = Math.floor(c[0] + 0.5);
        const b = Math.floor(c[1] + 0.5);
        const d = Math.floor(c[2] + 0.5);
        if (a < 0 || b < 0 || d < 0 || a >= mx || b >= my || d >= mz) continue;
        const v = data[a + mx * (b + my * d)];
        out[i] = v > 0 ? v : 0;
      }
    }
  }
  return createVolume({ data: out, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
}

/** World (LPS) -> continuous voxel index of a geometry (the direction matrix inverted in general). */
export function worldToIndex(g: Geometry): (p: Vec3) => Vec3 {
  const inv = invert3(g.direction);
  return (p) => {
    const u = p[0] - g.origin[0];
    const v = p[1] - g.origin[1];
    const w = p[2] - g.origin[2];
    return [(inv[0] * u + inv[1] * v + inv[2] * w) / g.spacing[0], (inv[3] * u + inv[4] * v + inv[5] * w) / g.spacing[1], (inv[6] * u + inv[7] * v + inv[8] * w) / g.spacing[2]];
  };
}

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, k] = m;
  const A = e * k - f * h;
  const B = -(d * k - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-12)) throw new RadiomicsError('InvalidArgument', 'the direction matrix is singular', { direction: [...m] });
  return [A / det, -(b * k - c * h) / det, (b * f - c * e) / det, B / det, (a * k - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}
