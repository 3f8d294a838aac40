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
 *   and m the mask indicator, W = <m, K * m>, S_I = <z, K * z>, S_C = 2 <z^2, K * m> - 2 S_I (<f, g> =
 *   sum over voxels of f g). Zero-padded to 2n - 1 per axis (rounded up to a 2-3-5-smooth length), the
 *   linear convolutions equal circular ones, and by Parseval's theorem <f, K * g> = (1 / P) sum_k
 *   Khat(k) F(k) conj G(k) over the P frequencies: no transform back. Khat is real (K is even) and
 *   m, z, z^2 are real, so half the x frequencies suffice (the others are conjugates): three real
 *   fields cost 1.5 complex 3D transforms. O(P log P) for P ~ 8 x box voxels, independent of N^2.
 *   Memory is kept near 40 bytes per box voxel (fftBytes): after the transform along x, x-frequency slabs (CHUNK
 *   at a time, as batched transforms) are transformed in y and z and summed on their own, two fields
 *   at a time (m with z^2, then z), and only the kernel spectrum's non-negative octant is stored.
 *   Rounding: measured against the direct sums, |difference| < 1e-12 in I and C (test/features/
 *   morphology.unit.test.ts; ~1e-15 on 3,000-300,000-voxel ellipsoids); no ApproximateFeature
 *   warning is needed for it.
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
import { maskBox } from '../../image/maskBox.js';
import type { Vec3 } from '../../image/volume.js';
import { mulberry32 } from '../../util/random.js';
import { forwardNeighbourhood } from '../directions.js';
import { CompensatedSum } from '../../util/sum.js';
import { fftBatch, fftPlan, nextSmooth, type FftPlan } from '../../util/fft.js';

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
  // The voxel loops live in helpers (see fftSums).
  const { x0, y0, z0, x1, y1, z1, count: n } = maskBox(mask, shape);
  if (n === 0) return null;
  const mean = new CompensatedSum();
  addMasked(mask, values, mean);
  const mu = mean.value / n;
  const gx = x1 - x0 + 1;
  const gy = y1 - y0 + 1;
  const gz = z1 - z0 + 1;
  const m = new Uint8Array(gx * gy * gz);
  const zv = new Float64Array(gx * gy * gz);
  const ss = new CompensatedSum();
  cropCentred(mask, values, shape, mu, x0, y0, z0, gx, gy, gz, m, zv, ss);
  return { shape: [gx, gy, gz], mask: m, z: zv, n, sumSquares: ss.value };
}

/** Adds values[i] to `sum` for the voxels of `mask`, in order. */
function addMasked(mask: Uint8Array, values: Float64Array, sum: CompensatedSum): void {
  for (let i = 0; i < mask.length; i++) if (mask[i]) sum.add(values[i]);
}

/**
 * The box (x0, y0, z0) + [0, gx) x [0, gy) x [0, gz) of mask and values into m (1 inside the mask)
 * and z (values - mu inside, 0 outside); adds z^2 over the mask to `sumSquares`.
 */
function cropCentred(mask: Uint8Array, values: Float64Array, shape: Vec3, mu: number, x0: number, y0: number, z0: number, gx: number, gy: number, gz: number, m: Uint8Array, zv: Float64Array, sumSquares: CompensatedSum): void {
  const [nx, ny] = shape;
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
        sumSquares.add(d * d);
      }
    }
  }
}

/**
 * Pair sums for Moran's I and Geary's C over the voxels of `mask` (box, x fastest) with intensities
 * `values` (box), voxel spacing in mm. Direct when N <= maxDirectVoxels, FFT otherwise.
 */
export function spatialSums(mask: Uint8Array, values: Float64Array, shape: Vec3, spacing: Vec3, maxDirectVoxels: number, maxFftBytes = Infinity, samples = 2 ** 24): SpatialSums {
  return combineSpatialParts([spatialSumsPart(mask, values, shape, spacing, maxDirectVoxels, maxFftBytes, samples, 0, 1)]);
}

/** What spatialSumsPart gives: the whole sums (direct, sampled; part 0), an FFT part, or nothing (null). */
export type SpatialPart = SpatialSums | FftPart | null;

