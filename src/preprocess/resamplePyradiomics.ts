/**
 * PyRadiomics' resampling (imageoperations.resampleImage with SimpleITK's ResampleImageFilter; read, not
 * copied), for config resampling.grid 'pyradiomics' (a deviation from IBSI, in preprocess because it shares the separable evaluation of resample.ts). It differs from the IBSI grid
 * (preprocess/resample.ts) in four ways:
 *
 * 1. Grid. Per axis, with n old voxels of spacing s, new spacing s' (0 or an axis the ROI spans one voxel
 *    along: keep s), ratio q = s / s', the ROI bounding box [L, L + S - 1] (old indices) and padDistance p:
 *      lower  = max(0, floor((L - 0.5) q - p)),  upper = min(ceil(n q) - 1, ceil((L + S - 0.5) q + p))
 *      new voxel i (0 .. upper - lower) lies at old continuous index  0.5 (s' - s) / s + lower / q + i s' / s
 *    i.e. the grid whose corner is the old image's corner, cropped to the padded ROI box. When the new
 *    spacing equals the old (numpy allclose), nothing is interpolated: image and mask are cropped to the ROI
 *    box padded by p voxels.
 * 2. Outside the image: a new voxel centre outside [-0.5, n - 0.5) along any axis is 0, image and mask
 *    (ITK's IsInsideBuffer; the last voxel of the grid can lie there).
 * 3. Interpolators (SimpleITK):
 *      nearest (sitkNearestNeighbor): index floor(c + 0.5);
 *      linear (sitkLinear): neighbours floor(c) and floor(c) + 1, clamped to the image, as ITK computes
 *        it (a + (b - a) d along x, then y, then z);
 *      cubic (sitkBSpline): ITK's BSplineInterpolateImageFunction of order 3: coefficients from
 *        BSplineDecompositionImageFilter over the whole image, along x, then y, then z: gain
 *        (1 - z)(1 - 1/z) with the pole z = sqrt(3) - 2, whole-sample mirror boundaries
 *        (... s2 s1 | s0 s1 ... s_n-1 | s_n-2 ...): causal start c+[0] = sum_{k<18} z^k s[k] (ITK's
 *        tolerance 1e-10: 18 = ceil(ln 1e-10 / ln |z|) terms; the closed form over the period 2n - 2 when
 *        the line is that short), anticausal start c-[n-1] = z / (z^2 - 1) (z c+[n-2] + c+[n-1]);
 *        evaluated with ITK's weights at indices floor(c) - 1 .. floor(c) + 2, mirrored into the line.
 *    The mask always by nearest neighbour (sitkNearestNeighbor on the label map).
 * 4. Pixel type: the output keeps the input's type (SimpleITK SetOutputPixelType(image.GetPixelID())):
 *    an integer image's interpolated values are clamped to the type's range and truncated toward zero.
 *
 * The arithmetic follows ITK's order (prefilter, the 4^3 B-spline terms x fastest, the lerps of the linear
 * interpolator). Differences that remain: ITK maps each new voxel through physical space (origin, direction)
 * and steps along rows incrementally, we compute old indices directly, so positions can differ in the last
 * bits, and the truncation of an integer image can then move a value that lies within rounding of an
 * integer by 1; image and mask must share one grid (ours are checked equal first; PyRadiomics takes the
 * grid from the mask).
 */
import { RadiomicsError } from '../errors.js';
import { createVolume, flatVoxelData, indexToWorld, type Vec3, type Volume, type VoxelData } from '../image/volume.js';
import { evaluate, withRange, type Taps } from './resample.js';

export type PyradiomicsInterpolator = 'nearest' | 'linear' | 'cubic';

export interface PyradiomicsResampleOptions {
  /** New spacing [x, y, z] mm; 0 keeps an axis' spacing (PyRadiomics' in-plane resampling). */
  readonly spacing: Vec3;
  readonly interpolator: PyradiomicsInterpolator;
  /** New voxels kept around the ROI bounding box (PyRadiomics padDistance, default 5). */
  readonly padDistance: number;
}

/** Per axis: the new voxel count, the first new centre and the step, in old indices. */
interface AxisGrid {
  readonly n: number;
  readonly nOut: number;
  readonly start: number;
  readonly step: number;
  readonly spacing: number;
}

