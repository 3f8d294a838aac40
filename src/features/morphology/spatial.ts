/**
 * Moran's I (N365) and Geary's C (NPT7) of the intensity-mask voxels, with inverse Euclidean
 * distance weights w_ij = 1 / ||x_i - x_j|| (mm) between voxel centres (IBSI 1 manual). Both need
 * three sums over ordered pairs i != j, with z = X_gl - mu:
 *   W = sum w_ij,   S_I = sum w_ij z_i z_j,   S_C = sum w_ij (z_i - z_j)^2,
 *   I = N / W * S_I / sum z^2,   C = (N - 1) / (2 W) * S_C / sum z^2.
 *
 * Two exact methods (both compute these sums; they differ only in rounding):
 * - direct: all N (N - 1) / 2 pairs, weights from a table indexed by |dx|, |dy|, |dz|. O(N^2); used
 *   up to `directSpatialMaxVoxels` voxels (a family parameter).
 * - FFT: the weight depends only on the displacement, so with the kernel K(d) = 1 / ||d|| (K(0) = 0)
 *   and m the mask indicator, W = sum m (K * m), S_I = sum z (K * z), S_C = 2 sum z^2 (K * m) - 2 S_I.
 *   Both linear convolutions come from one complex FFT of m + i z, zero-padded to 2n - 1 per axis
 *   (rounded up to a 2-3-5-smooth length), times the kernel spectrum, which is real because K is even.
 *   O(P log P) for P ~ 8 x box voxels, independent of N^2. Memory is kept near 40 bytes per box voxel:
 *   after the transform along x, x-frequency slabs (CHUNK at a time, as batched transforms) are
 *   transformed in y and z, multiplied and transformed back on their own, and only the kernel
 *   spectrum's non-negative octant is stored.
 *   Rounding: measured against the direct sums, |difference| < 1e-12 in I and C (test/features/
 *   morphology.unit.test.ts); no ApproximateFeature warning is needed for it.
 * One approximation, for boxes whose FFT would need more than `maxFftBytes`:
 * - sampled: pairs within Chebyshev distance NEAR_RADIUS (2 voxels, 124 neighbours) are summed exactly;
 *   the rest are estimated from `samples` ordered pairs drawn uniformly with a fixed-seed PRNG
 *   (deterministic, bit-identical across runs), near and self pairs counting 0:
 *   sum_far f ~ N^2 / M sum_samples f. The standard error of I and C is about 1 / sqrt(M) in
 *   absolute terms. Measured against the exact sums with M = 2^24: a 31,000-voxel ellipsoid with a
 *   smooth-plus-noise field |dI| = 6.7e-5, |dC| = 1.5e-4 (morphology.unit.test.ts); the IBSI CT phantom,
 *   configuration A (~110,000 voxels) |dI| = 2.1e-4, |dC| = 2.4e-4. Cost ~1-2 s for M = 2^24. The
 *   family reports it with an ApproximateFeature warning.
 */
import type { Vec3 } from '../../image/volume.js';
import { mulberry32 } from '../../util/random.js';
import { CompensatedSum } from '../../util/sum.js';
import { fft, fftBatch, fftPlan, nextSmooth, type FftPlan } from '../../util/fft.js';

/** The pair sums and voxel sums both features need. */
export interface SpatialSums {
  /** N_v,gl */
  readonly n: number;
  /** sum over ordered pairs i != j of w_ij. */
  readonly w: number;
  /** sum over ordered pairs of w_ij z_i z_j. */
  readonly moranNumerator: number;
  /** sum over ordered pairs of w_ij (z_i - z_j)^2. */
  readonly gearyNumerator: number;
  /** sum of z^2. */
  readonly sumSquares: number;
  readonly method: 'direct' | 'fft' | 'sampled';
}

export function moranI(s: SpatialSums): number {
  return ((s.n / s.w) * s.moranNumerator) / s.sumSquares;
}

export function gearyC(s: SpatialSums): number {
  return (((s.n - 1) / (2 * s.w)) * s.gearyNumerator) / s.sumSquares;
}

/** The intensity-mask voxels cropped to their own bounding box. */
interface SpatialGrid {
  readonly shape: Vec3;
  /** 1 inside the mask. */
  readonly mask: Uint8Array;
  /** X - mu inside the mask, 0 outside. */
  readonly z: Float64Array;
  readonly n: number;
  readonly sumSquares: number;
}