/**
 * A share of spatialSums' work, for threads to split it (extractParallel), `part` of `parts` (its FftPart):
 * the FFT method's pass 1 (m with z^2: 2 of its 3 fields) goes to the first ceil(parts / 2) parts, pass 2
 * (z) to the rest, each pass's x-frequency chunks split evenly between its parts. Two parts are the two
 * passes: no transform is done twice, only the grid and the kernel spectrum (measured at 300k voxels:
 * ~0.65 and ~0.4 of the whole). Three parts are pass 1 halved and pass 2, about equal; a pass split by
 * chunks repeats that pass's x transforms. The direct and sampled methods are one piece, which part 0
 * does (the others give null). combineSpatialParts of all parts, in order, gives spatialSums' bits for any
 * `parts`.
 */
export function spatialSumsPart(mask: Uint8Array, values: Float64Array, shape: Vec3, spacing: Vec3, maxDirectVoxels: number, maxFftBytes: number, samples: number, part: number, parts: number): SpatialPart {
  const g = spatialGrid(mask, values, shape);
  if (g === null) return part === 0 ? { n: 0, w: 0, moranNumerator: 0, gearyNumerator: 0, sumSquares: 0, method: 'direct' } : null;
  if (g.n <= maxDirectVoxels) return part === 0 ? directSums(g, spacing) : null;
  if (fftBytes(g.shape) > maxFftBytes) return part === 0 ? sampledSums(g, spacing, samples) : null;
  const chunks = fftChunks(g.shape);
  if (parts === 1) return fftPart(g, spacing, 0, chunks);
  // Parts 0 .. mqParts - 1 share pass 1 (m with z^2, ~2/3 of the work), the others pass 2 (z), each pass's chunks split evenly.
  const mqParts = Math.ceil(parts / 2);
  const [k, of, pass] = part < mqParts ? [part, mqParts, 'mq' as const] : [part - mqParts, parts - mqParts, 'z' as const];
  return fftPart(g, spacing, Math.floor((chunks * k) / of), Math.floor((chunks * (k + 1)) / of), pass);
}

/** spatialSums from all of spatialSumsPart's parts, in part order. */
export function combineSpatialParts(parts: readonly SpatialPart[]): SpatialSums {
  const whole = parts.find((p): p is SpatialSums => p !== null && 'method' in p);
  if (whole !== undefined) return whole;
  return combineFftParts(parts.filter((p): p is FftPart => p !== null));
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
  // Two half spectra in x (hx ny nz complex each), the kernel octant, two slabs of CHUNK x frequencies,
  // the scratch of the y and z batches, and the batch of x lines (with scratch).
  return 32 * hx * ny * nz + 8 * Math.max(nx, hx) * Math.max(ny, hy) * Math.max(nz, hz) + 32 * CHUNK * py * pz + 16 * Math.max(CHUNK * py, Math.max(16, Math.floor(2 ** 15 / pz)) * pz) + 32 * LINES * px;
}

/**
 * Kernel spectrum Khat(kx, ky, kz) for 0 <= k <= P/2 on each axis (the rest by symmetry), of the
 * periodic kernel K(d) = 1/||d|| for 0 < |d_a| < n_a, placed at d mod P. K is even along each axis,
 * so Khat = sum_d K(d) prod_a cos(2 pi k_a d_a / P_a): computed separably, axis by axis, by FFTs of
 * the even lines. The transform of a real even line is real, so two lines go through one complex
 * transform, one as the real part and one as the imaginary part, and come out in the same places.
 */
function kernelSpectrum(shape: Vec3, spacing: Vec3, periods: Vec3): { data: Float64Array; dims: Vec3 } {
  const h: Vec3 = [Math.floor(periods[0] / 2) + 1, Math.floor(periods[1] / 2) + 1, Math.floor(periods[2] / 2) + 1];
  const dims: Vec3 = [Math.max(shape[0], h[0]), Math.max(shape[1], h[1]), Math.max(shape[2], h[2])];
  // K(d) = 1 / ||d|| (mm) for 0 <= d < n, written straight into the (larger) octant array.
  const data = inverseDistanceTable(shape, spacing, dims);
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  // Axis a transforms the lines along a; the axes before it hold h values, the ones after n.
  for (let axis = 0; axis < 3; axis++) {
    const extent = (b: number) => (b < axis ? h[b] : shape[b]);
    const others = [0, 1, 2].filter((b) => b !== axis);
    const lineStarts: number[] = [];
    for (let j = 0; j < extent(others[1]); j++) for (let i = 0; i < extent(others[0]); i++) lineStarts.push(i * strides[others[0]] + j * strides[others[1]]);
    evenLineTransforms(data, lineStarts, strides[axis], shape[axis], h[axis], fftPlan(periods[axis]));
  }
  return { data, dims };
}