/** Voxels beyond those the B-spline taps read over which the prefilter still runs (see resamplePyradiomics). */
const CUBIC_MARGIN = 64;
/** The pole of the cubic B-spline prefilter. */
const POLE = Math.sqrt(3) - 2;
/** ITK BSplineDecompositionImageFilter's default tolerance, which sets the causal start's horizon. */
const ITK_TOLERANCE = 1e-10;

/**
 * Resamples the image and the ROI indicator (1 = ROI, image grid, x fastest) onto PyRadiomics' grid (see the
 * file comment). Returns the new image (same voxel type as the input) and the new 0/1 mask.
 */
export function resamplePyradiomics(image: Volume, roi: Uint8Array, options: PyradiomicsResampleOptions): { image: Volume; mask: Uint8Array } {
  const fn = 'resamplePyradiomics';
  const [nx, ny, nz] = image.shape;
  if (roi.length !== nx * ny * nz) throw new RadiomicsError('InvalidArgument', `${fn}: the ROI indicator has ${roi.length} voxels, the image ${nx * ny * nz}`, { key: 'roi' });
  const pad = options.padDistance;
  if (!Number.isInteger(pad) || pad < 0) throw new RadiomicsError('InvalidArgument', `${fn}: padDistance must be an integer >= 0, got ${pad}`, { key: 'padDistance' });
  const box = roiBox(roi, image.shape);
  if (box === null) throw new RadiomicsError('EmptyMask', `${fn}: the ROI is empty`, {});
  // 0, and axes the ROI spans one voxel along, keep the old spacing.
  const spacing = [0, 1, 2].map((a) => (options.spacing[a] === 0 || box.size[a] === 1 ? image.spacing[a] : options.spacing[a]));
  const data = flatVoxelData(image);
  const same = spacing.every((s, a) => Math.abs(image.spacing[a] - s) <= 1e-8 + 1e-5 * Math.abs(s));
  const grids = [0, 1, 2].map((a) => (same ? cropAxis(image.shape[a], image.spacing[a], box.lower[a], box.size[a], pad) : gridAxis(image.shape[a], image.spacing[a], spacing[a], box.lower[a], box.size[a], pad))) as [AxisGrid, AxisGrid, AxisGrid];
  const [mx, my, mz] = grids.map((g) => g.nOut);
  const origin = indexToWorld(image, grids.map((g) => g.start) as unknown as Vec3);
  const geometry = { shape: [mx, my, mz] as Vec3, spacing: grids.map((g) => g.spacing) as unknown as Vec3, origin, direction: image.direction };

  const out = sameType(data, mx * my * mz);
  const store = storer(out);
  const sink = (y: number, z: number, row: Float64Array): void => {
    const base = mx * (y + my * z);
    for (let x = 0; x < mx; x++) store(base + x, row[x]);
  };
  const interpolator = same ? 'nearest' : options.interpolator;
  if (interpolator === 'cubic') {
    // The prefilter runs over the voxels the taps read plus CUBIC_MARGIN on each side (clipped to the image):
    // a recursion start that far away changes a coefficient by |z|^64 ~ 1e-37 of it, below double precision,
    // so this equals ITK's whole-image filter and costs the ROI's size, not the image's.
    const taps = grids.map(cubicTaps) as [Taps, Taps, Taps];
    const from = taps.map((t) => Math.max(0, t.lo - CUBIC_MARGIN));
    const to = taps.map((t, a) => Math.min(image.shape[a] - 1, t.hi + CUBIC_MARGIN));
    const sub = [0, 1, 2].map((a) => to[a] - from[a] + 1) as unknown as Vec3;
    const coefficients = itkBSplineCoefficients(cropData(data, image.shape, from, sub), sub);
    itkBSplineEvaluate(coefficients, sub, taps.map((t, a) => shiftTaps(t, from[a])) as [Taps, Taps, Taps], store);
  } else if (interpolator === 'linear') {
    itkTrilinear(data, image.shape, grids, store);
  } else {
    evaluate(data, image.shape, grids.map(nearestTaps) as [Taps, Taps, Taps], sink);
  }
  const mask = new Uint8Array(mx * my * mz);
  evaluate(roi, image.shape, grids.map(nearestTaps) as [Taps, Taps, Taps], (y, z, row) => {
    const base = mx * (y + my * z);
    for (let x = 0; x < mx; x++) mask[base + x] = row[x] > 0.5 ? 1 : 0;
  });
  return { image: createVolume({ data: out, ...geometry }), mask };
}

