import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import { convolveSeparable } from './convolve.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';

export interface LogFilterOptions {
  /** Gaussian scale sigma in mm. */
  readonly sigma: number;
  /** The kernel is cut at truncate * sigma (IBSI 2 tests: 4). */
  readonly truncate: number;
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
}

/**
 * Laplacian of Gaussian (IBSI 2 manual, "Laplacian of Gaussian"):
 *   h(x) = -1/sigma^2 (2 pi sigma^2)^(-d/2) (d - |x|^2 / sigma^2) exp(-|x|^2 / (2 sigma^2)),
 * sampled at voxel centres in VOXEL units, as the reference maps are (test 2.a: the centre of the 255
 * impulse response is -6.40 = 255 h(0) with sigma = 1.5 voxels). Support per axis a: 1 + 2 floor(truncate
 * sigma_a + 0.5) voxels, sigma_a = sigma / spacing_a (MIRP's rule; IBSI 2 tests use truncate = 4).
 * Exactly separable: h = sum_a h2_a(x_a) prod_{b != a} g_b(x_b), with g_b the sampled 1D Gaussian and
 * h2_a = (x_a^2/sigma^4 - 1/sigma^2) g_a, so the filter is d separable convolutions (d^2 1D passes).
 * Anisotropic voxels: the kernel is the physical (mm) LoG times the squared smallest spacing, which for
 * isotropic voxels is the voxel-unit kernel above. (MIRP instead uses one voxel sigma, sigma / min
 * spacing, on every axis; the IBSI 2 phantoms are isotropic, so the two agree on every reference map.)
 */
export function logFilter(image: Volume, o: LogFilterOptions): Volume<Float64Array> {
  const d = o.dims === '3D' ? 3 : 2;
  const { gauss, second } = logKernels(image.spacing, o, d);
  const input = float64Voxels(image);
  const out = new Float64Array(input.length);
  for (let a = 0; a < d; a++) {
    const kernels: (Float64Array | null)[] = [null, null, null];
    for (let b = 0; b < d; b++) kernels[b] = b === a ? second[b] : gauss[b];
    const term = convolveSeparable(input, image.shape, kernels, o.boundary);
    for (let i = 0; i < out.length; i++) out[i] += term[i];
  }
  return responseVolume(image, out);
}

/** Half-width in voxels of the LoG kernel per filtered axis, floor(truncate sigma / spacing_a + 0.5): known before any kernel is allocated. */
export function logKernelRadii(spacing: readonly number[], o: Pick<LogFilterOptions, 'sigma' | 'truncate'>, d: number): number[] {
  return spacing.slice(0, d).map((sa) => Math.floor((o.truncate * o.sigma) / sa + 0.5));
}

/** The 1D factors g_a (Gaussian) and h2_a (second-derivative term) of the LoG kernel, per filtered axis. */
export function logKernels(spacingAll: readonly number[], o: LogFilterOptions, d: number): { gauss: Float64Array[]; second: Float64Array[] } {
  if (!(o.sigma > 0) || !(o.truncate > 0)) throw new RadiomicsError('InvalidArgument', `LoG sigma and truncate must be positive, got ${o.sigma}, ${o.truncate}`, { sigma: o.sigma, truncate: o.truncate });
  const spacing = spacingAll.slice(0, d);
  const sMin = Math.min(...spacing);
  const s2 = o.sigma * o.sigma;
  const gauss: Float64Array[] = [];
  const second: Float64Array[] = [];
  const radii = logKernelRadii(spacingAll, o, d);
  for (let a = 0; a < d; a++) {
    const sa = spacing[a];
    const r = radii[a];
    const g = new Float64Array(2 * r + 1);
    const h = new Float64Array(2 * r + 1);
    for (let n = -r; n <= r; n++) {
      const x2 = (n * sa) ** 2;
      const gv = (sa / (Math.sqrt(2 * Math.PI) * o.sigma)) * Math.exp(-x2 / (2 * s2));
      g[n + r] = gv;
      h[n + r] = sMin * sMin * (x2 / (s2 * s2) - 1 / s2) * gv;
    }
    gauss.push(g);
    second.push(h);
  }
  return { gauss, second };
}