/** Lines of `data` (start, stride) batched together in the kernel and x passes: memory 32 LINES p bytes. */
const LINES = 16;

/**
 * In place: each line (values at start + d stride, 0 <= d < n) is extended evenly to period p
 * (v[p - d] = v[d]) and replaced by the first h values of its transform, which is real. Lines go
 * through fftBatch LINES at a time, two per transform (real part, imaginary part).
 */
function evenLineTransforms(data: Float64Array, starts: readonly number[], stride: number, n: number, h: number, plan: FftPlan): void {
  const p = plan.n;
  const re = new Float64Array(p * LINES);
  const im = new Float64Array(p * LINES);
  const bufRe = new Float64Array(p * LINES);
  const bufIm = new Float64Array(p * LINES);
  for (let first = 0; first < starts.length; first += 2 * LINES) {
    const lines = Math.min(2 * LINES, starts.length - first);
    const count = (lines + 1) >> 1;
    re.fill(0);
    im.fill(0);
    for (let l = 0; l < lines; l++) {
      const part = l & 1 ? im : re;
      const b = l >> 1;
      const start = starts[first + l];
      part[b] = data[start];
      for (let d = 1; d < n; d++) {
        const v = data[start + d * stride];
        part[d * count + b] = v;
        part[(p - d) * count + b] = v;
      }
    }
    fftBatch(plan, re, im, count, bufRe, bufIm);
    for (let l = 0; l < lines; l++) {
      const part = l & 1 ? im : re;
      const b = l >> 1;
      const start = starts[first + l];
      for (let k = 0; k < h; k++) data[start + k * stride] = part[k * count + b];
    }
  }
}

/**
 * x transforms of real rows (length nx, zero-padded to period px), keeping frequencies of
 * 0 <= kx < hx (the rest are conjugates: real input). Two real rows share one complex transform:
 * `load(pair, re, im)` writes the first row of the pair into `re` and the second into `im`; with
 * F = FFT(a + i b), A(k) = (F(k) + conj F(-k)) / 2 and B(k) = (F(k) - conj F(-k)) / 2i are stored as
 * row `rowA(pair)` of outA and row `rowB(pair)` of outB (rowB -1: no second row), in chunk blocks:
 * only the frequencies kxLo <= kx < kxHi are kept (kxLo a multiple of CHUNK); those kx0 .. kx0 + c - 1
 * of one chunk (kx0 a multiple of CHUNK, c = min(CHUNK, kxHi - kx0)) of all `rows` rows are one
 * contiguous block at (kx0 - kxLo) rows, element [kx - kx0 + c row]. yzChunks then
 * reads a chunk as one sequential run instead of a few values from each of the rows, a cache miss each
 * (measured: the gather took ~12 ms per field at 300k, latency-bound).
 * Transforms are batched LINES at a time (element x of pair t at [x LINES + t]).
 */