function spatialGrid(mask: Uint8Array, values: Float64Array, shape: Vec3): SpatialGrid | null {
  const [nx, ny, nz] = shape;
  let x0 = nx;
  let y0 = ny;
  let z0 = nz;
  let x1 = -1;
  let y1 = -1;
  let z1 = -1;
  const mean = new CompensatedSum();
  let n = 0;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        n++;
        mean.add(values[i]);
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
  }
  if (n === 0) return null;
  const mu = mean.value / n;
  const gx = x1 - x0 + 1;
  const gy = y1 - y0 + 1;
  const gz = z1 - z0 + 1;
  const m = new Uint8Array(gx * gy * gz);
  const zv = new Float64Array(gx * gy * gz);
  const ss = new CompensatedSum();
  for (let z = 0; z < gz; z++) {
    for (let y = 0; y < gy; y++) {
      for (let x = 0; x < gx; x++) {
        const i = x + x0 + nx * (y + y0 + ny * (z + z0));
        if (!mask[i]) continue;
        const j = x + gx * (y + gy * z);
        m[j] = 1;
        // A constant ROI gives z = 0 exactly (its mean equals the value when all are equal).
        const d = values[i] - mu;
        zv[j] = d;
        ss.add(d * d);
      }
    }
  }
  return { shape: [gx, gy, gz], mask: m, z: zv, n, sumSquares: ss.value };
}

/**
 * Pair sums for Moran's I and Geary's C over the voxels of `mask` (box, x fastest) with intensities
 * `values` (box), voxel spacing in mm. Direct when N <= maxDirectVoxels, FFT otherwise.
 */
export function spatialSums(mask: Uint8Array, values: Float64Array, shape: Vec3, spacing: Vec3, maxDirectVoxels: number, maxFftBytes = Infinity, samples = 2 ** 24): SpatialSums {
  const g = spatialGrid(mask, values, shape);
  if (g === null) return { n: 0, w: 0, moranNumerator: 0, gearyNumerator: 0, sumSquares: 0, method: 'direct' };
  if (g.n <= maxDirectVoxels) return directSums(g, spacing);
  return fftBytes(g.shape) <= maxFftBytes ? fftSums(g, spacing) : sampledSums(g, spacing, samples);
}

/**
 * Inverse distances 1 / ||(dx sx, dy sy, dz sz)|| for 0 <= d < shape (entry 0 is 0), written into `out`
 * laid out with the row and plane widths of `dims` (default: shape itself, a dense table).
 */
function inverseDistanceTable(shape: Vec3, spacing: Vec3, dims: Vec3 = shape, out = new Float64Array(dims[0] * dims[1] * dims[2])): Float64Array {
  const [nx, ny, nz] = shape;
  const [sx, sy, sz] = spacing;
  const [dx, dy] = dims;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        out[x + dx * (y + dy * z)] = x + y + z === 0 ? 0 : 1 / Math.sqrt((x * sx) ** 2 + (y * sy) ** 2 + (z * sz) ** 2);
      }
    }
  }
  return out;
}

/** Index coordinates (x, y, z) and values of the grid's ROI voxels, in grid order. */
function gridVoxels(g: SpatialGrid): { xs: number[]; ys: number[]; zs: number[]; vs: number[] } {
  const [gx, gy] = g.shape;
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < g.mask.length; i++) {
    if (!g.mask[i]) continue;
    xs.push(i % gx);
    ys.push(Math.floor(i / gx) % gy);
    zs.push(Math.floor(i / (gx * gy)));
    vs.push(g.z[i]);
  }
  return { xs, ys, zs, vs };
}

/** All pairs: O(N^2). Sums over unordered pairs, doubled to ordered ones. */
export function directSums(g: SpatialGrid, spacing: Vec3): SpatialSums {
  const [gx, gy] = g.shape;
  const table = inverseDistanceTable(g.shape, spacing);
  const { xs, ys, zs, vs } = gridVoxels(g);
  const n = xs.length;
  const w = new CompensatedSum();
  const sI = new CompensatedSum();
  const sC = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const xi = xs[i];
    const yi = ys[i];
    const zi = zs[i];
    const vi = vs[i];
    let rw = 0;
    let ri = 0;
    let rc = 0;
    for (let j = i + 1; j < n; j++) {
      const wij = table[Math.abs(xs[j] - xi) + gx * (Math.abs(ys[j] - yi) + gy * Math.abs(zs[j] - zi))];
      const vj = vs[j];
      rw += wij;
      ri += wij * vj;
      const d = vi - vj;
      rc += wij * d * d;
    }
    w.add(2 * rw);
    sI.add(2 * vi * ri);
    sC.add(2 * rc);
  }
  return { n, w: w.value, moranNumerator: sI.value, gearyNumerator: sC.value, sumSquares: g.sumSquares, method: 'direct' };
}