function roiBox(roi: Uint8Array, shape: Vec3): { lower: number[]; size: number[] } | null {
  const [nx, ny, nz] = shape;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!roi[i]) continue;
        if (x < lo[0]) lo[0] = x;
        if (x > hi[0]) hi[0] = x;
        if (y < lo[1]) lo[1] = y;
        if (y > hi[1]) hi[1] = y;
        if (z < lo[2]) lo[2] = z;
        if (z > hi[2]) hi[2] = z;
      }
    }
  }
  if (hi[0] < 0) return null;
  return { lower: lo, size: hi.map((h, a) => h - lo[a] + 1) };
}

/** PyRadiomics' new grid along one axis (file comment, 1). */
function gridAxis(n: number, s: number, sNew: number, lower: number, size: number, pad: number): AxisGrid {
  const q = s / sNew; // spacingRatio
  const lo = Math.max(0, Math.floor((lower - 0.5) * q - pad));
  const hi = Math.min(Math.ceil(n * q) - 1, Math.ceil((lower + size - 0.5) * q + pad));
  return { n, nOut: hi - lo + 1, start: (0.5 * (sNew - s)) / s + lo / q, step: sNew / s, spacing: sNew };
}

/** No interpolation: the ROI box padded by `pad` voxels, clipped to the image (cropToTumorMask). */
function cropAxis(n: number, s: number, lower: number, size: number, pad: number): AxisGrid {
  const lo = Math.max(0, lower - pad);
  const hi = Math.min(n - 1, lower + size - 1 + pad);
  return { n, nOut: hi - lo + 1, start: lo, step: 1, spacing: s };
}

/** Whether a new centre lies within the image buffer [-0.5, n - 0.5) (ITK IsInsideBuffer). */
function inside(g: AxisGrid, c: number): boolean {
  return c >= -0.5 && c < g.n - 0.5;
}

function nearestTaps(g: AxisGrid): Taps {
  const index = new Int32Array(g.nOut);
  const weight = new Float64Array(g.nOut);
  for (let i = 0; i < g.nOut; i++) {
    const c = g.start + i * g.step;
    if (!inside(g, c)) continue;
    index[i] = Math.min(g.n - 1, Math.max(0, Math.floor(c + 0.5)));
    weight[i] = 1;
  }
  return withRange(1, index, weight);
}

/** Per new voxel along one axis: lower and upper neighbour and the distance d, or -1 outside the image buffer. */
function linearAxis(g: AxisGrid): { lo: Int32Array; hi: Int32Array; d: Float64Array } {
  const lo = new Int32Array(g.nOut).fill(-1);
  const hi = new Int32Array(g.nOut);
  const d = new Float64Array(g.nOut);
  for (let i = 0; i < g.nOut; i++) {
    const c = g.start + i * g.step;
    if (!inside(g, c)) continue;
    // ITK LinearInterpolateImageFunction: base = floor(c) clamped to the start; a distance <= 0 or a
    // neighbour past the end leaves the base value alone (d = 0, upper = base).
    const base = Math.max(0, Math.floor(c));
    const t = c - base;
    lo[i] = base;
    hi[i] = t > 0 && base + 1 <= g.n - 1 ? base + 1 : base;
    d[i] = t > 0 ? t : 0;
  }
  return { lo, hi, d };
}

/**
 * ITK's trilinear interpolation in its own arithmetic (LinearInterpolateImageFunction::EvaluateOptimized):
 * lerps a + (b - a) d along x, then y, then z, so equal neighbours give their value exactly (an integer
 * image is then not truncated to the integer below by rounding noise).
 */