function xHalfSpectra(
  plan: FftPlan,
  nx: number,
  kxLo: number,
  kxHi: number,
  rows: number,
  pairs: number,
  load: (pair: number, re: Float64Array, im: Float64Array, t: number, count: number) => void,
  rowA: (pair: number) => number,
  rowB: (pair: number) => number,
  outA: readonly [Float64Array, Float64Array],
  outB: readonly [Float64Array, Float64Array],
): void {
  const px = plan.n;
  const re = new Float64Array(px * LINES);
  const im = new Float64Array(px * LINES);
  const bufRe = new Float64Array(px * LINES);
  const bufIm = new Float64Array(px * LINES);
  const [aRe, aIm] = outA;
  const [bRe, bIm] = outB;
  for (let p0 = 0; p0 < pairs; p0 += LINES) {
    const count = Math.min(LINES, pairs - p0);
    // Rows x >= nx are the padding: fftBatch (inputRows nx) never reads them.
    re.fill(0, 0, nx * count);
    im.fill(0, 0, nx * count);
    for (let t = 0; t < count; t++) load(p0 + t, re, im, t, count);
    fftBatch(plan, re, im, count, bufRe, bufIm, false, count, nx);
    for (let t = 0; t < count; t++) {
      const ra = rowA(p0 + t);
      const rb = rowB(p0 + t);
      for (let kx0 = kxLo; kx0 < kxHi; kx0 += CHUNK) {
        const c = Math.min(CHUNK, kxHi - kx0);
        const oa = (kx0 - kxLo) * rows + c * ra;
        for (let k = kx0, o = oa; k < kx0 + c; k++, o++) {
          const f = k * count + t;
          const g = (k === 0 ? 0 : px - k) * count + t;
          aRe[o] = 0.5 * (re[f] + re[g]);
          aIm[o] = 0.5 * (im[f] - im[g]);
        }
        if (rb < 0) continue;
        const ob = (kx0 - kxLo) * rows + c * rb;
        for (let k = kx0, o = ob; k < kx0 + c; k++, o++) {
          const f = k * count + t;
          const g = (k === 0 ? 0 : px - k) * count + t;
          bRe[o] = 0.5 * (im[f] + im[g]);
          bIm[o] = 0.5 * (re[g] - re[f]);
        }
      }
    }
  }
}

/**
 * The y and z transforms of CHUNK x frequencies at a time, for one or two fields held as x half
 * spectra (xHalfSpectra): each field's chunk of frequencies kx0 .. kx0 + c - 1 copied into a
 * zero-padded slab S[cc + c (y + py z)], transformed in y (per z plane) and in z as batched transforms
 * (fftBatch: the transform index innermost, contiguous loops). `visit` then reads the slabs of each
 * chunk. `slabs`: one pair of CHUNK py pz arrays per field, reused by each call. Chunks from `kxLo` (a
 * multiple of CHUNK) up to `kxHi`; a field holds those frequencies only. (Taking the Parseval sums of
 * each z batch while it is in cache instead was measured ~2% slower: smaller batches.)
 */
function yzChunks(
  fields: readonly [Float64Array, Float64Array][],
  shape: Vec3,
  kxLo: number,
  kxHi: number,
  planY: FftPlan,
  planZ: FftPlan,
  slabs: readonly [Float64Array, Float64Array][],
  visit: (kx0: number, c: number, slabs: readonly [Float64Array, Float64Array][]) => void,
): void {
  const [, ny, nz] = shape;
  const py = planY.n;
  const pz = planZ.n;
  const columns = Math.max(16, Math.floor(2 ** 15 / pz)); // data + scratch of a z batch <= 1 MiB
  const bufRe = new Float64Array(Math.max(CHUNK * py, columns * pz));
  const bufIm = new Float64Array(bufRe.length);
  for (let kx0 = kxLo; kx0 < kxHi; kx0 += CHUNK) {
    const c = Math.min(CHUNK, kxHi - kx0);
    const plane = c * py;
    const size = plane * pz;
    const views = slabs.slice(0, fields.length).map(([r, i]) => [r.subarray(0, size), i.subarray(0, size)] as [Float64Array, Float64Array]);
    for (let f = 0; f < fields.length; f++) {
      const [re, im] = views[f];
      gatherSlab(fields[f], views[f], kx0 - kxLo, c, ny, nz, py);
      // y transform of each z plane (c transforms of length py), then z (c py transforms of length pz).
      for (let z = 0; z < nz; z++) fftBatch(planY, re.subarray(plane * z, plane * (z + 1)), im.subarray(plane * z, plane * (z + 1)), c, bufRe, bufIm, false, c, ny);
      // z transforms, `columns` at a time (fftBatch's stride) so that each batch stays in cache.
      for (let b0 = 0; b0 < plane; b0 += columns) fftBatch(planZ, re.subarray(b0), im.subarray(b0), Math.min(columns, plane - b0), bufRe, bufIm, false, plane, nz);
    }
    visit(kx0, c, views);
  }
}

