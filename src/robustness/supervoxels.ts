/**
 * Supervoxel contour randomisation (Zwanenburg et al., Sci Rep 2019;9:614, perturbation C), as MIRP does it:
 *   1. clip intensities to the ROI range extended by 10% on each side and scale them to [0, 1];
 *   2. segment the image into supervoxels with SLIC (Achanta R et al. SLIC superpixels compared to
 *      state-of-the-art superpixel methods. IEEE TPAMI 2012;34:2274-2282): Gaussian pre-smoothing with
 *      sigma = the smallest spacing (mm), about N / max(20, 500 / voxel volume) segments, compactness 0.05;
 *   3. per supervoxel that touches the ROI, the overlap fraction |S and ROI| / |S| is its probability of
 *      inclusion, except: the largest overlap and every overlap >= 0.90 are always included, overlaps below
 *      0.20 never;
 *   4. the union of the drawn supervoxels, closed with the 6-neighbourhood, is the new ROI.
 * SLIC here: distance D^2 = (intensity difference)^2 + (m / S)^2 (distance in mm)^2 with grid step S mm,
 * 10 iterations over windows of +-S around each centre. Unlike scikit-image's slic, connectivity is not
 * enforced afterwards (a supervoxel may be split into pieces; each piece is still close in space and
 * intensity), and the iteration count is fixed rather than stopped at convergence.
 */
import type { Vec3 } from '../image/volume.js';
import { close } from './maskOps.js';
import type { Random } from './random.js';

export interface SlicOptions {
  /** Target number of supervoxels. */
  readonly segments: number;
  /** m: weight of spatial against intensity distance (intensities in [0, 1]). Default 0.05 (MIRP). */
  readonly compactness?: number;
  /** Gaussian pre-smoothing sigma in mm. Default: the smallest spacing. 0 disables. */
  readonly sigmaMm?: number;
  /** Iterations. Default 10. */
  readonly iterations?: number;
}

/** SLIC supervoxel labels 0..K-1 of a [0, 1] image (x-fastest). */
export function slic(values: Float64Array, shape: Vec3, spacing: Vec3, options: SlicOptions): Int32Array {
  const [nx, ny, nz] = shape;
  const n = nx * ny * nz;
  const m = options.compactness ?? 0.05;
  const sigma = options.sigmaMm ?? Math.min(...spacing);
  const img = sigma > 0 ? gaussianSmooth(values, shape, spacing.map((s) => sigma / s) as unknown as Vec3) : values;
  const volume = n * spacing[0] * spacing[1] * spacing[2];
  const step = Math.cbrt(volume / Math.max(1, options.segments));
  const stepVox = spacing.map((s) => Math.max(1, step / s));
  const counts = stepVox.map((s, k) => Math.max(1, Math.round(shape[k] / s)));
  // centres: [x, y, z (voxel indices), intensity]
  const centres: number[][] = [];
  for (let k = 0; k < counts[2]; k++) {
    for (let j = 0; j < counts[1]; j++) {
      for (let i = 0; i < counts[0]; i++) {
        const x = Math.min(nx - 1, Math.floor(((i + 0.5) * nx) / counts[0]));
        const y = Math.min(ny - 1, Math.floor(((j + 0.5) * ny) / counts[1]));
        const z = Math.min(nz - 1, Math.floor(((k + 0.5) * nz) / counts[2]));
        centres.push([x, y, z, img[x + nx * (y + ny * z)]]);
      }
    }
  }
  const win = spacing.map((s) => Math.ceil(step / s));
  const w = (m / step) ** 2;
  const [sx, sy, sz] = spacing;
  const k = centres.length;
  const cen = new Float64Array(k * 4);
  centres.forEach((c, l) => cen.set(c, l * 4));
  const labels = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const acc = new Float64Array(k * 5);
  const iterations = options.iterations ?? 10;
  for (let it = 0; it < iterations; it++) {
    dist.fill(Infinity);
    for (let label = 0; label < k; label++) {
      const cx = cen[label * 4];
      const cy = cen[label * 4 + 1];
      const cz = cen[label * 4 + 2];
      const ci = cen[label * 4 + 3];
      const x0 = Math.max(0, Math.floor(cx - win[0]));
      const x1 = Math.min(nx - 1, Math.ceil(cx + win[0]));
      const y0 = Math.max(0, Math.floor(cy - win[1]));
      const y1 = Math.min(ny - 1, Math.ceil(cy + win[1]));
      const z0 = Math.max(0, Math.floor(cz - win[2]));
      const z1 = Math.min(nz - 1, Math.ceil(cz + win[2]));
      for (let z = z0; z <= z1; z++) {
        const dz = (z - cz) * sz;
        for (let y = y0; y <= y1; y++) {
          const dy = (y - cy) * sy;
          const dyz = w * (dz * dz + dy * dy);
          let i = x0 + nx * (y + ny * z);
          for (let x = x0; x <= x1; x++, i++) {
            const di = img[i] - ci;
            const dx = (x - cx) * sx;
            const d = di * di + dyz + w * dx * dx;
            if (d < dist[i]) { dist[i] = d; labels[i] = label; }
          }
        }
      }
    }
    // move each centre to the mean of its voxels
    acc.fill(0);
    for (let z = 0, i = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, i++) {
          const l = labels[i];
          if (l < 0) continue;
          acc[l * 5] += x;
          acc[l * 5 + 1] += y;
          acc[l * 5 + 2] += z;
          acc[l * 5 + 3] += img[i];
          acc[l * 5 + 4] += 1;
        }
      }
    }
    for (let l = 0; l < k; l++) {
      const cnt = acc[l * 5 + 4];
      if (cnt > 0) for (let q = 0; q < 4; q++) cen[l * 4 + q] = acc[l * 5 + q] / cnt;
    }
  }
  // Voxels never reached (none in practice: windows overlap) join label 0.
  for (let i = 0; i < n; i++) if (labels[i] < 0) labels[i] = 0;
  return labels;
}