function itkTrilinear(data: VoxelData, shape: Vec3, grids: readonly [AxisGrid, AxisGrid, AxisGrid], store: (i: number, v: number) => void): void {
  const [nx, ny] = shape;
  const [ax, ay, az] = grids.map(linearAxis);
  const [mx, my, mz] = grids.map((g) => g.nOut);
  const at = (x: number, y: number, z: number) => data[x + nx * (y + ny * z)];
  for (let z = 0, o = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      for (let x = 0; x < mx; x++, o++) {
        if (ax.lo[x] < 0 || ay.lo[y] < 0 || az.lo[z] < 0) {
          store(o, 0);
          continue;
        }
        const [x0, x1, dx] = [ax.lo[x], ax.hi[x], ax.d[x]];
        const [y0, y1, dy] = [ay.lo[y], ay.hi[y], ay.d[y]];
        const plane = (zz: number) => {
          const v00 = at(x0, y0, zz);
          const vx0 = v00 + (at(x1, y0, zz) - v00) * dx;
          const v01 = at(x0, y1, zz);
          const vx1 = v01 + (at(x1, y1, zz) - v01) * dx;
          return vx0 + (vx1 - vx0) * dy;
        };
        const p0 = plane(az.lo[z]);
        store(o, az.d[z] > 0 ? p0 + (plane(az.hi[z]) - p0) * az.d[z] : p0);
      }
    }
  }
}

/** The box [from, from + size) of a volume of `shape`, x fastest. */
function cropData(data: VoxelData, shape: Vec3, from: readonly number[], size: Vec3): Float64Array {
  const [nx, ny] = shape;
  const out = new Float64Array(size[0] * size[1] * size[2]);
  for (let z = 0, o = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      const base = from[0] + nx * (from[1] + y + ny * (from[2] + z));
      for (let x = 0; x < size[0]; x++, o++) out[o] = data[base + x];
    }
  }
  return out;
}

/** Taps with their source indices moved by -offset (into a crop that starts at offset). */
function shiftTaps(t: Taps, offset: number): Taps {
  // Zero-weight taps (new voxels outside the image) point at 0, which every crop holds.
  return { ...t, index: t.index.map((i, k) => (t.weight[k] === 0 ? 0 : i - offset)), lo: t.lo - offset, hi: t.hi - offset };
}

/** ITK's whole-sample mirror of index k into [0, n - 1] (BSplineInterpolateImageFunction ApplyMirrorBoundaryConditions). */
function mirror(k: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let m = k < 0 ? -k : k;
  m %= period;
  return m >= n ? period - m : m;
}

function cubicTaps(g: AxisGrid): Taps {
  const index = new Int32Array(4 * g.nOut);
  const weight = new Float64Array(4 * g.nOut);
  for (let i = 0; i < g.nOut; i++) {
    const c = g.start + i * g.step;
    if (!inside(g, c)) continue;
    // ITK DetermineRegionOfSupport floors the index as a float32; SetInterpolationWeights, order 3.
    const i1 = Math.floor(Math.fround(c));
    const w = c - i1;
    const w3 = (1 / 6) * w * w * w;
    const w0 = 1 / 6 + 0.5 * w * (w - 1) - w3;
    const w2 = w + w0 - 2 * w3;
    const w1 = 1 - w0 - w2 - w3;
    const ws = [w0, w1, w2, w3];
    for (let k = 0; k < 4; k++) {
      index[4 * i + k] = mirror(i1 - 1 + k, g.n);
      weight[4 * i + k] = ws[k];
    }
  }
  return withRange(4, index, weight);
}

/**
 * The B-spline sum as ITK's EvaluateAtContinuousIndexInternal adds it: over the 4^3 support points with x
 * fastest, w = wx wy wz (in that order), value += w c. A voxel outside the buffer (zero weights) is 0.
 */
function itkBSplineEvaluate(c: Float64Array, shape: Vec3, taps: readonly [Taps, Taps, Taps], store: (i: number, v: number) => void): void {
  const [nx, ny] = shape;
  const [tx, ty, tz] = taps;
  const mx = tx.index.length / 4;
  const my = ty.index.length / 4;
  const mz = tz.index.length / 4;
  for (let z = 0, o = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      for (let x = 0; x < mx; x++, o++) {
        if (tx.weight[4 * x] === 0 && tx.weight[4 * x + 1] === 0 && tx.weight[4 * x + 2] === 0 && tx.weight[4 * x + 3] === 0) {
          store(o, 0);
          continue;
        }
        let value = 0;
        for (let k = 0; k < 4; k++) {
          const wz = tz.weight[4 * z + k];
          const zi = tz.index[4 * z + k];
          for (let j = 0; j < 4; j++) {
            const wy = ty.weight[4 * y + j];
            const base = nx * (ty.index[4 * y + j] + ny * zi);
            for (let i = 0; i < 4; i++) {
              let w = 1.0;
              w *= tx.weight[4 * x + i];
              w *= wy;
              w *= wz;
              value += w * c[base + tx.index[4 * x + i]];
            }
          }
        }
        store(o, value);
      }
    }
  }
}