/** x frequencies transformed together in the y and z passes of fftSums (memory 32 CHUNK py pz bytes). */
const CHUNK = 8;

/** Bytes the FFT method allocates for a grid of this shape (for limits and documentation). */
export function fftBytes(shape: Vec3): number {
  const [nx, ny, nz] = shape;
  const px = nextSmooth(2 * nx - 1);
  const py = nextSmooth(2 * ny - 1);
  const pz = nextSmooth(2 * nz - 1);
  const hx = Math.floor(px / 2) + 1;
  const hy = Math.floor(py / 2) + 1;
  const hz = Math.floor(pz / 2) + 1;
  // A (px ny nz complex), the kernel octant, one chunk of CHUNK x-frequency slabs plus its scratch.
  return 16 * px * ny * nz + 8 * Math.max(nx, hx) * Math.max(ny, hy) * Math.max(nz, hz) + 32 * CHUNK * py * pz;
}

/**
 * Kernel spectrum Khat(kx, ky, kz) for 0 <= k <= P/2 on each axis (the rest by symmetry), of the
 * periodic kernel K(d) = 1/||d|| for 0 < |d_a| < n_a, placed at d mod P. K is even along each axis,
 * so Khat = sum_d K(d) prod_a cos(2 pi k_a d_a / P_a): computed separably, axis by axis, by FFTs of
 * the even lines.
 */
function kernelSpectrum(shape: Vec3, spacing: Vec3, periods: Vec3): { data: Float64Array; dims: Vec3 } {
  const [nx, ny, nz] = shape;
  const [px, py, pz] = periods;
  const h: Vec3 = [Math.floor(px / 2) + 1, Math.floor(py / 2) + 1, Math.floor(pz / 2) + 1];
  const dims: Vec3 = [Math.max(nx, h[0]), Math.max(ny, h[1]), Math.max(nz, h[2])];
  const [dx, dy] = dims;
  // K(d) = 1 / ||d|| (mm) for 0 <= d < n, written straight into the (larger) octant array.
  const data = inverseDistanceTable(shape, spacing, dims);
  // Transform axis a: each line holds K at |d| = 0..n_a-1; build the even periodic line, FFT, keep Re[0..h_a).
  const strides: Vec3 = [1, dx, dx * dy];
  const extents = [nx, ny, nz];
  for (let axis = 0; axis < 3; axis++) {
    const p = periods[axis];
    const plan = fftPlan(p);
    if (axis > 0) {
      evenTransformBatched(data, plan, axis as 1 | 2, h, extents, strides);
      continue;
    }
    const re = new Float64Array(p);
    const im = new Float64Array(p);
    const na = extents[axis];
    const ha = h[axis];
    const stride = strides[axis];
    // Lines run over the other two axes, within their current extents (transformed axes: h, others: n).
    const o1 = (axis + 1) % 3;
    const o2 = (axis + 2) % 3;
    const e1 = o1 < axis ? h[o1] : extents[o1];
    const e2 = o2 < axis ? h[o2] : extents[o2];
    for (let b = 0; b < e2; b++) {
      for (let a = 0; a < e1; a++) {
        const base = a * strides[o1] + b * strides[o2];
        re.fill(0);
        im.fill(0);
        re[0] = data[base];
        for (let d = 1; d < na; d++) {
          const v = data[base + d * stride];
          re[d] = v;
          re[p - d] = v;
        }
        fft(plan, re, im);
        for (let k = 0; k < ha; k++) data[base + k * stride] = re[k];
      }
    }
  }
  return { data, dims };
}

/**
 * The y (axis 1) or z (axis 2) pass of kernelSpectrum, as fftBatch over x (already transformed, h[0]
 * values per line, contiguous): the same even lines and transforms as the line-by-line x pass, so the
 * same bits, without gathering each line.
 */