/**
 * The chunk of x frequencies kx0 .. kx0 + c - 1 of an x half spectrum (its block, [cc + c (y + ny z)],
 * see xHalfSpectra; kx0 counted from the first frequency the half spectrum holds) into the slab
 * [cc + c (y + py z)] for y < ny, z < nz: each z plane of the block is one contiguous copy. The rest of
 * the slab is the zero padding, which the y and z transforms never read (their inputRows are ny and
 * nz), so it is not written.
 */
function gatherSlab([aRe, aIm]: readonly [Float64Array, Float64Array], [re, im]: readonly [Float64Array, Float64Array], kx0: number, c: number, ny: number, nz: number, py: number): void {
  const plane = c * py;
  const run = c * ny;
  const block = kx0 * ny * nz;
  for (let z = 0; z < nz; z++) {
    re.set(aRe.subarray(block + run * z, block + run * (z + 1)), plane * z);
    im.set(aIm.subarray(block + run * z, block + run * (z + 1)), plane * z);
  }
}

/**
 * One chunk's share of the Parseval sums: per z frequency kz, sum Kw |F|^2 into outFF[kz] and
 * sum Kw Re(G conj F) into outGF[kz], over the slab [cc + c (ky + py kz)] of x frequencies
 * kx0 .. kx0 + c - 1, with Kw the kernel octant (rows of kdx, planes of kdx kdy; already weighted for
 * the conjugate x frequencies) at (kx, min(ky, py - ky), min(kz, pz - kz)). combineFftParts adds them up.
 */
function parsevalSums(
  kernel: Float64Array,
  kdx: number,
  kdy: number,
  kx0: number,
  c: number,
  py: number,
  pz: number,
  [fr, fi]: readonly [Float64Array, Float64Array],
  [gr, gi]: readonly [Float64Array, Float64Array],
  outFF: Float64Array,
  outGF: Float64Array,
): void {
  const plane = c * py;
  for (let kz = 0; kz < pz; kz++) {
    const fz = kdy * Math.min(kz, pz - kz);
    let ff = 0;
    let gf = 0;
    for (let ky = 0; ky < py; ky++) {
      const krow = kdx * (Math.min(ky, py - ky) + fz) + kx0;
      const base = plane * kz + c * ky;
      for (let cc = 0; cc < c; cc++) {
        const k = kernel[krow + cc];
        const i = base + cc;
        ff += k * (fr[i] * fr[i] + fi[i] * fi[i]);
        gf += k * (gr[i] * fr[i] + gi[i] * fi[i]);
      }
    }
    outFF[kz] = ff;
    outGF[kz] = gf;
  }
}

/** parsevalSums for one field (g = f): sum Kw |F|^2 into outFF, in the same order, so the same bits. */
function parsevalSquares(kernel: Float64Array, kdx: number, kdy: number, kx0: number, c: number, py: number, pz: number, [fr, fi]: readonly [Float64Array, Float64Array], outFF: Float64Array): void {
  const plane = c * py;
  for (let kz = 0; kz < pz; kz++) {
    const fz = kdy * Math.min(kz, pz - kz);
    let ff = 0;
    for (let ky = 0; ky < py; ky++) {
      const krow = kdx * (Math.min(ky, py - ky) + fz) + kx0;
      const base = plane * kz + c * ky;
      for (let cc = 0; cc < c; cc++) {
        const i = base + cc;
        ff += kernel[krow + cc] * (fr[i] * fr[i] + fi[i] * fi[i]);
      }
    }
    outFF[kz] = ff;
  }
}

/** Largest z^2. */
function maxSquare(z: Float64Array): number {
  let max = 0;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i] * z[i]);
  return max;
}

/** Doubles the kernel octant (rows of kdx) at x frequencies 0 < kx < px / 2: each also stands for its conjugate px - kx. */
function countConjugates(kernel: Float64Array, kdx: number, hx: number, px: number): void {
  for (let i = 0; i < kernel.length; i += kdx) {
    for (let kx = 1; kx < hx; kx++) if (2 * kx !== px) kernel[i + kx] *= 2;
  }
}

