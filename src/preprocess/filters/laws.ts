import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import { convolveSeparable } from './convolve.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';
import { poolInto, rotatedKernelSets } from './rotation.js';

/**
 * Laws kernels (IBSI 2 manual, "Laws kernels", after Laws 1980 and Suzuki & Shibata), each normalised
 * to unit L2 norm (the IBSI 2 convention): L = level, E = edge, S = spot, W = wave, R = ripple.
 */
const LAWS_RAW: Readonly<Record<string, readonly number[]>> = {
  L3: [1, 2, 1],
  E3: [-1, 0, 1],
  S3: [-1, 2, -1],
  L5: [1, 4, 6, 4, 1],
  E5: [-1, -2, 0, 2, 1],
  S5: [-1, 0, 2, 0, -1],
  W5: [-1, 2, 0, -2, 1],
  R5: [1, -4, 6, -4, 1],
};
export const LAWS_KERNEL_NAMES = Object.keys(LAWS_RAW);

export interface LawsFilterOptions {
  /** 2 (2D) or 3 (3D) kernel names; the first filters along x, the second along y, the third along z. */
  readonly kernels: string;
  readonly rotationInvariant: boolean;
  /** Texture energy: mean of |response| over a (2 delta + 1)^d neighbourhood; null returns the response. */
  readonly energyDelta: number | null;
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
}

/** Splits "E5L5S5" into normalised 1D kernels; throws on an unknown name or the wrong count. */
export function lawsKernels(names: string, dims: FilterDims): Float64Array[] {
  const parts = names.toUpperCase().match(/[LESWR][35]/g) ?? [];
  const d = dims === '3D' ? 3 : 2;
  if (parts.join('') !== names.toUpperCase() || parts.length !== d || !parts.every((p) => p in LAWS_RAW)) {
    throw new RadiomicsError('InvalidArgument', `Laws kernels must be ${d} of ${LAWS_KERNEL_NAMES.join(', ')} for a ${dims} filter, got "${names}"`, { kernels: names, dims });
  }
  return parts.map((p) => {
    const raw = LAWS_RAW[p];
    const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0));
    return Float64Array.from(raw, (v) => v / norm);
  });
}

/**
 * Laws filter: separable convolution with the kernel outer product; with rotation invariance the
 * response is max-pooled over the 24 (3D) or 4 (2D) right-angle rotations of the kernel (IBSI 2 tests
 * 3.a.2, 3.b.2, 3.c.2). The energy map is computed after pooling: |response| smoothed by a mean filter
 * of support 2 delta + 1 with the same boundary condition (tests 3.a.3, 3.b.3, 3.c.3).
 */
export function lawsFilter(image: Volume, o: LawsFilterOptions): Volume<Float64Array> {
  const factors = lawsKernels(o.kernels, o.dims);
  const input = float64Voxels(image);
  let pooled: Float64Array | null = null;
  for (const [set] of rotatedKernelSets([factors], o.rotationInvariant)) {
    const response = convolveSeparable(input, image.shape, [set[0], set[1], set[2] ?? null], o.boundary);
    if (pooled === null) pooled = response;
    else poolInto(pooled, response, 'max');
  }
  let out = pooled as Float64Array;
  if (o.energyDelta !== null) {
    const delta = o.energyDelta;
    if (!Number.isInteger(delta) || delta < 0) throw new RadiomicsError('InvalidArgument', `Laws energy delta must be a non-negative integer, got ${delta}`, { delta });
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(out[i]);
    const k = new Float64Array(2 * delta + 1).fill(1 / (2 * delta + 1));
    out = convolveSeparable(out, image.shape, [k, k, o.dims === '3D' ? k : null], o.boundary);
  }
  return responseVolume(image, out);
}