function evenTransformBatched(data: Float64Array, plan: FftPlan, axis: 1 | 2, h: Vec3, extents: readonly number[], strides: Vec3): void {
  const p = plan.n;
  const count = h[0];
  const na = extents[axis];
  const ha = h[axis];
  const stride = strides[axis];
  const other = axis === 1 ? 2 : 1;
  const eo = other < axis ? h[other] : extents[other];
  const re = new Float64Array(p * count);
  const im = new Float64Array(p * count);
  const bufRe = new Float64Array(p * count);
  const bufIm = new Float64Array(p * count);
  for (let c = 0; c < eo; c++) {
    const base = c * strides[other];
    re.fill(0);
    im.fill(0);
    for (let x = 0; x < count; x++) re[x] = data[base + x];
    for (let d = 1; d < na; d++) {
      const row = base + d * stride;
      for (let x = 0; x < count; x++) {
        const v = data[row + x];
        re[d * count + x] = v;
        re[(p - d) * count + x] = v;
      }
    }
    fftBatch(plan, re, im, count, bufRe, bufIm);
    for (let k = 0; k < ha; k++) {
      const row = base + k * stride;
      for (let x = 0; x < count; x++) data[row + x] = re[k * count + x];
    }
  }
}

/**
 * Sums by FFT convolution (see the file comment). A[kx + px (y + ny z)] holds the x transform; then
 * CHUNK x frequencies at a time are gathered into a zero-padded slab S[c + C (y + py z)], transformed
 * in y (per z plane) and z as batched transforms (fftBatch: the transform index innermost, contiguous
 * loops), multiplied by the kernel spectrum, transformed back and written to A; then the inverse x
 * transform gives K * m and K * z at the grid voxels. Memory: A plus one slab (fftBytes).
 */
export function fftSums(g: SpatialGrid, spacing: Vec3): SpatialSums {
  const [nx, ny, nz] = g.shape;
  const px = nextSmooth(2 * nx - 1);
  const py = nextSmooth(2 * ny - 1);
  const pz = nextSmooth(2 * nz - 1);
  const kernel = kernelSpectrum(g.shape, spacing, [px, py, pz]);
  const [kdx, kdy] = kernel.dims;
  const aRe = new Float64Array(px * ny * nz);
  const aIm = new Float64Array(px * ny * nz);
  const planX = fftPlan(px);
  const lineRe = new Float64Array(px);
  const lineIm = new Float64Array(px);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      lineRe.fill(0);
      lineIm.fill(0);
      const src = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        lineRe[x] = g.mask[src + x];
        lineIm[x] = g.z[src + x];
      }
      fft(planX, lineRe, lineIm);
      const dst = px * (y + ny * z);
      aRe.set(lineRe, dst);
      aIm.set(lineIm, dst);
    }
  }
  const planY = fftPlan(py);
  const planZ = fftPlan(pz);
  const slab = CHUNK * py * pz;
  const sRe = new Float64Array(slab);
  const sIm = new Float64Array(slab);
  const bufRe = new Float64Array(slab);
  const bufIm = new Float64Array(slab);
  for (let kx0 = 0; kx0 < px; kx0 += CHUNK) {
    const c = Math.min(CHUNK, px - kx0);
    const plane = c * py;
    const size = plane * pz;
    const re = sRe.subarray(0, size);
    const im = sIm.subarray(0, size);
    re.fill(0);
    im.fill(0);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const src = kx0 + px * (y + ny * z);
        re.set(aRe.subarray(src, src + c), c * (y + py * z));
        im.set(aIm.subarray(src, src + c), c * (y + py * z));
      }
    }
    // y transform of each z plane (c transforms of length py), then z (c py transforms of length pz).
    for (let z = 0; z < nz; z++) fftBatch(planY, re.subarray(plane * z, plane * (z + 1)), im.subarray(plane * z, plane * (z + 1)), c, bufRe, bufIm);
    fftBatch(planZ, re, im, plane, bufRe, bufIm);
    for (let kz = 0; kz < pz; kz++) {
      const fz = kdy * Math.min(kz, pz - kz);
      for (let ky = 0; ky < py; ky++) {
        const krow = kdx * (Math.min(ky, py - ky) + fz);
        const row = plane * kz + c * ky;
        for (let cc = 0; cc < c; cc++) {
          const kx = kx0 + cc;
          const k = kernel.data[krow + Math.min(kx, px - kx)];
          re[row + cc] *= k;
          im[row + cc] *= k;
        }
      }
    }
    fftBatch(planZ, re, im, plane, bufRe, bufIm, true);
    for (let z = 0; z < nz; z++) fftBatch(planY, re.subarray(plane * z, plane * (z + 1)), im.subarray(plane * z, plane * (z + 1)), c, bufRe, bufIm, true);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const dst = kx0 + px * (y + ny * z);
        const src = c * (y + py * z);
        aRe.set(re.subarray(src, src + c), dst);
        aIm.set(im.subarray(src, src + c), dst);
      }
    }
  }
  // Inverse x transform; Re = (K * m), Im = (K * z) at each grid voxel, after dividing by px py pz.
  const norm = 1 / (px * py * pz);
  const w = new CompensatedSum();
  const sI = new CompensatedSum();
  const sQ = new CompensatedSum();
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const base = px * (y + ny * z);
      lineRe.set(aRe.subarray(base, base + px));
      lineIm.set(aIm.subarray(base, base + px));
      fft(planX, lineRe, lineIm, true);
      const src = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        if (!g.mask[src + x]) continue;
        const km = lineRe[x] * norm;
        const kz = lineIm[x] * norm;
        const zv = g.z[src + x];
        w.add(km);
        sI.add(zv * kz);
        sQ.add(zv * zv * km);
      }
    }
  }
  const moranNumerator = sI.value;
  return { n: g.n, w: w.value, moranNumerator, gearyNumerator: 2 * sQ.value - 2 * moranNumerator, sumSquares: g.sumSquares, method: 'fft' };
}