/**
 * One part of fftSums' work (extractParallel runs the parts on different threads): the Parseval sums
 * of the x-frequency chunks kxLo .. kxHi - 1, one value per chunk and z frequency kz (chunk-major, pz
 * values per chunk), before the compensated additions and the normalisation, which
 * combineFftParts does in the order one loop over all chunks would.
 */
export interface FftPart {
  readonly n: number;
  readonly sumSquares: number;
  /** 1 / P, P the padded grid's voxels. */
  readonly norm: number;
  /** The power of two z^2 was scaled by. */
  readonly qScale: number;
  /** Per chunk and kz: sum Kw |M|^2 (W), sum Kw Re(Q conj M) (<z^2, K m>), sum Kw |Z|^2 (S_I). */
  readonly w: Float64Array;
  readonly q: Float64Array;
  readonly i: Float64Array;
}

/** fftSums' two passes: m with z^2 (W and <z^2, K m>), and z (S_I); a part may do one of them. */
export type FftPasses = 'both' | 'mq' | 'z';

/** The x-frequency chunks of fftSums for a grid of this shape (CHUNK frequencies each, the last maybe fewer). */
function fftChunks(shape: Vec3): number {
  return Math.ceil((Math.floor(nextSmooth(2 * shape[0] - 1) / 2) + 1) / CHUNK);
}

/**
 * Sums by Parseval's theorem (see the file comment): for real fields f, g on the padded grid of P
 * voxels and the even kernel K, sum f (K * g) = (1 / P) sum_k Khat(k) Re(F(k) conj G(k)). With real
 * input, F(-k) = conj F(k), so the sum runs over the x half spectrum 0 <= kx <= px / 2, the terms of
 * 0 < kx < px / 2 counted twice. Two passes keep two fields in memory at a time: m and z^2 give
 * W = <m, K m> and <z^2, K m>; then z gives S_I = <z, K z>. Transforms: 1.5 times one complex 3D FFT
 * of the padded grid (three real fields at half cost each), and none back. The loops live in the
 * helpers: a loop here would make V8 compile this whole function, helpers inlined, on the fly (OSR),
 * again on several of the first calls (measured: up to 100-140 ms of compiler time per compilation).
 */
export function fftSums(g: SpatialGrid, spacing: Vec3): SpatialSums {
  return combineFftParts([fftPart(g, spacing, 0, fftChunks(g.shape))]);
}

/**
 * fftSums' work for the x-frequency chunks first .. last - 1 and the pass(es) `passes` only: a part
 * transforms all x rows of its pass(es) (each x transform is the same whatever the part keeps), then its
 * own chunks in y and z. A pass not done leaves its sums empty.
 */