/** ITK BSplineDecompositionImageFilter (order 3) over the whole image, axis x, then y, then z. */
export function itkBSplineCoefficients(data: ArrayLike<number>, shape: Vec3): Float64Array {
  const [nx, ny, nz] = shape;
  const c = Float64Array.from(data as ArrayLike<number>);
  const line = new Float64Array(Math.max(nx, ny, nz));
  const axes: [number, number, number[]][] = [
    [nx, 1, []],
    [ny, nx, []],
    [nz, nx * ny, []],
  ];
  for (let a = 0; a < 3; a++) {
    const [n, stride] = axes[a];
    if (n === 1) continue;
    for (let z = 0; z < (a === 2 ? 1 : nz); z++) {
      for (let y = 0; y < (a === 1 ? 1 : ny); y++) {
        for (let x = 0; x < (a === 0 ? 1 : nx); x++) {
          const base = x + nx * (y + ny * z);
          for (let k = 0; k < n; k++) line[k] = c[base + k * stride];
          itkPrefilterLine(line, n);
          for (let k = 0; k < n; k++) c[base + k * stride] = line[k];
        }
      }
    }
  }
  return c;
}

/** ITK DataToCoefficients1D for one pole, mirror boundaries (file comment, 3), in place on line[0 .. n-1]. */
export function itkPrefilterLine(line: Float64Array, n: number): void {
  if (n === 1) return;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  for (let k = 0; k < n; k++) line[k] *= gain;
  // Causal start (SetInitialCausalCoefficient).
  const horizon = Math.ceil(Math.log(ITK_TOLERANCE) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    let sum = line[0];
    for (let k = 1; k < horizon; k++) {
      sum += zn * line[k];
      zn *= z;
    }
    line[0] = sum;
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = Math.pow(z, n - 1);
    let sum = line[0] + z2n * line[n - 1];
    z2n *= z2n * iz;
    for (let k = 1; k <= n - 2; k++) {
      sum += (zn + z2n) * line[k];
      zn *= z;
      z2n *= iz;
    }
    line[0] = sum / (1 - zn * zn);
  }
  for (let k = 1; k < n; k++) line[k] += z * line[k - 1];
  // Anticausal start (SetInitialAntiCausalCoefficient).
  line[n - 1] = (z / (z * z - 1)) * (z * line[n - 2] + line[n - 1]);
  for (let k = n - 2; k >= 0; k--) line[k] = z * (line[k + 1] - line[k]);
}

/** A new array of the input's type (SimpleITK keeps the pixel type). */
function sameType(data: VoxelData, length: number): VoxelData {
  const Ctor = data.constructor as new (n: number) => VoxelData;
  return new Ctor(length);
}

/** Stores a Float64 value as SimpleITK casts it: integers clamped to the type's range and truncated toward zero. */
function storer(out: VoxelData): (i: number, v: number) => void {
  if (out instanceof Float32Array || out instanceof Float64Array) return (i, v) => (out[i] = v);
  const [lo, hi] = INTEGER_RANGES.get(out.constructor) as [number, number];
  return (i, v) => (out[i] = v <= lo ? lo : v >= hi ? hi : Math.trunc(v));
}

const INTEGER_RANGES = new Map<unknown, [number, number]>([
  [Int8Array, [-128, 127]],
  [Uint8Array, [0, 255]],
  [Int16Array, [-32768, 32767]],
  [Uint16Array, [0, 65535]],
  [Int32Array, [-(2 ** 31), 2 ** 31 - 1]],
  [Uint32Array, [0, 2 ** 32 - 1]],
]);