/** Separable Gaussian smoothing with per-axis sigma in voxels (truncated at 4 sigma, mirrored borders). */
function gaussianSmooth(values: Float64Array, shape: Vec3, sigma: Vec3): Float64Array {
  let cur = values;
  for (let axis = 0; axis < 3; axis++) {
    const s = sigma[axis];
    if (!(s > 0) || shape[axis] === 1) continue;
    const r = Math.ceil(4 * s);
    const kernel = new Float64Array(2 * r + 1);
    let sum = 0;
    for (let t = -r; t <= r; t++) { kernel[t + r] = Math.exp(-(t * t) / (2 * s * s)); sum += kernel[t + r]; }
    for (let t = 0; t < kernel.length; t++) kernel[t] /= sum;
    const out = new Float64Array(cur.length);
    const [nx, ny, nz] = shape;
    const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
    const len = shape[axis];
    for (let z = 0, i = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, i++) {
          const pos = axis === 0 ? x : axis === 1 ? y : z;
          const base = i - pos * stride;
          let acc = 0;
          for (let t = -r; t <= r; t++) {
            let q = pos + t;
            if (q < 0) q = -q - 1;
            if (q >= len) q = 2 * len - q - 1;
            q = Math.min(len - 1, Math.max(0, q));
            acc += kernel[t + r] * cur[base + q * stride];
          }
          out[i] = acc;
        }
      }
    }
    cur = out;
  }
  return cur;
}

export interface SupervoxelOverlap {
  /** Supervoxel labels that touch the ROI, ascending. */
  readonly labels: Int32Array;
  /** Inclusion probability of each (overlap fraction after the 0.2 / 0.9 / largest rules). */
  readonly probability: Float64Array;
}