function fftPart(g: SpatialGrid, spacing: Vec3, first: number, last: number, passes: FftPasses = 'both'): FftPart {
  const shape = g.shape;
  const [nx, ny, nz] = shape;
  const px = nextSmooth(2 * nx - 1);
  const py = nextSmooth(2 * ny - 1);
  const pz = nextSmooth(2 * nz - 1);
  const hx = Math.floor(px / 2) + 1;
  const kxLo = Math.min(hx, CHUNK * first);
  const kxHi = Math.min(hx, CHUNK * last);
  const kernel = kernelSpectrum(shape, spacing, [px, py, pz]);
  const [kdx, kdy] = kernel.dims;
  const planX = fftPlan(px);
  const planY = fftPlan(py);
  const planZ = fftPlan(pz);
  // z^2 shares its x transforms with m (real and imaginary part), so the rounding of both follows the
  // larger: scaled by a power of two (exact) to a maximum near 1 like m, W keeps its precision.
  const qMax = maxSquare(g.z);
  const qScale = qMax > 0 ? 2 ** -Math.ceil(Math.log2(qMax)) : 1;
  const { mask, z: zv } = g;
  const rows = ny * nz;
  const half = (kxHi - kxLo) * ny * nz;
  const fields = passes === 'z' ? 1 : 2;
  const spectra = Array.from({ length: fields }, () => [new Float64Array(half), new Float64Array(half)] as [Float64Array, Float64Array]);
  const slabs = spectra.map(() => [new Float64Array(CHUNK * py * pz), new Float64Array(CHUNK * py * pz)] as [Float64Array, Float64Array]);
  countConjugates(kernel.data, kdx, hx, px);
  const chunks = Math.max(0, last - first);
  const sums = (pass: FftPasses) => new Float64Array(passes === 'both' || passes === pass ? chunks * pz : 0);
  const w = sums('mq');
  const q = sums('mq');
  const i = sums('z');
  const at = (kx0: number) => ((kx0 - kxLo) / CHUNK) * pz;
  if (passes !== 'z') {
    // Pass 1: row r of m (real part) with row r of z^2 (imaginary part).
    const loadMaskAndSquares = (r: number, re: Float64Array, im: Float64Array, t: number, count: number) => {
      for (let x = 0, i = r * nx; x < nx; x++, i++) {
        re[x * count + t] = mask[i];
        im[x * count + t] = zv[i] * zv[i] * qScale;
      }
    };
    xHalfSpectra(planX, nx, kxLo, kxHi, rows, rows, loadMaskAndSquares, (r) => r, (r) => r, spectra[0], spectra[1]);
    const parseval = (kx0: number, c: number, [mh, qh]: readonly [Float64Array, Float64Array][]) =>
      parsevalSums(kernel.data, kdx, kdy, kx0, c, py, pz, mh, qh, w.subarray(at(kx0), at(kx0) + pz), q.subarray(at(kx0), at(kx0) + pz));
    yzChunks(spectra, shape, kxLo, kxHi, planY, planZ, slabs, parseval);
  }
  if (passes !== 'mq') {
    // Pass 2: rows 2p and 2p + 1 of z.
    const loadRowsOfZ = (p: number, re: Float64Array, im: Float64Array, t: number, count: number) => {
      for (let x = 0, i = 2 * p * nx; x < nx; x++, i++) re[x * count + t] = zv[i];
      if (2 * p + 1 < rows) for (let x = 0, i = (2 * p + 1) * nx; x < nx; x++, i++) im[x * count + t] = zv[i];
    };
    xHalfSpectra(planX, nx, kxLo, kxHi, rows, Math.ceil(rows / 2), loadRowsOfZ, (p) => 2 * p, (p) => (2 * p + 1 < rows ? 2 * p + 1 : -1), spectra[0], spectra[0]);
    const squares = (kx0: number, c: number, [zh]: readonly [Float64Array, Float64Array][]) =>
      parsevalSquares(kernel.data, kdx, kdy, kx0, c, py, pz, zh, i.subarray(at(kx0), at(kx0) + pz));
    yzChunks([spectra[0]], shape, kxLo, kxHi, planY, planZ, slabs, squares);
  }
  return { n: g.n, sumSquares: g.sumSquares, norm: 1 / (px * py * pz), qScale, w, q, i };
}

/**
 * The sums from parts covering the chunks in order (fftPart(g, s, 0, a), fftPart(g, s, a, b), ...):
 * one compensated addition per chunk and z frequency, in chunk order, so any split gives the bits of
 * one part over all chunks.
 */
function combineFftParts(parts: readonly FftPart[]): SpatialSums {
  const w = new CompensatedSum();
  const sQ = new CompensatedSum();
  const sI = new CompensatedSum();
  for (const p of parts) addAll(p, w, sQ, sI);
  const { n, sumSquares, norm, qScale } = parts[0];
  const moranNumerator = sI.value * norm;
  const sumQ = (sQ.value * norm) / qScale;
  return { n, w: w.value * norm, moranNumerator, gearyNumerator: 2 * sumQ - 2 * moranNumerator, sumSquares, method: 'fft' };
}

/** Adds a part's sums (any of them may be empty: a pass the part did not do), each in order. */
function addAll(p: FftPart, w: CompensatedSum, sQ: CompensatedSum, sI: CompensatedSum): void {
  for (let k = 0; k < p.w.length; k++) w.add(p.w[k]);
  for (let k = 0; k < p.q.length; k++) sQ.add(p.q[k]);
  for (let k = 0; k < p.i.length; k++) sI.add(p.i[k]);
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
  const offsets = forwardNeighbourhood(r, true).map(([dx, dy, dz]) => [dx, dy, dz, 1 / Math.sqrt((dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2)] as const);
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