/** Chebyshev radius (voxels) of the exactly summed near field of the sampled method. */
export const NEAR_RADIUS = 2;

/** Exact near field plus fixed-seed Monte-Carlo far field (see the file comment). */
export function sampledSums(g: SpatialGrid, spacing: Vec3, samples: number): SpatialSums {
  const [gx, gy, gz] = g.shape;
  const [sx, sy, sz] = spacing;
  const { xs, ys, zs, vs } = gridVoxels(g);
  const n = xs.length;
  const r = NEAR_RADIUS;
  // Near field: offsets in the forward half of the Chebyshev ball (the other half by symmetry).
  const offsets: [number, number, number, number][] = [];
  for (let dz = -r; dz <= r; dz++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const forward = dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)));
        if (forward) offsets.push([dx, dy, dz, 1 / Math.sqrt((dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2)]);
      }
    }
  }
  const wN = new CompensatedSum();
  const iN = new CompensatedSum();
  const cN = new CompensatedSum();
  for (let k = 0; k < n; k++) {
    const x = xs[k];
    const y = ys[k];
    const z = zs[k];
    const v = vs[k];
    for (const [dx, dy, dz, w] of offsets) {
      const x2 = x + dx;
      const y2 = y + dy;
      const z2 = z + dz;
      if (x2 < 0 || y2 < 0 || z2 < 0 || x2 >= gx || y2 >= gy || z2 >= gz) continue;
      const j = x2 + gx * (y2 + gy * z2);
      if (!g.mask[j]) continue;
      const u = g.z[j];
      wN.add(2 * w);
      iN.add(2 * w * v * u);
      cN.add(2 * w * (v - u) * (v - u));
    }
  }
  // Far field: M ordered pairs, uniform over all N^2; self and near pairs contribute 0.
  // A fixed seed: the same stream, so the same estimate, on every run and platform.
  const next = mulberry32(0x9e3779b9);
  const wF = new CompensatedSum();
  const iF = new CompensatedSum();
  const cF = new CompensatedSum();
  for (let m = 0; m < samples; m++) {
    const a = Math.floor(next() * n);
    const b = Math.floor(next() * n);
    const dx = Math.abs(xs[a] - xs[b]);
    const dy = Math.abs(ys[a] - ys[b]);
    const dz = Math.abs(zs[a] - zs[b]);
    if (dx <= r && dy <= r && dz <= r) continue;
    const w = 1 / Math.sqrt((dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2);
    const d = vs[a] - vs[b];
    wF.add(w);
    iF.add(w * vs[a] * vs[b]);
    cF.add(w * d * d);
  }
  const scale = samples > 0 ? (n * n) / samples : 0;
  return {
    n,
    w: wN.value + scale * wF.value,
    moranNumerator: iN.value + scale * iF.value,
    gearyNumerator: cN.value + scale * cF.value,
    sumSquares: g.sumSquares,
    method: 'sampled',
  };
}