/** SLIC supervoxels of the image around the ROI and their inclusion probabilities (steps 1-3 above). */
export function supervoxelOverlap(values: Float64Array, ind: Uint8Array, shape: Vec3, spacing: Vec3): { segments: Int32Array; overlap: SupervoxelOverlap } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ind.length; i++) {
    if (ind[i] === 0) continue;
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  const ext = 0.1 * (hi - lo);
  const a = lo - ext;
  const range = hi + ext - a || 1;
  const scaled = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) scaled[i] = (Math.min(hi + ext, Math.max(a, values[i])) - a) / range;
  const voxelVolume = spacing[0] * spacing[1] * spacing[2];
  const segments = Math.max(1, Math.floor(values.length / Math.max(20, 500 / voxelVolume)));
  const labels = slic(scaled, shape, spacing, { segments });
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > k) k = labels[i] + 1;
  const size = new Float64Array(k);
  const inside = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    size[labels[i]] += 1;
    inside[labels[i]] += ind[i];
  }
  const touching: number[] = [];
  for (let l = 0; l < k; l++) if (inside[l] > 0) touching.push(l);
  const probability = new Float64Array(touching.length);
  let best = 0;
  touching.forEach((l, t) => {
    const f = inside[l] / size[l];
    probability[t] = f >= 0.9 ? 1 : f < 0.2 ? 0 : f;
    if (inside[l] / size[l] > inside[touching[best]] / size[touching[best]]) best = t;
  });
  if (touching.length > 0) probability[best] = 1;
  return { segments: labels, overlap: { labels: Int32Array.from(touching), probability } };
}

/** One randomised ROI: each touching supervoxel drawn with its probability (in label order), union, closing. */
export function drawContour(segments: Int32Array, overlap: SupervoxelOverlap, shape: Vec3, rng: Random): { indicator: Uint8Array; included: number } {
  let k = 0;
  for (let i = 0; i < segments.length; i++) if (segments[i] + 1 > k) k = segments[i] + 1;
  const chosen = new Uint8Array(k);
  let included = 0;
  overlap.labels.forEach((l, t) => {
    if (rng.uniform() < overlap.probability[t]) { chosen[l] = 1; included++; }
  });
  const ind = new Uint8Array(segments.length);
  for (let i = 0; i < segments.length; i++) ind[i] = chosen[segments[i]];
  return { indicator: close(ind, shape), included };
}

/**
 * Contour randomisation of one ROI: supervoxels of the ROI's bounding box grown by `marginMm` (MIRP: 25 mm),
 * then one draw (drawContour). Returns a full-size indicator.
 */
export function randomiseContour(values: Float64Array, ind: Uint8Array, shape: Vec3, spacing: Vec3, rng: Random, marginMm = 25): { indicator: Uint8Array; supervoxels: number; included: number } {
  const [nx, ny, nz] = shape;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (ind[i] === 0) continue;
        const p = [x, y, z];
        for (let k = 0; k < 3; k++) { if (p[k] < lo[k]) lo[k] = p[k]; if (p[k] > hi[k]) hi[k] = p[k]; }
      }
    }
  }
  const a = lo.map((v, k) => Math.max(0, v - Math.ceil(marginMm / spacing[k])));
  const b = hi.map((v, k) => Math.min(shape[k] - 1, v + Math.ceil(marginMm / spacing[k])));
  const sub: Vec3 = [b[0] - a[0] + 1, b[1] - a[1] + 1, b[2] - a[2] + 1];
  const subValues = new Float64Array(sub[0] * sub[1] * sub[2]);
  const subInd = new Uint8Array(subValues.length);
  for (let z = 0, o = 0; z < sub[2]; z++) {
    for (let y = 0; y < sub[1]; y++) {
      const row = a[0] + nx * (a[1] + y + ny * (a[2] + z));
      for (let x = 0; x < sub[0]; x++, o++) { subValues[o] = values[row + x]; subInd[o] = ind[row + x]; }
    }
  }
  const { segments, overlap } = supervoxelOverlap(subValues, subInd, sub, spacing);
  const drawn = drawContour(segments, overlap, sub, rng);
  const out = new Uint8Array(ind.length);
  for (let z = 0, o = 0; z < sub[2]; z++) {
    for (let y = 0; y < sub[1]; y++) {
      const row = a[0] + nx * (a[1] + y + ny * (a[2] + z));
      for (let x = 0; x < sub[0]; x++, o++) out[row + x] = drawn.indicator[o];
    }
  }
  return { indicator: out, supervoxels: overlap.labels.length, included: drawn.included };
}
